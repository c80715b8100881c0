package com.provider.console.rest;

import com.provider.common.security.LoginAttempts;
import com.provider.console.session.ConsoleAuthentication;
import com.provider.console.session.ConsoleCsrf;
import com.provider.console.session.ConsoleSessions;
import com.provider.console.view.ConsoleMessages;
import com.provider.console.view.ConsoleView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;

/**
 * The console's login form and logout. Signing in checks the name and password like HTTP Basic does (the same
 * accounts, the same login throttle per address), then opens a session: a signed, HTTP-only, same-site cookie.
 */
@Path("/console")
@PermitAll
public class LoginPage {

    private static final Logger LOG = Logger.getLogger(LoginPage.class);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String lang, String token, String error);
    }

    private final ConsoleSessions sessions;
    private final ConsoleAuthentication authentication;
    private final IdentityProviderManager identities;
    private final LoginAttempts logins;

    public LoginPage(ConsoleSessions sessions, ConsoleAuthentication authentication, IdentityProviderManager identities,
                     LoginAttempts logins) {
        this.sessions = sessions;
        this.authentication = authentication;
        this.identities = identities;
        this.logins = logins;
    }

    @GET
    public Response home() {
        return Response.seeOther(AuditsPage.HOME).build();
    }

    @GET
    @Path("/login")
    @Produces(MediaType.TEXT_HTML)
    public Response form(RoutingContext rc) {
        if (ConsoleAuthentication.session(rc).isPresent()) {
            return Response.seeOther(AuditsPage.HOME).build();
        }
        return page(rc, Response.Status.OK, null);
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> login(@RestForm String username, @RestForm String password, RoutingContext rc) {
        String address = LoginAttempts.address(rc.request());
        var blocked = logins.blockedSeconds(address);
        if (blocked.isPresent()) {
            return Uni.createFrom().item(Response.fromResponse(page(rc, Response.Status.TOO_MANY_REQUESTS,
                    messages(rc).login_blocked(blocked.get()))).header("Retry-After", blocked.get()).build());
        }
        if (username == null || password == null) {
            return Uni.createFrom().item(page(rc, Response.Status.OK, messages(rc).login_failed()));
        }
        var request = new UsernamePasswordAuthenticationRequest(username.trim(),
                new PasswordCredential(password.toCharArray()));
        return identities.authenticate(request)
                .map(identity -> {
                    logins.succeeded(address);
                    String operator = identity.getPrincipal().getName();
                    LOG.infof("console: %s signed in", operator);
                    ConsoleSessions.Session session = sessions.open(operator, System.currentTimeMillis() / 1000);
                    rc.response().addCookie(authentication.cookie(session));
                    return Response.seeOther(AuditsPage.HOME).build();
                })
                .onFailure(AuthenticationFailedException.class).recoverWithItem(failed -> {
                    logins.failed(address, "console");
                    return page(rc, Response.Status.OK, messages(rc).login_failed());
                });
    }

    @POST
    @Path("/logout")
    public Response logout(RoutingContext rc) {
        rc.response().addCookie(ConsoleAuthentication.expired(sessions.secureCookie()));
        return Response.seeOther(URI.create(ConsoleAuthentication.LOGIN_PAGE)).build();
    }

    private Response page(RoutingContext rc, Response.Status status, String error) {
        String lang = ConsoleView.language(rc.request().getHeader("Accept-Language"));
        String token = ConsoleCsrf.loginToken(rc).orElseGet(() -> ConsoleCsrf.newLoginToken(rc, sessions));
        TemplateInstance page = Templates.login(lang, token, error)
                .setLocale(ConsoleView.locale(lang));
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page).build();
    }

    private static ConsoleMessages messages(RoutingContext rc) {
        return ConsoleView.messages(ConsoleView.language(rc.request().getHeader("Accept-Language")));
    }
}
