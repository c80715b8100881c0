package com.provider.douyin.client.dto;

/** What every OpenAPI answer exposes to {@link com.provider.douyin.client.PlatformOutcomes}. */
public interface PlatformAnswer {

    /** {@code data.error_code}; null when the answer has no data block. */
    Long dataErrorCode();

    String dataDescription();

    /** May be null (the token endpoint answers without it). */
    PlatformExtra extra();

    default String logId() {
        return extra() == null ? null : extra().logid();
    }
}
