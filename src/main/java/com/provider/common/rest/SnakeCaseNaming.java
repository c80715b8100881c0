package com.provider.common.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code quarkus.jackson.property-naming-strategy=SNAKE_CASE} makes Quarkus create Jackson's naming strategy by
 * reflection when it builds the first ObjectMapper. Quarkus 3.32 does not register that class for reflection, so in
 * the native executable every JSON answer of the operator API failed (ClassNotFoundException) until this did.
 */
@RegisterForReflection(targets = PropertyNamingStrategies.SnakeCaseStrategy.class)
public final class SnakeCaseNaming {

    private SnakeCaseNaming() {
    }
}
