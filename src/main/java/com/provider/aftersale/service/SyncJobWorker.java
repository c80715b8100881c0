package com.provider.aftersale.service;

import com.provider.aftersale.model.SyncJob;
import com.provider.aftersale.model.SyncJobStatus;
import com.provider.aftersale.repository.SyncJobRepository;
import com.provider.aftersale.repository.SyncJobRepository.Claimed;
import com.provider.douyin.client.DouyinCallException;
import com.provider.douyin.client.PlatformOutcome;
import com.provider.douyin.client.PlatformOutcomes;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs queued after-sale syncs on every replica: claims due jobs (SKIP LOCKED, so replicas share the queue
 * without taking the same job), runs them concurrently (the shared rate budget paces the calls), and records
 * each outcome. Transient failures are retried with exponential backoff, permanent refusals give up at once.
 */
@ApplicationScoped
public class SyncJobWorker {

    private static final Logger LOG = Logger.getLogger(SyncJobWorker.class);

    private final SyncJobRepository jobs;
    private final AfterSaleSyncService sync;
    private final SyncJobConfig config;

    public SyncJobWorker(SyncJobRepository jobs, AfterSaleSyncService sync, SyncJobConfig config) {
        this.jobs = jobs;
        this.sync = sync;
        this.config = config;
    }

    @Scheduled(identity = "after-sale-sync-jobs", every = "${after-sale.sync-jobs.every:5s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> runDueJobs() {
        return jobs.claim(config.batchSize(), config.lease())
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
        return Uni.join().all(claimed.stream().map(this::run).toList()).andCollectFailures().replaceWithVoid();
    }

    private Uni<Void> run(Claimed claimed) {
        SyncJob job = claimed.job();
        Optional<String> account = sync.accountOrDefault(job.accountId());
        if (account.isEmpty()) {
            return jobs.markFailed(claimed, true, config.maxAttempts(), Duration.ZERO,
                    "no account_id on the job and DOUYIN_ACCOUNT_ID is not set", null, null).replaceWithVoid();
        }
        return sync.sync(job.orderId(), job.certificateId(), account.get())
                .flatMap(result -> jobs.markDone(claimed))
                .invoke(kept -> {
                    if (!kept) {
                        LOG.warnf("sync job %d finished after its lease passed to another worker", job.id());
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> recordFailure(claimed, failure));
    }

    private Uni<Void> recordFailure(Claimed claimed, Throwable failure) {
        DouyinCallException e = PlatformOutcomes.fromFailure("sync job " + claimed.job().id(), failure);
        boolean permanent = e.outcome() == PlatformOutcome.PERMANENT || e.outcome() == PlatformOutcome.TOKEN_INVALID;
        Duration backoff = backoff(claimed.job().attempts());
        return jobs.markFailed(claimed, permanent, config.maxAttempts(), backoff, e.getMessage(),
                        e.platformErrorCode(), e.platformLogId())
                .invoke(status -> {
                    if (status == SyncJobStatus.GAVE_UP) {
                        LOG.errorf("sync job %d (order %s) gave up after %d attempts: %s [platform logid %s]",
                                claimed.job().id(), claimed.job().orderId(), claimed.job().attempts(), e.getMessage(),
                                e.platformLogId());
                    }
                })
                .replaceWithVoid();
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
