package com.provider.douyin.token;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The shared client token row. Freshness is judged by the database clock, so replicas agree on it.
 * Fetching happens under a transaction-scoped advisory lock: one replica fetches, the others wait and re-read.
 * SQL, not entities: the lock ({@code pg_try_advisory_xact_lock}) and the freshness test by the database's clock
 * have no entity form, and the row is read and written only here.
 */
@ApplicationScoped
public class ClientTokenRepository {

    /**
     * A token as stored, with how long it has left (database clock) and the refresh margin that applies to it:
     * the configured one, or half the token's lifetime when that is shorter.
     */
    public record StoredToken(String accessToken, long remainingMs, long marginMs) {
        @Override
        public String toString() {
            return "StoredToken[remainingMs=" + remainingMs + ", marginMs=" + marginMs + "]";
        }
    }

    /** A token just fetched from Douyin. */
    public record FetchedToken(String accessToken, long expiresInSeconds) {
        @Override
        public String toString() {
            return "FetchedToken[expiresInSeconds=" + expiresInSeconds + "]";
        }
    }

    // The margin is least(configured, half the lifetime): a margin at least as long as the token lives would
    // make every call fetch a new token, and each fetch invalidates the one before (PROTOCOL.md 2a).
    private static final String READ_FRESH = """
            SELECT access_token, (extract(epoch FROM expires_at - now()) * 1000)::bigint AS remaining_ms,
                   (extract(epoch FROM least($2 * interval '1 millisecond', (expires_at - fetched_at) / 2)) * 1000)::bigint
                       AS margin_ms
            FROM douyin_client_token
            WHERE client_key = $1
              AND expires_at - least($2 * interval '1 millisecond', (expires_at - fetched_at) / 2) > now()""";

    private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('douyin-token:' || $1)) AS locked";

    // now() is the transaction's start, before the fetch: the stored expiry errs on the early side.
    private static final String UPSERT = """
            INSERT INTO douyin_client_token (client_key, access_token, expires_at, fetched_at)
            VALUES ($1, $2, now() + $3 * interval '1 second', now())
            ON CONFLICT (client_key) DO UPDATE
                SET access_token = EXCLUDED.access_token, expires_at = EXCLUDED.expires_at,
                    fetched_at = EXCLUDED.fetched_at
            RETURNING access_token, (extract(epoch FROM expires_at - now()) * 1000)::bigint AS remaining_ms,
                (extract(epoch FROM least($4 * interval '1 millisecond', (expires_at - fetched_at) / 2)) * 1000)::bigint
                    AS margin_ms""";

    private static final String DROP = "DELETE FROM douyin_client_token WHERE client_key = $1 AND access_token = $2";

    private final Pool pool;

    public ClientTokenRepository(Pool pool) {
        this.pool = pool;
    }

    /** The stored token if it is not within its margin (the smaller of {@code margin} and half its lifetime) of expiry. */
    public Uni<Optional<StoredToken>> readFresh(String clientKey, Duration margin) {
        return readFresh(pool, clientKey, margin);
    }

    /**
     * Fetches and stores a new token unless another replica holds the fetch lock (then: empty, re-read later)
     * or stored a fresh one meanwhile (then: that one, no fetch).
     */
    public Uni<Optional<StoredToken>> fetchUnderLock(String clientKey, Duration margin,
                                                     Supplier<Uni<FetchedToken>> fetch) {
        return pool.withTransaction(connection -> connection.preparedQuery(TRY_LOCK).execute(Tuple.of(clientKey))
                .flatMap(lock -> {
                    if (!lock.iterator().next().getBoolean("locked")) {
                        return Uni.createFrom().item(Optional.<StoredToken>empty());
                    }
                    return readFresh(connection, clientKey, margin).flatMap(stored -> stored.isPresent()
                            ? Uni.createFrom().item(stored)
                            : fetch.get().flatMap(fetched -> connection.preparedQuery(UPSERT)
                                    .execute(Tuple.of(clientKey, fetched.accessToken(), fetched.expiresInSeconds(),
                                            margin.toMillis()))
                                    .map(ClientTokenRepository::first)));
                }));
    }

    /** Removes the token only if it is still {@code accessToken}: a newer one fetched meanwhile stays. */
    public Uni<Boolean> drop(String clientKey, String accessToken) {
        return pool.preparedQuery(DROP).execute(Tuple.of(clientKey, accessToken)).map(rows -> rows.rowCount() > 0);
    }

    private static Uni<Optional<StoredToken>> readFresh(SqlClient client, String clientKey, Duration margin) {
        return client.preparedQuery(READ_FRESH).execute(Tuple.of(clientKey, margin.toMillis()))
                .map(ClientTokenRepository::first);
    }

    private static Optional<StoredToken> first(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        return Optional.of(new StoredToken(row.getString("access_token"), row.getLong("remaining_ms"),
                row.getLong("margin_ms")));
    }
}
