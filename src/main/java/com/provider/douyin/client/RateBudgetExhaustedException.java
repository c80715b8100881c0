package com.provider.douyin.client;

/** No slot of the shared rate budget came free within {@code douyin.openapi.rate-limit.max-wait}. */
public class RateBudgetExhaustedException extends DouyinCallException {

    public RateBudgetExhaustedException(String message) {
        super(PlatformOutcome.RETRY_LATER, message, null, null, null, null);
    }
}
