package com.provider.douyin.spi;

/**
 * A call's one inbox row, and what Douyin was told: the two must agree. A row commits saying the answer the
 * service means to give, and the pipeline answers once it has committed; but the answer can also come first
 * (the durability budget ran out while the statement was still running, and it committed later) or differ
 * (something failed after the row committed, and Douyin is told error_code 100). Whichever of the two events
 * comes second finds the disagreement and returns the correction to make. Thread-safe: the answer is given on
 * the call's event loop or a timer thread, the row commits on whichever thread its statement completes.
 */
public final class InboxRow {

    /** What the row must be changed to say. */
    public record Correction(long id, int httpStatus, int errorCode, String detail) {
    }

    private long id;
    private int storedErrorCode;
    private SpiAnswer answer;
    private String reason;

    /**
     * The call's row committed, saying {@code errorCode}.
     *
     * @return the correction to make if Douyin was already told something else, else null
     */
    public synchronized Correction committed(long id, int errorCode) {
        this.id = id;
        this.storedErrorCode = errorCode;
        if (answer == null || answer.errorCode() == errorCode) {
            return null;
        }
        return new Correction(id, answer.httpStatus(), answer.errorCode(), "stored after Douyin was told error_code "
                + answer.errorCode() + " (" + reason + ")" + retried(answer));
    }

    /**
     * Douyin is told {@code answer}, for {@code reason} when it is not the answer the call's row would give. Only
     * the first answer counts: a call is answered once.
     *
     * @return the correction to make if the call's row committed saying something else, else null
     */
    public synchronized Correction answered(SpiAnswer answer, String reason) {
        if (this.answer != null) {
            return null;
        }
        this.answer = answer;
        this.reason = reason;
        if (id == 0 || answer.errorCode() == storedErrorCode) {
            return null;
        }
        return new Correction(id, answer.httpStatus(), answer.errorCode(), "Douyin was told error_code "
                + answer.errorCode() + " after this row was stored (" + reason + ")" + retried(answer));
    }

    /** Whether the call's row has committed: the call is kept, and no other row may be written for it. */
    public synchronized boolean isCommitted() {
        return id != 0;
    }

    private static String retried(SpiAnswer answer) {
        return answer.errorCode() == SpiErrorCode.RETRY_LATER.code ? "; Douyin will retry it" : "";
    }
}
