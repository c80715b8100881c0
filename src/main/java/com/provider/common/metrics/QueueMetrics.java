package com.provider.common.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Depth and age of the durable work queues, read from PostgreSQL (they are shared by every replica, so each
 * replica reports the same figures): {@code aftersale_queue_depth{queue}} and
 * {@code aftersale_queue_oldest_age_seconds{queue}} for the after-sale sync jobs and the cancel-audit outbox, and
 * {@code aftersale_queue_gave_up_total{queue,reason}}: work this replica gave up, by {@link GiveUpReason}.
 */
@ApplicationScoped
@Startup
public class QueueMetrics {

    private static final Logger LOG = Logger.getLogger(QueueMetrics.class);

    /** The after-sale detail sync jobs. */
    public static final String SYNC_JOBS = "after_sale_sync";
    /** The outbox of decisions on hotel cancellations. */
    public static final String CANCEL_AUDITS = "hotel_cancel_audit";

    private static final String QUEUES = """
            SELECT 'after_sale_sync' AS queue, count(*) AS depth,
                   coalesce(extract(epoch FROM now() - min(created_at)), 0)::bigint AS oldest
            FROM after_sale_sync_job WHERE status IN ('QUEUED', 'RUNNING')
            UNION ALL
            SELECT 'hotel_cancel_audit', count(*), coalesce(extract(epoch FROM now() - min(decided_at)), 0)::bigint
            FROM hotel_cancel_audit WHERE delivery_status = 'PENDING'""";

    private final Pool pool;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> depth = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> oldestAge = new ConcurrentHashMap<>();
    private final Map<String, Counter> gaveUp = new ConcurrentHashMap<>();

    public QueueMetrics(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.registry = registry;
        // Published from the start (0 until the first read), so dashboards and alerts see the series.
        for (String queue : new String[] {SYNC_JOBS, CANCEL_AUDITS}) {
            gauge(depth, "aftersale.queue.depth", "Work waiting in a durable queue", queue);
            gauge(oldestAge, "aftersale.queue.oldest.age.seconds", "Age of the oldest work waiting in a durable queue",
                    queue);
            for (GiveUpReason reason : GiveUpReason.values()) {
                gaveUp.put(queue + "/" + reason, Counter.builder("aftersale.queue.gave.up")
                        .description("Queued work given up (GAVE_UP jobs, FAILED decisions), by reason")
                        .tags("queue", queue, "reason", reason.name()).register(registry));
            }
        }
    }

    /** Counts one piece of work of {@code queue} given up for {@code reason}. */
    public void gaveUp(String queue, GiveUpReason reason) {
        Counter counter = gaveUp.get(queue + "/" + reason);
        if (counter == null) {
            throw new IllegalArgumentException("unknown queue " + queue);
        }
        counter.increment();
    }

    @Scheduled(every = "${aftersale.metrics.queues.every:15s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return pool.query(QUEUES).execute()
                // a read that hangs (database unreachable) must not hold back every later refresh
                .ifNoItem().after(Duration.ofSeconds(5)).fail()
                .invoke(rows -> {
                    for (Row row : rows) {
                        String queue = row.getString("queue");
                        gauge(depth, "aftersale.queue.depth", "Work waiting in a durable queue", queue)
                                .set(row.getLong("depth"));
                        gauge(oldestAge, "aftersale.queue.oldest.age.seconds",
                                "Age of the oldest work waiting in a durable queue", queue)
                                .set(row.getLong("oldest"));
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("queue metrics not refreshed: %s", failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** The last figures read: queue name to its depth and the age of its oldest item, in seconds. */
    public Map<String, long[]> lastRead() {
        Map<String, long[]> figures = new java.util.TreeMap<>();
        depth.forEach((queue, value) -> figures.put(queue,
                new long[] {value.get(), oldestAge.getOrDefault(queue, new AtomicLong()).get()}));
        return figures;
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String name, String description, String queue) {
        return values.computeIfAbsent(queue, q -> {
            AtomicLong value = new AtomicLong();
            // a supplier keeps the value strongly reachable (the object form holds it only weakly)
            Gauge.builder(name, value::get).description(description).tags("queue", q).register(registry);
            return value;
        });
    }
}
