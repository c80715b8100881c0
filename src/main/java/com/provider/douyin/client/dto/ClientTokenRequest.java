package com.provider.douyin.client.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code POST /oauth/client_token/} (PROTOCOL.md 2a). Never logged: it carries the secret. */
@RegisterForReflection
public record ClientTokenRequest(String clientKey, String clientSecret, String grantType) {

    public static ClientTokenRequest of(String clientKey, String clientSecret) {
        return new ClientTokenRequest(clientKey, clientSecret, "client_credential");
    }

    @Override
    public String toString() {
        return "ClientTokenRequest[clientKey=" + clientKey + "]";
    }
}
