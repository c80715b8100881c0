package com.provider.douyin.spi.repository;

import com.provider.common.db.GroupCommit;
import com.provider.common.rest.PageRequest;
import com.provider.common.rest.PageResult;
import com.provider.douyin.spi.InboxOutcome;
import com.provider.douyin.spi.InboxRow;
import com.provider.douyin.spi.SpiAnswer;
import com.provider.douyin.spi.SpiCall;
import com.provider.douyin.spi.db.SpiDatabase;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The inbox: every SPI call that passed the signature, raw and unparsed, with what became of it and what
 * Douyin was told. Handlers store the call in the same statement as their business rows
 * ({@link #insertWithOutcomeOf}), so a call is either kept together with its effect or not at all (and then
 * answered error_code 100). A call has one row: when the answer and the row disagree (a row that committed
 * after its budget ran out, a failure after it committed), the row is corrected ({@link InboxRow}).
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

    // The console's search: newest first, any combination of filters, received_at within [$4, $5) when given.
    // Without the body: a list of calls must not carry up to a megabyte each.
    private static final String SEARCH = """
            SELECT id, spi, log_id, client_key, query, ''::bytea AS body, business_key, received_at, outcome,
                   http_status, error_code, detail
            FROM spi_inbox
            WHERE ($1::text IS NULL OR outcome = $1)
              AND ($2::text IS NULL OR business_key = $2)
              AND ($3::text IS NULL OR log_id = $3)
              AND ($4::timestamptz IS NULL OR received_at >= $4)
              AND ($5::timestamptz IS NULL OR received_at < $5)
            ORDER BY id DESC
            LIMIT $6""";

    private static final String FIND = """
            SELECT id, spi, log_id, client_key, query, body, business_key, received_at, outcome, http_status,
                   error_code, detail
            FROM spi_inbox WHERE id = $1""";

    /**
     * Makes rows say what Douyin was told (see {@link InboxRow}): one statement for every correction waiting,
     * since a statement that committed late brings up to a whole group of them at once.
     */
    private static final String CORRECT = """
            UPDATE spi_inbox i
            SET http_status = c.http_status, error_code = c.error_code, detail = concat_ws('; ', i.detail, c.detail)
            FROM unnest($1::bigint[], $2::integer[], $3::integer[], $4::text[]) WITH ORDINALITY
                AS c(id, http_status, error_code, detail, position)
            WHERE i.id = c.id
            RETURNING c.position""";

    private static final Logger LOG = Logger.getLogger(InboxRepository.class);

    /** The SPI's own connections: recording calls on the request path. */
    private final Pool spiPool;
    /**
     * Everything else: operator reads, and corrections, which come after the answer and must not wait for an
     * SPI connection nor give up at its statement timeout.
     */
    private final Pool pool;
    private final GroupCommit<InboxRow.Correction, Boolean> corrections;

    public InboxRepository(@ReactiveDataSource(SpiDatabase.NAME) Pool spiPool, Pool pool, MeterRegistry registry) {
        this.spiPool = spiPool;
        this.pool = pool;
        this.corrections = new GroupCommit<>(this::correct, correction -> String.valueOf(correction.id()),
                UnaryOperator.identity(), new GroupCommit.Limits(64, 1, 1024, Duration.ofSeconds(5)),
                DistributionSummary.builder("aftersale.db.write.batch")
                        .description("Deliveries written per statement (group commit)")
                        .tag("table", "spi_inbox")
                        .register(registry));
    }

    /**
     * Runs a handler's statement that stores the call's inbox row, returning the row's {@code id} first, and
     * notes the row once it committed saying {@code errorCode}. The statement runs to its end even if the caller
     * stops waiting (Douyin was then told error_code 100), so a row that commits late is corrected to say so.
     */
    public Uni<RowSet<Row>> storing(SpiCall call, int errorCode, Uni<RowSet<Row>> statement) {
        Uni<RowSet<Row>> noted = statement.invoke(rows -> committed(call, rows.iterator().next().getLong("id"), errorCode));
        return Uni.createFrom().emitter(caller -> noted.subscribe().with(caller::complete, caller::fail));
    }

    /** Notes that the call's inbox row committed saying {@code errorCode}; corrects it if Douyin was told otherwise. */
    public void committed(SpiCall call, long id, int errorCode) {
        correct(call.inboxRow().committed(id, errorCode));
    }

    /**
     * Notes what Douyin is told about the call, and why when it is not what the call's row would say; corrects
     * the row if it committed saying something else.
     */
    public void answered(SpiCall call, SpiAnswer answer, String reason) {
        correct(call.inboxRow().answered(answer, reason));
    }

    /**
     * A correction is retried for a few seconds. If the database stays unreachable that long, the row keeps
     * saying what the service meant to answer; the error line names it, and Douyin's retry is stored beside it.
     */
    private void correct(InboxRow.Correction correction) {
        if (correction == null) {
            return;
        }
        corrections.write(correction)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(5)
                .subscribe().with(
                        corrected -> LOG.debugf("inbox row %d corrected: %s", correction.id(), correction.detail()),
                        failure -> LOG.errorf("inbox row %d could not be corrected to say error_code %d (%s): %s",
                                correction.id(), correction.errorCode(), correction.detail(), failure));
    }

    private Uni<List<Boolean>> correct(List<InboxRow.Correction> batch) {
        int n = batch.size();
        Long[] ids = new Long[n];
        Integer[] statuses = new Integer[n];
        Integer[] codes = new Integer[n];
        String[] details = new String[n];
        for (int i = 0; i < n; i++) {
            InboxRow.Correction correction = batch.get(i);
            ids[i] = correction.id();
            statuses[i] = correction.httpStatus();
            codes[i] = correction.errorCode();
            details[i] = correction.detail();
        }
        return pool.preparedQuery(CORRECT).execute(Tuple.of(ids, statuses, codes, details)).map(rows -> {
            List<Boolean> corrected = new ArrayList<>(Collections.nCopies(n, Boolean.FALSE));
            for (Row row : rows) {
                corrected.set(row.getLong("position").intValue() - 1, Boolean.TRUE);
            }
            return corrected;
        });
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
     * business key), position (the order to insert in) and inbox_id (the row's id, taken in that CTE with
     * {@code nextval('spi_inbox_id_seq')}, so the statement can tell which row is whose even when several calls
     * carry one key); HANDLED where {@code appliedCte} returned that key, DUPLICATE otherwise. A key
     * {@code appliedCte} returns must be in {@code callsCte} once. Returns {@code id, outcome}.
     */
    public static String insertEachWithOutcomeOf(String callsCte, String keyColumn, String appliedCte) {
        return "INSERT INTO spi_inbox (id, " + COLUMNS + ", outcome, http_status, error_code) OVERRIDING SYSTEM VALUE"
                + " SELECT c.inbox_id, c.spi, c.log_id, c.client_key, c.query, c.body, c." + keyColumn + ","
                + " CASE WHEN a." + keyColumn + " IS NULL THEN 'DUPLICATE' ELSE 'HANDLED' END, 200, 0"
                + " FROM " + callsCte + " c LEFT JOIN " + appliedCte + " a USING (" + keyColumn + ")"
                + " ORDER BY c.position"
                + " RETURNING id, outcome";
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
        return storing(call, answer.errorCode(), spiPool.preparedQuery(INSERT).execute(tuple))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** Notes on a stored call that it was a redelivery whose body differs from the first delivery's. */
    public Uni<Void> markConflict(long id, String detail) {
        // Added to the detail: a correction of what Douyin was told may have been written first.
        return spiPool.preparedQuery("UPDATE spi_inbox SET outcome = $2, detail = concat_ws('; ', detail, $3) WHERE id = $1")
                .execute(Tuple.of(id, InboxOutcome.DUPLICATE_CONFLICT.name(), detail))
                .replaceWithVoid();
    }

    public Uni<PageResult<InboxEntry>> list(InboxOutcome outcome, String businessKey, String logId, PageRequest page) {
        return pool.preparedQuery(LIST)
                .execute(Tuple.tuple().addString(outcome == null ? null : outcome.name()).addString(businessKey)
                        .addString(logId).addInteger(page.size()).addLong(page.offset()))
                .map(rows -> toPage(rows, page));
    }

    /** Up to {@code limit} calls, newest first, matching every filter given (null: any); bodies left out. */
    public Uni<List<InboxEntry>> search(InboxOutcome outcome, String businessKey, String logId, OffsetDateTime from,
                                        OffsetDateTime to, int limit) {
        Tuple filters = Tuple.tuple().addString(outcome == null ? null : outcome.name()).addString(businessKey)
                .addString(logId).addOffsetDateTime(from).addOffsetDateTime(to).addInteger(limit);
        return pool.preparedQuery(SEARCH).execute(filters).map(rows -> {
            List<InboxEntry> items = new ArrayList<>(rows.size());
            rows.forEach(row -> items.add(toEntry(row)));
            return items;
        });
    }

    /** One call, with its body. */
    public Uni<Optional<InboxEntry>> find(long id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toEntry(rows.iterator().next())));
    }

    private static PageResult<InboxEntry> toPage(RowSet<Row> rows, PageRequest page) {
        List<InboxEntry> items = new ArrayList<>(rows.size());
        long total = 0;
        for (Row row : rows) {
            total = row.getLong("total");
            items.add(toEntry(row));
        }
        return new PageResult<>(items, page.page(), page.size(), total);
    }

    private static InboxEntry toEntry(Row row) {
        return new InboxEntry(
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
                row.getString("detail"));
    }
}
