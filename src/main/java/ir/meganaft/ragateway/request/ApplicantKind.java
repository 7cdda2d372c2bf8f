package ir.meganaft.ragateway.request;

/** Whom the certificate is for (docs/domain.md, "Applicants and their evidence"). */
public enum ApplicantKind {
    INDIVIDUAL,
    ORGANIZATION,
    REPRESENTATIVE
}
