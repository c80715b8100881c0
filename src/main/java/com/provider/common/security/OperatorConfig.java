package com.provider.common.security;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** HTTP Basic credentials of the operator API ({@code ADMIN_USER}, {@code ADMIN_PASSWORD}). Unset: /api refuses everyone. */
@ConfigMapping(prefix = "operator")
public interface OperatorConfig {

    Optional<String> user();

    Optional<String> password();
}
