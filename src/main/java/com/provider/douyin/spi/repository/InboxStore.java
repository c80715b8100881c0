package com.provider.douyin.spi.repository;

import com.provider.common.db.GroupCommit;
import com.provider.common.db.JsonRecords;
import com.provider.douyin.spi.InboxOutcome;
import com.provider.douyin.spi.InboxRow;
import com.provider.douyin.spi.SpiAnswer;
import com.provider.douyin.spi.SpiCall;
import com.provider.douyin.spi.db.SpiDatabase;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The inbox: every SPI call that passed the signature, raw and unparsed, with what became of it and what
 * Douyin was told (operators read it through {@link InboxEntryRepository}). Each handler's statement inserts the
 * call's row itself, beside its business rows, so a call is either kept together with its effect or not at all
 * (and then answered error_code 100); its row is noted here ({@link #storing}, {@link #committed}). A call has one row: when the answer and the row disagree (a row that committed
 * after its budget ran out, a failure after it committed), the row is corrected ({@link InboxRow}).
 */
@ApplicationScoped
public class InboxStore {

    // A call stored on its own (rejected, or failed before its handler stored it), fields bound by name: SQL on the
    // SPI's own pool, because the answer waits for it and the SPI path never waits for the background pool.
    private static final String INSERT = """
            INSERT INTO spi_inbox (spi, log_id, client_key, query, body, business_key, outcome, http_status,
                error_code, detail)
            SELECT c.spi, c.log_id, c.client_key, c.query, $2, c.business_key, c.outcome, c.http_status, c.error_code,
                c.detail
            FROM json_populate_record(NULL::spi_inbox, $1::text::json) c
            RETURNING id""";

    /**
     * Makes rows say what Douyin was told (see {@link InboxRow}): one statement for every correction waiting, since
     * a statement that committed late brings up to a whole group of them at once (group commit, hence SQL).
     */
    private static final String CORRECT = """
            UPDATE spi_inbox i
            SET http_status = c.http_status, error_code = c.error_code, detail = concat_ws('; ', i.detail, c.detail)
            FROM json_to_recordset($1::text::json) AS c(position integer, id bigint, http_status integer,
                error_code integer, detail text)
            WHERE i.id = c.id
            RETURNING c.position""";

    // Beside the row its handler just stored on the SPI's pool, in the call's own time.
    private static final String MARK_CONFLICT = """
            UPDATE spi_inbox SET outcome = 'DUPLICATE_CONFLICT', detail = concat_ws('; ', detail, $2) WHERE id = $1""";

    private static final Logger LOG = Logger.getLogger(InboxStore.class);

    /** The SPI's own connections: recording calls on the request path. */
    private final Pool spiPool;
    /**
     * Everything else: operator reads, and corrections, which come after the answer and must not wait for an
     * SPI connection nor give up at its statement timeout.
     */
    private final Pool pool;
    private final GroupCommit<InboxRow.Correction, Boolean> corrections;

    public InboxStore(@ReactiveDataSource(SpiDatabase.NAME) Pool spiPool, Pool pool, MeterRegistry registry) {
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
        JsonRecords corrections = JsonRecords.array(96 * batch.size());
        for (int i = 0; i < batch.size(); i++) {
            InboxRow.Correction correction = batch.get(i);
            corrections.startRecord()
                    .number("position", i + 1)
                    .number("id", correction.id())
                    .number("http_status", correction.httpStatus())
                    .number("error_code", correction.errorCode())
                    .string("detail", correction.detail())
                    .endRecord();
        }
        return pool.preparedQuery(CORRECT).execute(Tuple.of(corrections.end())).map(rows -> {
            List<Boolean> corrected = new ArrayList<>(Collections.nCopies(batch.size(), Boolean.FALSE));
            for (Row row : rows) {
                corrected.set(row.getInteger("position") - 1, Boolean.TRUE);
            }
            return corrected;
        });
    }

    /** Stores a call on its own, with an outcome decided outside the database (rejected, failed). */
    public Uni<Long> record(SpiCall call, String businessKey, InboxOutcome outcome, SpiAnswer answer, String detail) {
        String fields = JsonRecords.record(256)
                .string("spi", call.spi())
                .string("log_id", call.logId())
                .string("client_key", call.clientKey())
                .string("query", call.rawQuery())
                .string("business_key", businessKey)
                .string("outcome", outcome.name())
                .number("http_status", answer.httpStatus())
                .number("error_code", answer.errorCode())
                .string("detail", detail)
                .end();
        Tuple tuple = Tuple.of(fields, call.bodyBuffer());
        return storing(call, answer.errorCode(), spiPool.preparedQuery(INSERT).execute(tuple))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** Notes on a stored call that it was a redelivery whose body differs from the first delivery's. */
    public Uni<Void> markConflict(long id, String detail) {
        // Added to the detail: a correction of what Douyin was told may have been written first.
        return spiPool.preparedQuery(MARK_CONFLICT).execute(Tuple.of(id, detail)).replaceWithVoid();
    }
}
