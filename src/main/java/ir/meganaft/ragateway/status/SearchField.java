package ir.meganaft.ragateway.status;

/** What findCertificates searches by: the applicant's national code, legal ID, e-mail or organization. */
public enum SearchField {
    NATIONAL_CODE,
    LEGAL_ID,
    EMAIL,
    ORGANIZATION
}
