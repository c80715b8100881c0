package com.provider.douyin.config;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provider's Douyin apps as the outbound side sees them: the primary app ({@code DOUYIN_CLIENT_KEY},
 * {@code DOUYIN_CLIENT_SECRET}, {@code DOUYIN_ACCOUNT_ID}) and every {@code douyin.apps.<name>}, keyed by
 * client_key. Work that came in through an app (a cancellation, a scenic notice) is sent back through the same
 * app: its token, its rate budget, its account. An entry of {@code douyin.apps} with the primary's client_key
 * adds secrets to the primary app rather than a second app.
 */
@ApplicationScoped
public class DouyinApps {

    public static final String PRIMARY = "primary";

    /**
     * One app. {@code clientSecret} is the current secret (it fetches the token); {@code accountIdSetting} names
     * the setting that holds {@code accountId}, for messages. Secrets never appear in {@link #toString()}.
     */
    public record App(String name, String clientKey, String clientSecret, Optional<String> accountId,
                      String accountIdSetting) {
        @Override
        public String toString() {
            return "App[" + name + ", client_key " + clientKey + "]";
        }
    }

    private final App primary;
    private final Map<String, App> byClientKey;

    public DouyinApps(DouyinConfig config) {
        this.primary = new App(PRIMARY, config.clientKey(), config.clientSecret(), nonBlank(config.accountId()),
                "DOUYIN_ACCOUNT_ID");
        Map<String, App> apps = new LinkedHashMap<>();
        apps.put(primary.clientKey(), primary);
        config.apps().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            DouyinConfig.App app = entry.getValue();
            String setting = "douyin.apps." + entry.getKey() + ".account-id";
            if (app.clientKey().equals(primary.clientKey())) {
                if (primary.accountId().isEmpty() && nonBlank(app.accountId()).isPresent()) {
                    apps.put(primary.clientKey(), new App(PRIMARY, primary.clientKey(), primary.clientSecret(),
                            nonBlank(app.accountId()), setting));
                }
                return;
            }
            apps.putIfAbsent(app.clientKey(), new App(entry.getKey(), app.clientKey(), app.clientSecrets().get(0),
                    nonBlank(app.accountId()), setting));
        });
        this.byClientKey = Map.copyOf(apps);
    }

    /** The primary app (as merged with a {@code douyin.apps} entry of the same client_key). */
    public App primary() {
        return byClientKey.get(primary.clientKey());
    }

    /** The app of {@code clientKey}; the primary app when {@code clientKey} is null (work queued before apps). */
    public Optional<App> byClientKey(String clientKey) {
        return clientKey == null ? Optional.of(primary()) : Optional.ofNullable(byClientKey.get(clientKey));
    }

    public Collection<App> all() {
        List<App> all = new ArrayList<>(byClientKey.values());
        all.sort((a, b) -> a == primary() ? -1 : b == primary() ? 1 : a.name().compareTo(b.name()));
        return all;
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }
}
