package com.provider.aftersale.service;

import com.provider.aftersale.model.SyncJobStatus;
import com.provider.aftersale.repository.SyncJobQueue;
import com.provider.aftersale.repository.SyncJobQueue.Claimed;
import com.provider.common.metrics.GiveUpReason;
import com.provider.common.metrics.QueueMetrics;
import com.provider.common.tracing.Spans;
import com.provider.common.tracing.TraceKeys;
import com.provider.douyin.client.DouyinCallException;
import com.provider.douyin.client.PlatformOutcome;
import com.provider.douyin.client.PlatformOutcomes;
import com.provider.douyin.config.DouyinApps;
import com.provider.douyin.config.DouyinApps.App;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs queued after-sale syncs on every replica: gives up jobs that reached their attempt limit without an
 * outcome (poison jobs), claims due jobs (SKIP LOCKED, so replicas share the queue without taking the same job;
 * the attempt is counted at claim time), runs them concurrently (each app's shared rate budget paces its calls),
 * and records each outcome. Each job runs through the app it came in through, with the account of the rule in
 * {@link AfterSaleSyncService}.
 * <p>
 * Transient failures are retried with exponential backoff: platform trouble, and token trouble (a token refused
 * even after one refresh, the token endpoint failing or rate-limiting). A permanent refusal or an answer that is
 * not exactly as the protocol says gives up at once. Every give-up says why: on the row, in an ERROR line and in
 * {@code aftersale_queue_gave_up_total{queue="after_sale_sync",reason}}. Each job runs in a trace of its own
 * ({@code after-sale sync job}, with its id, keys and attempt), holding its Douyin exchanges and statements.
 */
@ApplicationScoped
public class SyncJobWorker {

    private static final Logger LOG = Logger.getLogger(SyncJobWorker.class);
    private static final AttributeKey<Long> JOB_ID = AttributeKey.longKey("job_id");

    private final SyncJobQueue jobs;
    private final AfterSaleSyncService sync;
    private final DouyinApps apps;
    private final QueueMetrics metrics;
    private final SyncJobConfig config;
    private final Spans spans;

    public SyncJobWorker(SyncJobQueue jobs, AfterSaleSyncService sync, DouyinApps apps, QueueMetrics metrics,
                         SyncJobConfig config, Spans spans) {
        this.spans = spans;
        this.jobs = jobs;
        this.sync = sync;
        this.apps = apps;
        this.metrics = metrics;
        this.config = config;
    }

    @Scheduled(identity = "after-sale-sync-jobs", every = "${after-sale.sync-jobs.every:5s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> runDueJobs() {
        return jobs.giveUpExhausted(config.maxAttempts())
                .invoke(given -> given.forEach(job -> gaveUp(job.id(), job.orderId(), job.attempts(), job.reason(),
                        job.error(), null)))
                .chain(() -> jobs.claim(config.batchSize(), config.lease(), config.maxAttempts()))
                .flatMap(this::runAll)
                .onFailure().recoverWithItem(failure -> {
                    // The database is unreachable or the like: claimed jobs come back when their lease expires.
                    LOG.warnf(failure, "after-sale sync worker round failed");
                    return null;
                });
    }

    private Uni<Void> runAll(List<Claimed> claimed) {
        if (claimed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(claimed.stream().map(this::traced).toList()).andCollectFailures().replaceWithVoid();
    }

    /**
     * One job in a trace of its own, which also puts it on a Vert.x context, so a database session, of its own: the
     * jobs run at the same time.
     */
    private Uni<Void> traced(Claimed job) {
        Attributes keys = Attributes.builder().put(JOB_ID, job.id()).put(TraceKeys.ORDER_ID, job.orderId())
                .put(TraceKeys.CERTIFICATE_ID, job.certificateId()).put(TraceKeys.CLIENT_KEY, job.clientKey())
                .put(TraceKeys.ATTEMPT, job.attempts()).build();
        return spans.newTrace("after-sale sync job", keys, span -> run(job));
    }

    private Uni<Void> run(Claimed job) {
        Optional<App> app = apps.byClientKey(job.clientKey());
        if (app.isEmpty()) {
            return giveUpNow(job, GiveUpReason.UNKNOWN_APP, "the job came in through app " + job.clientKey()
                    + ", which is not configured (douyin.apps.<name>.client-key)");
        }
        Optional<String> account = sync.accountFor(app.get(), job.accountId());
        if (account.isEmpty()) {
            return giveUpNow(job, GiveUpReason.NO_ACCOUNT, "no account_id: the job names none and "
                    + app.get().accountIdSetting() + " (app " + app.get().name() + ") is not set");
        }
        return sync.sync(app.get(), job.orderId(), job.certificateId(), account.get(), null)
                .flatMap(result -> jobs.markDone(job))
                .invoke(kept -> {
                    if (!kept) {
                        LOG.warnf("sync job %d finished after its lease passed to another worker", job.id());
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> recordFailure(job, failure));
    }

    private Uni<Void> recordFailure(Claimed claimed, Throwable failure) {
        DouyinCallException e = PlatformOutcomes.fromFailure("sync job " + claimed.id(), failure);
        GiveUpReason now = null;
        if (!e.tokenTrouble() && e.outcome() == PlatformOutcome.PERMANENT) {
            now = GiveUpReason.PLATFORM_REFUSED;
        } else if (!e.tokenTrouble() && e.outcome() == PlatformOutcome.MALFORMED) {
            now = GiveUpReason.MALFORMED_ANSWER;
        }
        GiveUpReason whenExhausted = e.tokenTrouble() ? GiveUpReason.TOKEN_UNAVAILABLE : GiveUpReason.MAX_ATTEMPTS;
        return record(claimed, now, whenExhausted, backoff(claimed.attempts()), e.getMessage(),
                e.platformErrorCode(), e.platformLogId());
    }

    private Uni<Void> giveUpNow(Claimed claimed, GiveUpReason reason, String error) {
        return record(claimed, reason, reason, Duration.ZERO, error, null, null);
    }

    private Uni<Void> record(Claimed claimed, GiveUpReason now, GiveUpReason whenExhausted, Duration backoff,
                             String error, Long errorCode, String logId) {
        return jobs.markFailed(claimed, now, config.maxAttempts(), backoff, whenExhausted, error, errorCode, logId)
                .invoke(after -> after.filter(a -> a.status() == SyncJobStatus.GAVE_UP).ifPresent(a ->
                        gaveUp(claimed.id(), claimed.orderId(), claimed.attempts(), a.reason(), error, logId)))
                .replaceWithVoid();
    }

    private void gaveUp(long id, String orderId, int attempts, GiveUpReason reason, String error, String logId) {
        metrics.gaveUp(QueueMetrics.SYNC_JOBS, reason);
        LOG.errorf("sync job %d (order %s) gave up after %d attempt(s), reason %s: %s [platform logid %s]; "
                + "POST /api/after-sales/sync-jobs/%d/requeue runs it again", id, orderId, attempts, reason, error,
                logId, id);
    }

    /** base * 2^(attempts-1), capped, with +-20 % jitter so a burst of failures does not retry in step. */
    private Duration backoff(int attempts) {
        long base = config.backoffBase().toMillis();
        long max = config.backoffMax().toMillis();
        long exponential = base << Math.min(Math.max(attempts - 1, 0), 20);
        long capped = Math.min(max, exponential < 0 ? max : exponential);
        long jitter = (long) (capped * 0.2 * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
        return Duration.ofMillis(Math.max(0, capped + jitter));
    }
}
