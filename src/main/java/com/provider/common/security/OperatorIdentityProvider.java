package com.provider.common.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The one operator account, from the environment. Credentials are compared as SHA-256 digests in constant
 * time, so neither their content nor their length leaks through timing.
 */
@ApplicationScoped
public class OperatorIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    public static final String ROLE = "operator";

    private final String user;
    private final byte[] userDigest;
    private final byte[] passwordDigest;

    public OperatorIdentityProvider(OperatorConfig config) {
        this.user = config.user().orElse(null);
        this.userDigest = config.user().map(OperatorIdentityProvider::sha256).orElse(null);
        this.passwordDigest = config.password().map(OperatorIdentityProvider::sha256).orElse(null);
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        if (userDigest == null || passwordDigest == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("operator API is not configured"));
        }
        boolean userMatches = MessageDigest.isEqual(userDigest, sha256(request.getUsername()));
        boolean passwordMatches = MessageDigest.isEqual(passwordDigest,
                sha256(new String(request.getPassword().getPassword())));
        if (!(userMatches & passwordMatches)) {
            return Uni.createFrom().failure(new AuthenticationFailedException());
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user))
                .addRole(ROLE)
                .build());
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
