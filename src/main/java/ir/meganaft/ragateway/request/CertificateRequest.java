package ir.meganaft.ragateway.request;

import java.time.Instant;

/** A stored certificate request. */
public record CertificateRequest(
        String id,
        String callerSystemId,
        String clientRequestId,
        String contentHash,
        RequestType type,
        Applicant applicant,
        ChannelDetails channel,
        RequestState state,
        byte[] csrDer,
        String publicKeySha256,
        String requestedSubject,
        String profile,
        String remarks,
        String replyTo,
        String callerOperator,
        String rejectionCode,
        String rejectionReason,
        Delivery delivery,
        Instant receivedAt,
        Instant updatedAt) {
}
