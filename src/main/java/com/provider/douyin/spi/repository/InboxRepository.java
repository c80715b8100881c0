package com.provider.douyin.spi.repository;

import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import com.provider.douyin.spi.InboxOutcome;
import com.provider.douyin.spi.SpiAnswer;
import com.provider.douyin.spi.SpiCall;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The inbox: every SPI call that passed the signature, raw and unparsed, with what became of it.
 * Handlers store the call in the same statement as their business rows ({@link #insertWithOutcomeOf}),
 * so a call is either kept together with its effect or not at all (and then answered error_code 100).
 */
@ApplicationScoped
public class InboxRepository {

    /** Number of parameters {@link #bindCall} adds. */
    public static final int CALL_PARAMETERS = 6;

    /** Position of the raw body among the parameters {@link #bindCall} adds, counted from 0. */
    public static final int BODY_PARAMETER = 4;

    private static final String COLUMNS = "spi, log_id, client_key, query, body, business_key";

    private static final String INSERT = "INSERT INTO spi_inbox (" + COLUMNS
            + ", outcome, http_status, error_code, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";

    private static final String LIST = """
            SELECT id, spi, log_id, client_key, query, body, business_key, received_at, outcome, http_status,
                   error_code, detail, count(*) OVER () AS total
            FROM spi_inbox
            WHERE ($1::text IS NULL OR outcome = $1)
              AND ($2::text IS NULL OR business_key = $2)
              AND ($3::text IS NULL OR log_id = $3)
            ORDER BY id DESC
            LIMIT $4 OFFSET $5""";

    private final Pool pool;

    public InboxRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * SQL for the last data-modifying CTE of a handler's statement: stores the call as HANDLED when the
     * CTE {@code appliedCte} returned a row (the first delivery), as DUPLICATE otherwise. Its parameters
     * start at {@code $first}; bind them with {@link #bindCall}. Returns {@code id, outcome}.
     */
    public static String insertWithOutcomeOf(String appliedCte, int first) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < CALL_PARAMETERS; i++) {
            values.append('$').append(first + i).append(", ");
        }
        return "INSERT INTO spi_inbox (" + COLUMNS + ", outcome, http_status, error_code) VALUES (" + values
                + "CASE WHEN EXISTS (SELECT 1 FROM " + appliedCte + ") THEN 'HANDLED' ELSE 'DUPLICATE' END, 200, 0)"
                + " RETURNING id, outcome";
    }

    /**
     * The same for a statement that stores many calls at once (group commit): one inbox row per row of the
     * CTE {@code callsCte}, which has the columns spi, log_id, client_key, query, body, {@code keyColumn} (the
     * business key) and position (the order to insert in); HANDLED where {@code appliedCte} returned that
     * key, DUPLICATE otherwise. Returns {@code id, business_key, outcome}.
     */
    public static String insertEachWithOutcomeOf(String callsCte, String keyColumn, String appliedCte) {
        return "INSERT INTO spi_inbox (" + COLUMNS + ", outcome, http_status, error_code)"
                + " SELECT c.spi, c.log_id, c.client_key, c.query, c.body, c." + keyColumn + ","
                + " CASE WHEN a." + keyColumn + " IS NULL THEN 'DUPLICATE' ELSE 'HANDLED' END, 200, 0"
                + " FROM " + callsCte + " c LEFT JOIN " + appliedCte + " a USING (" + keyColumn + ")"
                + " ORDER BY c.position"
                + " RETURNING id, business_key, outcome";
    }

    public static Tuple bindCall(Tuple tuple, SpiCall call, String businessKey) {
        return tuple.addString(call.spi())
                .addString(call.logId())
                .addString(call.clientKey())
                .addString(call.rawQuery())
                .addBuffer(Buffer.newInstance(call.bodyBuffer()))
                .addString(businessKey);
    }

    /** Stores a call on its own, with an outcome decided outside the database (rejected, failed). */
    public Uni<Long> record(SpiCall call, String businessKey, InboxOutcome outcome, SpiAnswer answer, String detail) {
        Tuple tuple = bindCall(Tuple.tuple(), call, businessKey)
                .addString(outcome.name())
                .addInteger(answer.httpStatus())
                .addInteger(answer.errorCode())
                .addString(detail);
        return pool.preparedQuery(INSERT).execute(tuple).map(rows -> rows.iterator().next().getLong("id"));
    }

    /** Notes on a stored call that it was a redelivery whose body differs from the first delivery's. */
    public Uni<Void> markConflict(long id, String detail) {
        return pool.preparedQuery("UPDATE spi_inbox SET outcome = $2, detail = $3 WHERE id = $1")
                .execute(Tuple.of(id, InboxOutcome.DUPLICATE_CONFLICT.name(), detail))
                .replaceWithVoid();
    }

    public Uni<PageResult<InboxEntry>> list(InboxOutcome outcome, String businessKey, String logId, PageRequest page) {
        return pool.preparedQuery(LIST)
                .execute(Tuple.tuple().addString(outcome == null ? null : outcome.name()).addString(businessKey)
                        .addString(logId).addInteger(page.size()).addLong(page.offset()))
                .map(rows -> toPage(rows, page));
    }

    private static PageResult<InboxEntry> toPage(RowSet<Row> rows, PageRequest page) {
        List<InboxEntry> items = new ArrayList<>(rows.size());
        long total = 0;
        for (Row row : rows) {
            total = row.getLong("total");
            items.add(new InboxEntry(
                    row.getLong("id"),
                    row.getString("spi"),
                    row.getString("log_id"),
                    row.getString("client_key"),
                    row.getString("query"),
                    new String(row.getBuffer("body").getBytes(), StandardCharsets.UTF_8),
                    row.getString("business_key"),
                    row.getOffsetDateTime("received_at"),
                    InboxOutcome.valueOf(row.getString("outcome")),
                    row.getInteger("http_status"),
                    row.getInteger("error_code"),
                    row.getString("detail")));
        }
        return new PageResult<>(items, page.page(), page.size(), total);
    }
}
