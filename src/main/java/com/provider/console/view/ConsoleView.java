package com.provider.console.view;

import com.provider.common.security.OperatorRole;
import com.provider.console.session.ConsoleAuthentication;
import com.provider.console.session.ConsoleSessions;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/**
 * What every console page needs to know about its request: who is signed in and whether they may act, the
 * session's CSRF token for its forms, the language to show (from Accept-Language: Chinese unless English is
 * preferred), and which part of the console it is.
 */
public record ConsoleView(String operator, String role, boolean auditor, String csrf, String lang, String nav) {

    public static final Locale CHINESE = Locale.forLanguageTag("zh-CN");

    public static ConsoleView of(SecurityIdentity identity, RoutingContext rc, String nav) {
        String csrf = ConsoleAuthentication.session(rc).map(ConsoleSessions.Session::csrfToken).orElse("");
        boolean auditor = identity.hasRole(OperatorRole.AUDITOR_ROLE);
        return new ConsoleView(identity.isAnonymous() ? "" : identity.getPrincipal().getName(),
                auditor ? OperatorRole.AUDITOR_ROLE : OperatorRole.VIEWER_ROLE, auditor, csrf,
                language(rc.request().getHeader("Accept-Language")), nav);
    }

    /** The page in this view's language. */
    public TemplateInstance render(TemplateInstance page) {
        return page.setLocale(locale());
    }

    public Locale locale() {
        return locale(lang);
    }

    /** The console's words in this view's language, for messages built in Java. */
    public ConsoleMessages messages() {
        return messages(lang);
    }

    public static ConsoleMessages messages(String lang) {
        return lang.equals("en") ? MessageBundles.get(ConsoleMessages.class, Localized.Literal.of("en"))
                : MessageBundles.get(ConsoleMessages.class);
    }

    /** The locale of a language {@link #language} chose. */
    public static Locale locale(String lang) {
        return lang.equals("en") ? Locale.ENGLISH : CHINESE;
    }

    /**
     * {@code en} when the highest-weighted language of {@code acceptLanguage} that the console has is English,
     * {@code zh-CN} otherwise (also when the header is absent or names neither).
     */
    public static String language(String acceptLanguage) {
        if (acceptLanguage == null) {
            return "zh-CN";
        }
        double best = -1;
        String chosen = "zh-CN";
        for (String range : acceptLanguage.split(",")) {
            String[] parts = range.trim().split(";");
            String tag = parts[0].trim().toLowerCase(Locale.ROOT);
            double weight = 1;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim();
                if (parameter.startsWith("q=")) {
                    try {
                        weight = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        weight = 0;
                    }
                }
            }
            String language = tag.equals("en") || tag.startsWith("en-") ? "en"
                    : tag.equals("zh") || tag.startsWith("zh-") ? "zh-CN" : null;
            if (language != null && weight > best) {
                best = weight;
                chosen = language;
            }
        }
        return chosen;
    }
}
