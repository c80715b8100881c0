package com.provider.console.rest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A call's body is shown indented but otherwise exactly as received. */
class InboxPrettyBodyTest {

    @Test
    void numbersKeepTheirDigitsAndARepeatedKeyStaysRepeated() {
        String pretty = InboxPage.pretty("{\"a\":9223372036854775807,\"b\":1.10,\"c\":1e3,\"a\":\"again\",\"d\":[1,{}]}");
        assertTrue(pretty.contains("\"a\" : 9223372036854775807"), pretty);
        assertTrue(pretty.contains("\"b\" : 1.10"), pretty);
        assertTrue(pretty.contains("\"c\" : 1e3"), pretty);
        assertTrue(pretty.contains("\"a\" : \"again\""), pretty);
        assertTrue(pretty.lines().count() > 5, pretty);
    }

    @Test
    void aBodyThatIsNotJsonIsShownAsItIs() {
        assertEquals("{\"order_id\": 1,,}", InboxPage.pretty("{\"order_id\": 1,,}"));
        assertEquals("<xml/>", InboxPage.pretty("<xml/>"));
    }
}
