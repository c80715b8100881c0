package com.provider.douyin.client;

import java.util.Map;

import static com.provider.douyin.client.PlatformOutcome.PERMANENT;
import static com.provider.douyin.client.PlatformOutcome.RETRY_LATER;
import static com.provider.douyin.client.PlatformOutcome.TOKEN_INVALID;

/**
 * Douyin's error codes and what each means for the caller (PROTOCOL.md 2a, 2c). Several entries come from
 * third-party code, not an official page: a wrong guess is a one-line change here.
 */
public final class PlatformErrorCodes {

    public static final long TOKEN_INVALID_CODE = 2190002L;
    public static final long TOKEN_EXPIRED_CODE = 2190008L;

    /** OpenAPI calls (detail query and the like). */
    private static final Map<Long, PlatformOutcome> OPENAPI = Map.ofEntries(
            Map.entry(TOKEN_INVALID_CODE, TOKEN_INVALID),
            Map.entry(TOKEN_EXPIRED_CODE, TOKEN_INVALID),
            Map.entry(2190004L, PERMANENT),      // app lacks the capability
            Map.entry(2119005L, PERMANENT),      // merchant has not authorised the app
            Map.entry(2119001L, PERMANENT),      // invalid parameter
            Map.entry(2100005L, PERMANENT),      // invalid parameter
            Map.entry(2003000001L, PERMANENT),   // business errors: see description
            Map.entry(2004000001L, PERMANENT),
            Map.entry(2004000002L, PERMANENT),
            Map.entry(2005000001L, PERMANENT),
            Map.entry(2119002L, RETRY_LATER),    // system busy
            Map.entry(2100004L, RETRY_LATER),    // system busy
            Map.entry(2119003L, RETRY_LATER),    // too many requests
            Map.entry(2100001L, RETRY_LATER));   // unknown error: the page says retry 3 times

    /** The client-token call. */
    private static final Map<Long, PlatformOutcome> TOKEN = Map.of(
            10020L, RETRY_LATER,                 // over 500 fetches in 5 minutes
            10002L, PERMANENT,                   // bad parameter
            10003L, PERMANENT,                   // unknown client_key
            10013L, PERMANENT);                  // wrong client_key / client_secret

    /** Codes no table names: retried (bounded), since an unlisted code is more often a hiccup than a verdict. */
    private static final PlatformOutcome UNLISTED = RETRY_LATER;

    private PlatformErrorCodes() {
    }

    /** A code the tables list as transient (busy, too frequent, unknown error): the platform itself struggles. */
    public static boolean isListedTransient(long code) {
        return OPENAPI.get(code) == RETRY_LATER || TOKEN.get(code) == RETRY_LATER;
    }

    public static PlatformOutcome ofOpenApi(long code) {
        return code == 0 ? PlatformOutcome.SUCCESS : OPENAPI.getOrDefault(code, UNLISTED);
    }

    public static PlatformOutcome ofTokenCall(long code) {
        return code == 0 ? PlatformOutcome.SUCCESS : TOKEN.getOrDefault(code, OPENAPI.getOrDefault(code, UNLISTED));
    }
}
