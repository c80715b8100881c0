package com.provider.douyin.client.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The {@code extra} block of every OpenAPI answer: platform errors (token, scope, rate) and the log id. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlatformExtra(Long errorCode, String description, Long subErrorCode, String subDescription,
                            String logid, Long now) {
}
