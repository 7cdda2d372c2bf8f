package ir.meganaft.ragateway.errors;

/**
 * The stable machine codes of the gateway's faults. The same list, with meanings, is in
 * {@code wsdl/xsd/ra-types.xsd}: callers program against these names, so never rename one.
 */
public enum FaultCode {
    MALFORMED_XML(true),
    SCHEMA_INVALID(true),
    CSR_UNPARSABLE(true),
    CSR_SIGNATURE_INVALID(true),
    WEAK_KEY(true),
    CSR_SUBJECT_MISMATCH(true),
    IDEMPOTENCY_CONFLICT(true),
    UNKNOWN_REQUEST(true),
    ILLEGAL_STATE(true),
    CERTIFICATE_NOT_ISSUED(true),
    INVALID_NATIONAL_CODE(true),
    INVALID_LEGAL_ID(true),
    INVALID_MOBILE(true),
    INVALID_POSTAL_CODE(true),
    INVALID_EMAIL(true),
    INCOMPLETE_APPLICATION(true),
    MISSING_DOCUMENTS(true),
    NOT_AUTHORIZED(true),
    FOUR_EYES_VIOLATION(true),
    PAYMENT_REQUIRED(true),
    PAYMENT_MISMATCH(true),
    UNKNOWN_EVIDENCE(true),
    UNKNOWN_CERTIFICATE(true),
    ALREADY_REVOKED(true),
    NOT_ON_HOLD(true),
    RENEWAL_NOT_ALLOWED(true),
    CRL_NOT_AVAILABLE(false),
    PAGE_TOO_LARGE(true),
    CERTIFICATE_UNPARSABLE(true),
    INVALID_SERIAL_NUMBER(true),
    INVALID_ISSUER(true),
    UNKNOWN_DEAD_LETTER(true),
    CPMIS_ACCOUNT_CONFLICT(true),
    /** The data directory's disk is (nearly) full: nothing was stored; the same call may succeed later. */
    STORAGE_FULL(false),
    /** header/replyTo is not under a callback address registered for the caller system: nothing was stored. */
    REPLY_TO_NOT_ALLOWED(true),
    /** A name or other text holds control, format or bidi characters, markup, only white space, or another script in a Latin field. */
    INVALID_NAME(true),
    /** A value would exceed its X.520 upper bound in the certificate's subject (CN, O, OU: 64 characters). */
    NAME_TOO_LONG(true),
    /**
     * certificateProfile names no profile this gateway issues, one the applicant's kind may not have, or one
     * whose subject rules the applicant's subject breaks.
     */
    UNKNOWN_PROFILE(true),
    /** The HTTP method is not POST (GET only for ?wsdl and ?xsd=). */
    METHOD_NOT_ALLOWED(true),
    /** The Content-Type is not the port's SOAP media type or multipart/related, or names an unknown charset. */
    UNSUPPORTED_MEDIA_TYPE(true),
    /** The SOAPAction or the Body's element names no operation of this port. */
    UNKNOWN_OPERATION(true),
    /**
     * The request is larger than gateway.http.max-request-bytes (or a header than gateway.http.max-header-bytes),
     * or carries more MTOM attachments, or more attachment bytes, than gateway.http.max-attachments and
     * gateway.http.max-attachment-bytes allow.
     */
    REQUEST_TOO_LARGE(true),
    /** The request's body did not arrive within gateway.http.max-read-ms of its headers. */
    REQUEST_TIMEOUT(true),
    /** A document check names a document the request does not carry, or a type several holders carry without its holder. */
    UNKNOWN_DOCUMENT(true),
    /** The client certificate does not chain to a configured trust anchor, or is not for TLS client authentication. */
    CLIENT_CERTIFICATE_UNTRUSTED(true),
    /** The client certificate is outside its validity period. */
    CLIENT_CERTIFICATE_EXPIRED(true),
    /** The client certificate is revoked or on hold. */
    CLIENT_CERTIFICATE_REVOKED(true),
    /** The client certificate is trusted but maps to no configured principal. */
    UNKNOWN_CLIENT(true),
    /** An identity in the message (systemId, officerId, adminId) differs from the authenticated caller's. */
    IDENTITY_MISMATCH(true),
    /**
     * More requests with large bodies (over gateway.http.eager-read-bytes) are arriving than
     * gateway.http.max-large-bodies and gateway.http.max-waiting-large-bodies allow, or this one
     * waited gateway.http.max-wait-ms for its turn: HTTP 503 with Retry-After; nothing was read or stored.
     */
    GATEWAY_BUSY(false),
    /** AdminService pushCrl: no push target of that name is configured (gateway.crl.targets.NAME). */
    UNKNOWN_CRL_TARGET(true),
    /** AdminService's catch-all operations: the queue named is not one of the broker's catch-all queues (DLQ, ExpiryQueue). */
    UNKNOWN_QUEUE(true),
    /**
     * replayCatchAllDeadLetters: the message names no queue it came from (_AMQ_ORIG_QUEUE), or that queue no longer
     * exists on the broker; the message stays where it is.
     */
    NO_ORIGINAL_QUEUE(true),
    INTERNAL_ERROR(false);

    private final boolean callerError;

    FaultCode(boolean callerError) {
        this.callerError = callerError;
    }

    /** True when the caller must change the request; false when a retry may succeed. */
    public boolean isCallerError() {
        return callerError;
    }
}
