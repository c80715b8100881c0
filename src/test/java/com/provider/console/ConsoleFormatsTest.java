package com.provider.console;

import com.provider.console.view.ConsoleView;
import com.provider.console.view.Formats;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Money in yuan exactly from fen, times in Asia/Shanghai, the language from Accept-Language. */
class ConsoleFormatsTest {

    @Test
    void fenBecomeYuanExactlyEvenAtTheEndsOfLong() {
        assertEquals("¥259.00", Formats.yuan(25900L));
        assertEquals("¥0.05", Formats.yuan(5L));
        assertEquals("-¥0.05", Formats.yuan(-5L));
        assertEquals("-¥12.30", Formats.yuan(-1230L));
        assertEquals("¥0.00", Formats.yuan(0L));
        assertEquals("¥92233720368547758.07", Formats.yuan(Long.MAX_VALUE));
        assertEquals("-¥92233720368547758.08", Formats.yuan(Long.MIN_VALUE));
        // 2^53 + 1 fen: a double would round it
        assertEquals("¥90071992547409.93", Formats.yuan(9007199254740993L));
        assertEquals("", Formats.yuan(null));
    }

    @Test
    void timesAreShownInShanghai() {
        assertEquals("2026-11-30 20:05:09", Formats.time(OffsetDateTime.parse("2026-11-30T12:05:09Z")));
        assertEquals("2023-04-21 00:00:00", Formats.unix(1682006400L));
        assertEquals("2021-09-26 19:57:56", Formats.millis(1632657476410L));
        assertEquals("", Formats.time(null));
        assertEquals("", Formats.unix(null));
    }

    @Test
    void chineseUnlessEnglishIsPreferred() {
        assertEquals("zh-CN", ConsoleView.language(null));
        assertEquals("zh-CN", ConsoleView.language("fr-FR,de"));
        assertEquals("zh-CN", ConsoleView.language("zh-CN,zh;q=0.9,en;q=0.8"));
        assertEquals("en", ConsoleView.language("en-US,en;q=0.9"));
        assertEquals("en", ConsoleView.language("fr, en-GB;q=0.8, zh;q=0.5"));
        assertEquals("zh-CN", ConsoleView.language("en;q=0.1, zh-TW;q=0.2"));
        assertEquals("zh-CN", ConsoleView.language("en;q=bad, zh"));
    }
}
