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
