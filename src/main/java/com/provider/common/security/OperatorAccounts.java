package com.provider.common.security;

import com.provider.common.config.StartupRefusal;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The operator accounts, read once at start from {@code ADMIN_USER}/{@code ADMIN_PASSWORD} (an auditor),
 * {@code operator.users.<name>.*} and the users file. A configuration with a bad line, role or hash, or a name
 * given twice, stops the start with one line saying where.
 * <p>
 * Checking a bcrypt password takes tens of milliseconds of CPU on purpose: call {@link #authenticate} off the
 * event loop. An unknown name costs the same as a wrong password, so timing does not tell which names exist.
 */
@Singleton
public class OperatorAccounts {

    /** Names that fit in a cookie, a log line and a history row as they are. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Logger LOG = Logger.getLogger(OperatorAccounts.class);
    private static final WildFlyElytronPasswordProvider PROVIDER = new WildFlyElytronPasswordProvider();
    /** Checked against when the name is unknown, so that such a login takes as long as a wrong password. */
    private static final Secret UNKNOWN = Secret.bcrypt(
            "$2a$10$tHCUrf1VhWAMIEwGDpQSkeUQSTWTwoNzzQARF7qCyg6Rri9/LjUtW", "built-in");

    /** A signed-in operator: who, and what they may do. */
    public record Operator(String name, OperatorRole role) {
    }

    private record Account(OperatorRole role, Secret secret) {
    }

    private final Map<String, Account> accounts;

    @Inject
    public OperatorAccounts(OperatorConfig config) {
        this(config.user(), config.password(), config.users(), config.usersFile());
    }

    OperatorAccounts(Optional<String> adminUser, Optional<String> adminPassword,
                     Map<String, ? extends OperatorConfig.Account> users, Optional<String> usersFile) {
        this.accounts = Collections.unmodifiableMap(load(adminUser, adminPassword, users, usersFile));
    }

    /** Reads the accounts of {@code config} now, so a bad one stops the start rather than the first login. */
    void checkAtStart(@Observes StartupEvent start) {
        long auditors = accounts.values().stream().filter(a -> a.role() == OperatorRole.AUDITOR).count();
        LOG.infof("operators: %d auditor(s), %d viewer(s)%s", auditors, accounts.size() - auditors,
                accounts.isEmpty() ? "; nobody can sign in to the console or call /api" : "");
    }

    /** The operator whose name and password these are; empty otherwise. Blocking: bcrypt. */
    public Optional<Operator> authenticate(String name, char[] password) {
        Account account = name == null ? null : accounts.get(name);
        Secret secret = account == null ? UNKNOWN : account.secret();
        boolean matches = secret.matches(password);
        return matches && account != null ? Optional.of(new Operator(name, account.role())) : Optional.empty();
    }

    /** The operator of this name as configured now (a session names one); empty if there is none. */
    public Optional<Operator> find(String name) {
        Account account = name == null ? null : accounts.get(name);
        return account == null ? Optional.empty() : Optional.of(new Operator(name, account.role()));
    }

    public boolean isEmpty() {
        return accounts.isEmpty();
    }

    /** Names in the order they were configured, for the start-up log. */
    public List<String> names() {
        return List.copyOf(accounts.keySet());
    }

    private static Map<String, Account> load(Optional<String> adminUser, Optional<String> adminPassword,
                                             Map<String, ? extends OperatorConfig.Account> users,
                                             Optional<String> usersFile) {
        Map<String, Account> accounts = new LinkedHashMap<>();
        if (adminUser.isPresent() != adminPassword.isPresent()) {
            throw refusal("ADMIN_USER and ADMIN_PASSWORD go together: set both or neither");
        }
        if (adminUser.isPresent()) {
            String name = checkedName(adminUser.get(), "ADMIN_USER");
            add(accounts, name, new Account(OperatorRole.AUDITOR, Secret.plain(adminPassword.get())), "ADMIN_USER");
        }
        users.forEach((name, account) -> {
            String where = "operator.users." + name;
            add(accounts, checkedName(name, where), new Account(role(account.role(), where + ".role"),
                    Secret.bcrypt(account.passwordHash(), where + ".password-hash")), where);
        });
        if (usersFile.isPresent() && !usersFile.get().isBlank()) {
            Path file = Path.of(usersFile.get().trim());
            for (ParsedLine line : readFile(file)) {
                add(accounts, line.name(), new Account(role(line.role(), line.where()),
                        Secret.bcrypt(line.hash(), line.where())), line.where());
            }
        }
        return accounts;
    }

    private record ParsedLine(String name, String role, String hash, String where) {
    }

    private static List<ParsedLine> readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw refusal("the operators' users file " + file + " cannot be read (OPERATOR_USERS_FILE): " + e);
        }
        List<ParsedLine> parsed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1);
            String[] fields = line.split(":", 3);
            if (fields.length != 3) {
                throw refusal(where + " is not name:role:bcrypt-hash");
            }
            parsed.add(new ParsedLine(checkedName(fields[0].strip(), where), fields[1].strip(), fields[2].strip(), where));
        }
        return parsed;
    }

    private static void add(Map<String, Account> accounts, String name, Account account, String where) {
        if (accounts.putIfAbsent(name, account) != null) {
            throw refusal("operator " + name + " is configured twice (again in " + where + ")");
        }
    }

    private static String checkedName(String name, String where) {
        if (!NAME.matcher(name).matches()) {
            throw refusal(where + ": an operator name is 1 to 64 letters, digits, '.', '_', '@' or '-'");
        }
        return name;
    }

    private static OperatorRole role(String value, String where) {
        return OperatorRole.parse(value).orElseThrow(() -> refusal(where + ": the role must be "
                + OperatorRole.VIEWER_ROLE + " or " + OperatorRole.AUDITOR_ROLE + ", not '" + value + "'"));
    }

    private static StartupRefusal refusal(String problem) {
        return new StartupRefusal("aftersale: cannot start: " + problem);
    }

    /** How a password is checked. */
    private interface Secret {

        boolean matches(char[] password);

        /** ADMIN_PASSWORD, given in plain: compared as SHA-256 digests in constant time. */
        static Secret plain(String password) {
            byte[] digest = sha256(password.toCharArray());
            return candidate -> MessageDigest.isEqual(digest, sha256(candidate));
        }

        static Secret bcrypt(String hash, String where) {
            Password decoded;
            PasswordFactory factory;
            try {
                // $2b$ and $2y$ are $2a$ fixed in other implementations; this one reads them alike.
                String normalised = hash == null ? "" : hash.strip().replaceFirst("^\\$2[by]\\$", "\\$2a\\$");
                decoded = ModularCrypt.decode(normalised);
                factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, PROVIDER);
                decoded = factory.translate(decoded);
            } catch (GeneralSecurityException | RuntimeException e) {
                throw refusal(where + ": not a bcrypt hash ($2a$, $2b$ or $2y$)");
            }
            if (!(decoded instanceof BCryptPassword)) {
                throw refusal(where + ": not a bcrypt hash ($2a$, $2b$ or $2y$)");
            }
            Password password = decoded;
            return candidate -> {
                try {
                    return factory.verify(password, candidate);
                } catch (GeneralSecurityException e) {
                    return false;
                }
            };
        }

        private static byte[] sha256(char[] value) {
            try {
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(value));
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                digest.update(bytes);
                return digest.digest();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
