package com.provider.douyin.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provider's Douyin apps and how the SPI endpoints treat inbound calls.
 * The primary app comes from {@code DOUYIN_CLIENT_KEY} / {@code DOUYIN_CLIENT_SECRET}; further apps
 * (and extra secrets while one is rotated) are added under {@code douyin.apps.<name>}.
 */
@ConfigMapping(prefix = "douyin")
public interface DouyinConfig {

    /** The primary app's client_key ({@code DOUYIN_CLIENT_KEY}). */
    String clientKey();

    /** The primary app's client_secret ({@code DOUYIN_CLIENT_SECRET}). */
    String clientSecret();

    /**
     * Other secrets still accepted for the primary app while a secret is rotated
     * ({@code DOUYIN_CLIENT_SECRET_PREVIOUS}, comma separated).
     */
    @WithName("client-secret-previous")
    Optional<List<String>> previousClientSecrets();

    /**
     * Further apps, keyed by any name: {@code douyin.apps.<name>.client-key}, {@code .client-secrets} and
     * {@code .account-id}. Each has its own client token and rate budget ({@link DouyinApps}).
     */
    Map<String, App> apps();

    /** Base URL of every outbound call, the token call included ({@code DOUYIN_API_URL}). */
    @WithDefault("https://open.douyin.com")
    URI apiUrl();

    /**
     * The primary app's merchant root account ({@code DOUYIN_ACCOUNT_ID}): the account of its after-sale syncs
     * when the request or job names none.
     */
    Optional<String> accountId();

    Spi spi();

    interface App {
        String clientKey();

        /**
         * All are accepted on SPI calls, so a rotation keeps old and new; the first is the current one, with
         * which this app fetches its client token.
         */
        List<String> clientSecrets();

        /** This app's merchant root account: the account of its after-sale syncs when none is named. */
        Optional<String> accountId();
    }

    interface Spi {
        /**
         * Bodies over this are refused with 413: before they are read when the declared length says so, and
         * as soon as a chunked body passes it otherwise.
         */
        @WithDefault("1M")
        MemorySize maxBodySize();

        /**
         * How long a call's body may take to arrive, counted from the call's arrival; a slower one is answered
         * 408 and its connection closed. Douyin sends whole bodies at once and waits 3 s for the answer.
         */
        @WithDefault("2s")
        Duration bodyReadTimeout();

        /**
         * SPI calls whose bodies may be held in memory at once (being read or handled). One more, that passed
         * the checks made before its body, is answered error_code 100 at once (Douyin retries).
         */
        @WithDefault("512")
        int maxBodiesInMemory();

        /** The same bound in bytes: the declared lengths (or bytes read so far) of those bodies together. */
        @WithDefault("16M")
        MemorySize maxBodyBytesInMemory();

        /** Lines per second each kind of refusal (401, 413, 408, 400, overload) may write; the rest are counted. */
        @WithDefault("5")
        int refusalLogsPerSecond();

        /** Accept the legacy MD5 {@code sign} query parameter when the x-life-sign header is absent. */
        @WithDefault("false")
        boolean legacySignEnabled();

        /**
         * Opt-in freshness window for the URL {@code timestamp} (milliseconds). Off by default: Douyin's
         * retries may carry the first timestamp, and idempotency keys are the real defence against replay.
         */
        Optional<Duration> timestampTolerance();

        /**
         * How long a callback may take to become durable before the service answers error_code 100
         * (Douyin retries). Douyin expects an answer within 3 s; the rest is margin for a busy machine.
         */
        @WithDefault("2s")
        Duration durabilityTimeout();
    }
}
