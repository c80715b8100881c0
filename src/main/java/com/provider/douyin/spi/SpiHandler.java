package com.provider.douyin.spi;

import io.smallrye.mutiny.Uni;

import java.util.Map;

/**
 * One SPI endpoint's business logic, plugged into {@link SpiPipeline}.
 *
 * @param <T> the parsed, validated request
 */
public interface SpiHandler<T> {

    /** Short name stored with every call, e.g. {@code hotel.cancel-order}. */
    String name();

    /** The endpoint Douyin calls, e.g. {@code /douyin/spi/hotel/cancel-order}. */
    String path();

    /** Parses and validates the raw body; throws a 400 {@link SpiRejection} naming every problem. */
    T parse(byte[] body);

    /** The id operators search the inbox by (cancel_id, order_id...). */
    String businessKey(T request);

    /**
     * Applies the call and answers it. It must store the raw call in the inbox in the same transaction
     * as its business effect (in the same statement, which inserts the call's {@code spi_inbox} row),
     * note the committed row on the call, even if its caller stopped waiting
     * ({@link com.provider.douyin.spi.repository.InboxStore#storing}), and answer a redelivery exactly as it
     * answered the first delivery.
     */
    Uni<SpiResult> handle(SpiCall call, T request);

    /** Business ids every log line of this call should carry (order_id, cancel_id...). */
    default Map<String, String> logContext(T request) {
        return Map.of();
    }
}
