package com.provider.hotel.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code POST /api/hotel/cancellations/{cancel_id}/audit}: {@code {"result":"agree"|"reject","reason":".."}}. */
@RegisterForReflection
public record AuditRequest(String result, String reason) {
}
