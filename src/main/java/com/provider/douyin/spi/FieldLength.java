package com.provider.douyin.spi;

/**
 * The longest value each kind of string field of an SPI body may have, in characters (UTF-16 units). A longer
 * value is bad input: a 400 that names the field, the raw call kept as REJECTED, nothing else stored. Every
 * string field {@link StrictJson} reads names one of these; the README lists them.
 */
public enum FieldLength {
    /** Douyin's ids: order, cancellation, certificate, after-sale, rate plan, sub-item (19 to 20 digits today). */
    ID(64),
    /** The provider's own ids and third-party codes: order_out_id, code. */
    EXTERNAL_ID(128),
    /** Dates, times and currency codes. */
    SHORT(32),
    /** Free text a person wrote: cancel_reason. */
    TEXT(2048),
    /** A structure sent as a string: voucher. */
    DOCUMENT(16384);

    public final int max;

    FieldLength(int max) {
        this.max = max;
    }
}
