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

/**
 * Name and password (HTTP Basic on {@code /api}, the console's login form) checked against the
 * {@link OperatorAccounts}. On a worker thread: a bcrypt check would hold up an event loop.
 */
@ApplicationScoped
public class OperatorIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final OperatorAccounts accounts;

    public OperatorIdentityProvider(OperatorAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        if (accounts.isEmpty()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("no operator account is configured"));
        }
        return context.runBlocking(() -> accounts.authenticate(request.getUsername(), request.getPassword().getPassword())
                .map(OperatorIdentityProvider::identity)
                .orElseThrow(AuthenticationFailedException::new));
    }

    /** The security identity of an operator: their name, and the role names of their {@link OperatorRole}. */
    public static SecurityIdentity identity(OperatorAccounts.Operator operator) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(operator.name()))
                .addRoles(operator.role().roleNames())
                .build();
    }
}
