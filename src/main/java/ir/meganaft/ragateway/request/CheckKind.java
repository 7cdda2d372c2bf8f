package ir.meganaft.ragateway.request;

/** The kinds of evidence kept for a request. */
public enum CheckKind {
    AUTOMATIC_CHECKS,
    CIVIL_REGISTRY_INQUIRY,
    PAYMENT,
    IDENTITY_CHECK,
    DOCUMENT_CHECK,
    APPROVAL,
    REJECTION,
    DELIVERY
}
