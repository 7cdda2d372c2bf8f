package ir.meganaft.ragateway.request;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored request: to issue a certificate, renew one, or revoke one. New requests are made by
 * the factory of their kind ({@link #issue}, {@link #renewal}, {@link #revocation}); the canonical
 * constructor is for reading a stored one back.
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

    /**
     * Who sent a request and how they want to hear back.
     *
     * @param callerSystemId the system that asked (the authenticated caller)
     * @param clientRequestId the caller's own id for the request, unique per caller system
     * @param callerOperator the person at the caller who asked, or the RA actor, if known
     * @param replyTo the callback address asked for, or null
     */
    public record Sender(String callerSystemId, String clientRequestId, String callerOperator, String replyTo) {}

    /**
     * A request's CSR as it is kept: the DER, the SHA-256 of its public key, and its subject as text.
     */
    public record Csr(byte[] der, String publicKeySha256, String subject) {}

    /** A new request to issue a certificate, RECEIVED: vetting comes next. */
    public static CertificateRequest issue(
            Sender sender,
            String contentHash,
            Applicant applicant,
            ChannelDetails channel,
            Csr csr,
            String profile,
            String remarks,
            Instant at) {
        return new CertificateRequest(
                newId(),
                sender.callerSystemId(),
                sender.clientRequestId(),
                contentHash,
                RequestType.ISSUE,
                applicant,
                channel,
                RequestState.RECEIVED,
                csr.der(),
                csr.publicKeySha256(),
                csr.subject(),
                profile,
                remarks,
                sender.replyTo(),
                sender.callerOperator(),
                null,
                null,
                null,
                null,
                null,
                at,
                at);
    }

    /**
     * A new renewal of certificate {@code targetSerial}, RECEIVED: the vetted applicant, channel and
     * profile of {@code origin} (the request that certificate was issued for) with the CSR given (a
     * new key, or the one kept). Without a replyTo of its own, the caller hears where it heard for
     * the original.
     */
    public static CertificateRequest renewal(
            Sender sender,
            String contentHash,
            CertificateRequest origin,
            String targetSerial,
            Csr csr,
            String remarks,
            Instant at) {
        return new CertificateRequest(
                newId(),
                sender.callerSystemId(),
                sender.clientRequestId(),
                contentHash,
                RequestType.RENEW,
                origin.applicant(),
                origin.channel(),
                RequestState.RECEIVED,
                csr.der(),
                csr.publicKeySha256(),
                csr.subject(),
                origin.profile(),
                remarks,
                sender.replyTo() != null ? sender.replyTo() : origin.replyTo(),
                sender.callerOperator(),
                null,
                null,
                null,
                targetSerial,
                null,
                at,
                at);
    }

    /**
     * A new revocation of certificate {@code targetSerial}, in its first state ({@link
     * RequestType#firstStates}: PENDING_APPROVAL, or APPROVED to take effect at once). It carries
     * the applicant, channel, key and profile of {@code origin}, the request the certificate was
     * issued for, so that its history and the searches read like the original's.
     */
    public static CertificateRequest revocation(
            Sender sender,
            String contentHash,
            CertificateRequest origin,
            String targetSerial,
            Revocation wanted,
            RequestState state,
            String remarks,
            Instant at) {
        if (!RequestType.REVOKE.firstStates().contains(state)) {
            throw new IllegalArgumentException(
                    "A revocation is stored in one of " + RequestType.REVOKE.firstStates() + ", not " + state);
        }
        return new CertificateRequest(
                newId(),
                sender.callerSystemId(),
                sender.clientRequestId(),
                contentHash,
                RequestType.REVOKE,
                origin.applicant(),
                origin.channel(),
                state,
                origin.csrDer(),
                origin.publicKeySha256(),
                origin.requestedSubject(),
                origin.profile(),
                remarks,
                sender.replyTo(),
                sender.callerOperator(),
                null,
                null,
                null,
                targetSerial,
                wanted,
                at,
                at);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
