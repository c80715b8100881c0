package com.provider.common.security;

import com.provider.common.rest.ApiError;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Locale;
import java.util.Optional;

/**
 * Two guards in front of the operator API ({@code /api}):
 * <ul>
 * <li>Failed logins are slowed down ({@link LoginAttempts}, counted with the console's login form): an address
 * with too many recent failures is answered 429 with {@code Retry-After}, even with the right password. This runs before authentication (whose
 * handler has route order -200), so a refused address costs no password check.</li>
 * <li>Every POST must declare {@code Content-Type: application/json} (415 otherwise). A page on another site
 * can make a browser that holds the operator's cached Basic credentials submit a form (urlencoded, multipart or
 * text/plain need no CORS preflight), but it cannot send JSON without the preflight this service never allows:
 * so no form can make a decision (CSRF). This runs after authentication and authorisation (order -100), so an
 * anonymous caller still gets the 401 challenge.</li>
 * </ul>
 */
@ApplicationScoped
public class OperatorApiGuard {

    private static final String API = "/api/*";
    private static final int BEFORE_AUTHENTICATION = -250;
    private static final int AFTER_AUTHORISATION = -90;

    private final LoginAttempts logins;

    public OperatorApiGuard(LoginAttempts logins) {
        this.logins = logins;
    }

    void install(@Observes Router router) {
        router.route(API).order(BEFORE_AUTHENTICATION).handler(this::throttleLogins);
        router.route(API).order(AFTER_AUTHORISATION).handler(this::requireJsonPosts);
    }

    private void throttleLogins(RoutingContext rc) {
        String address = LoginAttempts.address(rc.request());
        Optional<Long> blocked = logins.blockedSeconds(address);
        if (blocked.isPresent()) {
            long seconds = blocked.get();
            rc.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
            answer(rc, 429, "Too Many Requests",
                    "too many failed logins from this address; try again in " + seconds + " s");
            return;
        }
        boolean credentialsSent = rc.request().getHeader(HttpHeaders.AUTHORIZATION) != null;
        if (credentialsSent) {
            rc.addHeadersEndHandler(done -> {
                int status = rc.response().getStatusCode();
                if (status == 401) {
                    logins.failed(address, "operator API");
                } else if (status < 400) {
                    logins.succeeded(address);
                }
            });
        }
        rc.next();
    }

    private void requireJsonPosts(RoutingContext rc) {
        if (rc.request().method() == HttpMethod.POST && !isJson(rc.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            answer(rc, 415, "Unsupported Media Type",
                    "POST requests to the operator API must be sent as Content-Type: application/json");
            return;
        }
        rc.next();
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim();
        return type.toLowerCase(Locale.ROOT).equals("application/json");
    }

    private static void answer(RoutingContext rc, int status, String error, String message) {
        rc.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.encode(new ApiError(status, error, message)));
    }
}
