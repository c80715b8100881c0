package com.provider.common.security;

import com.provider.common.config.StartupRefusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accounts from the three places, and the one line a bad account stops the start with. */
class OperatorAccountsTest {

    /** bcrypt (cost 10) of "viewer-secret", as $2a$; the same hash is also written as $2b$ and $2y$ below. */
    private static final String VIEWER_SECRET_HASH = "$2a$10$tHCUrf1VhWAMIEwGDpQSkeUQSTWTwoNzzQARF7qCyg6Rri9/LjUtW";

    @TempDir
    Path dir;

    record Account(String passwordHash, String role) implements OperatorConfig.Account {
    }

    @Test
    void adminIsAnAuditorAndNamedAccountsHaveTheirRoles() throws IOException {
        Path file = write("# comment\n\nfelix : auditor : " + VIEWER_SECRET_HASH.replace("$2a$", "$2y$") + "\n");
        OperatorAccounts accounts = new OperatorAccounts(Optional.of("admin"), Optional.of("admin-pw"),
                Map.of("vera", new Account(VIEWER_SECRET_HASH.replace("$2a$", "$2b$"), "Viewer")),
                Optional.of(file.toString()));

        assertEquals(Optional.of(new OperatorAccounts.Operator("admin", OperatorRole.AUDITOR)),
                accounts.authenticate("admin", "admin-pw".toCharArray()));
        assertEquals(Optional.of(new OperatorAccounts.Operator("vera", OperatorRole.VIEWER)),
                accounts.authenticate("vera", "viewer-secret".toCharArray()));
        assertEquals(Optional.of(new OperatorAccounts.Operator("felix", OperatorRole.AUDITOR)),
                accounts.authenticate("felix", "viewer-secret".toCharArray()));

        assertEquals(Optional.empty(), accounts.authenticate("admin", "admin-pw ".toCharArray()));
        assertEquals(Optional.empty(), accounts.authenticate("vera", "viewer-secreT".toCharArray()));
        assertEquals(Optional.empty(), accounts.authenticate("nobody", "viewer-secret".toCharArray()));
        assertEquals(Optional.empty(), accounts.authenticate(null, "viewer-secret".toCharArray()));
        assertEquals(OperatorRole.VIEWER, accounts.find("vera").orElseThrow().role());
        assertEquals(Optional.empty(), accounts.find("nobody"));
        assertEquals(java.util.List.of("admin", "vera", "felix"), accounts.names());
    }

    @Test
    void noAccountAtAllLetsNobodyIn() {
        OperatorAccounts accounts = new OperatorAccounts(Optional.empty(), Optional.empty(), Map.of(), Optional.empty());
        assertTrue(accounts.isEmpty());
        assertEquals(Optional.empty(), accounts.authenticate("", "".toCharArray()));
    }

    @Test
    void aBadAccountStopsTheStartSayingWhere() throws IOException {
        assertRefused("ADMIN_USER and ADMIN_PASSWORD go together",
                () -> new OperatorAccounts(Optional.of("admin"), Optional.empty(), Map.of(), Optional.empty()));
        assertRefused("operator.users.vera.role: the role must be viewer or auditor, not 'operator'",
                () -> accounts(Map.of("vera", new Account(VIEWER_SECRET_HASH, "operator")), null));
        assertRefused("operator.users.vera.password-hash: not a bcrypt hash",
                () -> accounts(Map.of("vera", new Account("viewer-secret", "viewer")), null));
        assertRefused("operator.users.vera.password-hash: not a bcrypt hash",
                () -> accounts(Map.of("vera", new Account("{SHA}abc", "viewer")), null));
        assertRefused("operator.users.a b: an operator name is 1 to 64 letters",
                () -> accounts(Map.of("a b", new Account(VIEWER_SECRET_HASH, "viewer")), null));

        Path twice = write("vera:viewer:" + VIEWER_SECRET_HASH + "\n");
        assertRefused("operator vera is configured twice (again in " + twice + " line 1)",
                () -> accounts(Map.of("vera", new Account(VIEWER_SECRET_HASH, "auditor")), twice));
        Path short_ = write("\n# two fields only\nvera:" + VIEWER_SECRET_HASH + "\n");
        assertRefused(short_ + " line 3 is not name:role:bcrypt-hash", () -> accounts(Map.of(), short_));
        Path missing = dir.resolve("no-such-file");
        assertRefused("the operators' users file " + missing + " cannot be read", () -> accounts(Map.of(), missing));
    }

    private OperatorAccounts accounts(Map<String, Account> users, Path file) {
        return new OperatorAccounts(Optional.empty(), Optional.empty(), users,
                Optional.ofNullable(file).map(Path::toString));
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(dir, "users", ".txt");
        Files.writeString(file, content);
        return file;
    }

    private static void assertRefused(String expected, org.junit.jupiter.api.function.Executable load) {
        StartupRefusal refusal = assertThrows(StartupRefusal.class, load);
        assertTrue(refusal.getMessage().startsWith("aftersale: cannot start: "), refusal.getMessage());
        assertTrue(refusal.getMessage().contains(expected), refusal.getMessage());
    }
}
