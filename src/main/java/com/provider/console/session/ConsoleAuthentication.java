package com.provider.console.session;

import com.provider.common.security.OperatorAccounts;
import com.provider.common.security.OperatorIdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.Set;

/**
 * Who is signed in to the console: the operator of a valid session cookie ({@link ConsoleSessions}), looked up
 * in the accounts again. Selected for {@code /console} by {@code auth-mechanism=console}; HTTP Basic is not
 * accepted there, so credentials a browser cached for {@code /api} never act on a console page. A request
 * without a valid session is sent to the login page (an htmx request is told where to go instead).
 */
@ApplicationScoped
public class ConsoleAuthentication implements HttpAuthenticationMechanism {

    public static final String SCHEME = "console";
    public static final String LOGIN_PAGE = ConsoleSessions.PATH + "/login";
    /** Where the request's session is kept for the CSRF check and the pages. */
    static final String SESSION = ConsoleAuthentication.class.getName() + ".session";

    private final ConsoleSessions sessions;
    private final OperatorAccounts accounts;

    public ConsoleAuthentication(ConsoleSessions sessions, OperatorAccounts accounts) {
        this.sessions = sessions;
        this.accounts = accounts;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext rc, IdentityProviderManager identityProviderManager) {
        Cookie cookie = rc.request().getCookie(ConsoleSessions.COOKIE);
        if (cookie == null || !rc.normalizedPath().startsWith(ConsoleSessions.PATH)) {
            return Uni.createFrom().nullItem();
        }
        long now = System.currentTimeMillis() / 1000;
        Optional<ConsoleSessions.Session> session = sessions.read(cookie.getValue(), now);
        Optional<OperatorAccounts.Operator> operator = session.flatMap(s -> accounts.find(s.operator()));
        if (operator.isEmpty()) {
            rc.response().addCookie(expired(sessions.secureCookie()));
            return Uni.createFrom().nullItem();
        }
        rc.put(SESSION, session.get());
        sessions.refreshed(session.get(), now).ifPresent(later -> rc.response().addCookie(cookie(later)));
        return Uni.createFrom().item(OperatorIdentityProvider.identity(operator.get()));
    }

    /** The session of this request, once {@link #authenticate} found one. */
    public static Optional<ConsoleSessions.Session> session(RoutingContext rc) {
        return Optional.ofNullable(rc.get(SESSION));
    }

    /** The cookie that carries {@code session}: HTTP-only, same-site strict, Secure outside dev mode and tests. */
    public Cookie cookie(ConsoleSessions.Session session) {
        return Cookie.cookie(ConsoleSessions.COOKIE, sessions.write(session)).setPath(ConsoleSessions.PATH)
                .setHttpOnly(true).setSecure(sessions.secureCookie()).setSameSite(CookieSameSite.STRICT);
    }

    /** The cookie that ends a session in the browser. */
    public static Cookie expired(boolean secure) {
        return Cookie.cookie(ConsoleSessions.COOKIE, "").setPath(ConsoleSessions.PATH).setMaxAge(0)
                .setHttpOnly(true).setSecure(secure).setSameSite(CookieSameSite.STRICT);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext rc) {
        if (rc.request().getHeader("HX-Request") != null) {
            // htmx swaps a 302's target into the page; it follows HX-Redirect with a full navigation instead
            return Uni.createFrom().item(new ChallengeData(401, "HX-Redirect", LOGIN_PAGE));
        }
        return Uni.createFrom().item(new ChallengeData(302, "Location", LOGIN_PAGE));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext rc) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.COOKIE,
                ConsoleSessions.COOKIE, SCHEME));
    }
}
