package ir.meganaft.ragateway.request;

import java.time.Instant;

/**
 * A stored request: to issue a certificate, renew one, or revoke one.
 *
 * @param targetSerial for RENEW and REVOKE, the certificate concerned
 * @param requestedRevocation for REVOKE, the reason and invalidity date asked for
 */
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
        String targetSerial,
        Revocation requestedRevocation,
        Instant receivedAt,
        Instant updatedAt) {
}
