package ir.meganaft.ragateway.request;

/** Whom the certificate is for (shared/domain.md, "Kinds of applicant"). */
public enum ApplicantKind {
    INDIVIDUAL, ORGANIZATION, REPRESENTATIVE
}
