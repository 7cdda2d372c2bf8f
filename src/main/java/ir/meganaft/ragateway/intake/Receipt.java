package ir.meganaft.ragateway.intake;

import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.RequestState;
import java.time.Instant;

/**
 * The answer to a submission.
 *
 * @param duplicate true when the clientRequestId had been received before and this is the original
 */
public record Receipt(
        String requestId, String clientRequestId, RequestState state, Instant receivedAt, boolean duplicate) {

    /** The answer for a request just stored. */
    public static Receipt received(CertificateRequest request) {
        return new Receipt(request.id(), request.clientRequestId(), request.state(), request.receivedAt(), false);
    }

    /** The answer for a repeated submission: the request stored the first time, as it stands now. */
    public static Receipt repeated(CertificateRequest original) {
        return new Receipt(original.id(), original.clientRequestId(), original.state(), original.receivedAt(), true);
    }

    /** True when the request is new and must be queued for vetting. */
    public boolean newlyReceived() {
        return !duplicate;
    }
}
