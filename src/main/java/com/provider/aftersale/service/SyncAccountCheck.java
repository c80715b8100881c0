package com.provider.aftersale.service;

import com.provider.common.config.StartupRefusal;
import com.provider.douyin.config.DouyinApps;
import com.provider.douyin.config.DouyinApps.App;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Locale;

/**
 * Refuses to start, with one line, a replica whose sync worker could not run the jobs it will find: every app can
 * receive scenic notices (the SPI accepts each configured app), each notice queues a sync through its app, and
 * that sync needs the app's merchant account id. Without this, every such job would give up at its first run.
 * A replica with the worker off ({@code AFTER_SALE_SYNC_EVERY=off}) needs none.
 */
@ApplicationScoped
public class SyncAccountCheck {

    void onStart(@Observes @Priority(1) StartupEvent start, SyncJobConfig config, DouyinApps apps) {
        List<String> problem = missingAccounts(config, apps);
        if (!problem.isEmpty()) {
            // AftersaleMain prints the message alone (no stack trace) and exits with 1
            throw new StartupRefusal("aftersale: cannot start: the after-sale sync worker is on "
                    + "(AFTER_SALE_SYNC_EVERY) but these apps have no account id: " + String.join(", ", problem)
                    + " (set them, or AFTER_SALE_SYNC_EVERY=off)");
        }
    }

    /** The apps without an account id, each with the setting that gives it one; empty when none is needed. */
    static List<String> missingAccounts(SyncJobConfig config, DouyinApps apps) {
        if (isOff(config.every())) {
            return List.of();
        }
        return apps.all().stream().filter(app -> app.accountId().isEmpty())
                .map(SyncAccountCheck::describe).toList();
    }

    private static boolean isOff(String every) {
        String value = every.trim().toLowerCase(Locale.ROOT);
        return value.equals("off") || value.equals("disabled");
    }

    private static String describe(App app) {
        return app.name() + " (client_key " + app.clientKey() + ", " + app.accountIdSetting() + ")";
    }
}
