package com.provider.douyin.client.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The {@code extra} block of every OpenAPI answer: platform errors (token, scope, rate) and the log id. {@code now}
 * may be a decimal string (the SDK types it so); the error codes are integers.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlatformExtra(Long errorCode, String description, Long subErrorCode, String subDescription,
                            String logid, @Int64 Long now) {
}
