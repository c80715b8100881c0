package com.provider.douyin.client.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Answer of the client-token call: {@code {"data":{"access_token":..,"expires_in":7200,"error_code":0}}}. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClientTokenResponse(Data data, String message, PlatformExtra extra) implements PlatformAnswer {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String accessToken, Long expiresIn, Long errorCode, String description) {
        @Override
        public String toString() {
            return "Data[expiresIn=" + expiresIn + ", errorCode=" + errorCode + ", description=" + description + "]";
        }
    }

    @Override
    public Long dataErrorCode() {
        return data == null ? null : data.errorCode();
    }

    @Override
    public String dataDescription() {
        return data == null ? null : data.description();
    }
}
