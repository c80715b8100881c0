package com.provider.common.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The JSON body of every operator API error. */
@RegisterForReflection
public record ApiError(int status, String error, String message) {
}
