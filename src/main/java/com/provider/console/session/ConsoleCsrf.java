package com.provider.console.session;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * CSRF protection of every console form: a POST (or any unsafe method) under {@code /console} must carry the
 * session's token, as the form field {@value #FIELD} or the header {@value #HEADER} (which htmx sends on every
 * request of a page); otherwise it is refused with 403 and changes nothing. The token is random per session and
 * travels inside the signed, HTTP-only session cookie, so another site can neither read nor forge it. The login
 * form, which has no session yet, carries the token of an HTTP-only login cookie instead (double submit).
 */
public class ConsoleCsrf {

    public static final String FIELD = "csrf";
    public static final String HEADER = "X-CSRF-Token";
    static final String LOGIN_COOKIE = "aftersale-login";

    @WithFormRead
    @ServerRequestFilter
    public Optional<Response> check(ResteasyReactiveContainerRequestContext request, RoutingContext rc) {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                || !rc.normalizedPath().startsWith(ConsoleSessions.PATH)) {
            return Optional.empty();
        }
        String expected = rc.normalizedPath().equals(ConsoleAuthentication.LOGIN_PAGE)
                ? loginToken(rc).orElse(null)
                : ConsoleAuthentication.session(rc).map(ConsoleSessions.Session::csrfToken).orElse(null);
        String given = request.getHeaderString(HEADER);
        if (given == null) {
            Object field = ((ResteasyReactiveRequestContext) request.getServerRequestContext())
                    .getFormParameter(FIELD, true, false);
            given = field == null ? null : field.toString();
        }
        if (expected == null || given == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_PLAIN_TYPE + ";charset=UTF-8")
                    .entity("This form is out of date or did not come from the console: reload the page and try again."
                            + " / 表单已过期或不是来自控制台：请刷新页面后重试。").build());
        }
        return Optional.empty();
    }

    /** The login form's token: the one in the login cookie, if the browser has it. */
    public static Optional<String> loginToken(RoutingContext rc) {
        Cookie cookie = rc.request().getCookie(LOGIN_COOKIE);
        return cookie == null || cookie.getValue().isEmpty() ? Optional.empty() : Optional.of(cookie.getValue());
    }

    /** A new login token from {@code sessions}, set as the login cookie of the response. */
    public static String newLoginToken(RoutingContext rc, ConsoleSessions sessions) {
        String value = sessions.newToken();
        boolean secure = sessions.secureCookie();
        rc.response().addCookie(Cookie.cookie(LOGIN_COOKIE, value).setPath(ConsoleAuthentication.LOGIN_PAGE)
                .setHttpOnly(true).setSecure(secure).setSameSite(CookieSameSite.STRICT));
        return value;
    }
}
