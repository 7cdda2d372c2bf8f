package ir.meganaft.ragateway.security;

/** The RA staff roles of docs/domain.md: each is a separate permission; one officer may hold several. */
public enum RaRole {
    /** Receives the applicant's documents and authenticates identity. */
    INTAKE_OFFICER,
    /** Checks the documents against the center's standards. */
    COMPLIANCE_OFFICER,
    /** Registers (approves) the request and delivers the token. */
    REGISTRAR,
    /** Keeps the revocation list and the published lists current. */
    PUBLISHER,
    /** Keeps the records and the applicants' documents. */
    ARCHIVIST
}
