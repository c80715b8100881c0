package com.provider.common.security;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What an operator may do. A viewer reads; an auditor also decides audits and repairs (sync, requeue, redeliver).
 * The identity of an auditor carries both role names, so "may read" is always the {@value #VIEWER} role.
 */
public enum OperatorRole {
    VIEWER(Set.of(OperatorRole.VIEWER_ROLE)),
    AUDITOR(Set.of(OperatorRole.VIEWER_ROLE, OperatorRole.AUDITOR_ROLE));

    /** The role that may read: every operator has it. */
    public static final String VIEWER_ROLE = "viewer";
    /** The role that may decide and repair. */
    public static final String AUDITOR_ROLE = "auditor";

    private final Set<String> roleNames;

    OperatorRole(Set<String> roleNames) {
        this.roleNames = roleNames;
    }

    /** The role names a security identity of this operator carries. */
    public Set<String> roleNames() {
        return roleNames;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OperatorRole> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case VIEWER_ROLE -> Optional.of(VIEWER);
            case AUDITOR_ROLE -> Optional.of(AUDITOR);
            default -> Optional.empty();
        };
    }
}
