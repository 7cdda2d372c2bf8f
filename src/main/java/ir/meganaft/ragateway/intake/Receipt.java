package ir.meganaft.ragateway.intake;

import ir.meganaft.ragateway.request.RequestState;
import java.time.Instant;

/**
 * The answer to a submission.
 *
 * @param duplicate true when the clientRequestId had been received before and this is the original
 */
public record Receipt(String requestId, String clientRequestId, RequestState state, Instant receivedAt,
        boolean duplicate) {

    /** True when the request is new and must be queued for vetting. */
    public boolean newlyReceived() {
        return !duplicate;
    }
}
