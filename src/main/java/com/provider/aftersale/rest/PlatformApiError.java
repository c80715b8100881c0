package com.provider.aftersale.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Error body of an operator call that failed at Douyin: the {@code ApiError} fields plus what Douyin said, so
 * an operator can quote the platform's code and log id to Douyin support.
 */
@RegisterForReflection
public record PlatformApiError(int status, String error, String message, String outcome, Long platformErrorCode,
                               String platformLogId) {
}
