package com.provider.douyin.client.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Answer of the hotel cancel-audit call: {@code data.error_code} 0 means Douyin accepted the decision. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record CancelAuditResponse(Data data, PlatformExtra extra) implements PlatformAnswer {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(Long errorCode, String description) {
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
