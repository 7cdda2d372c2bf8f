package ir.meganaft.ragateway.request;

/**
 * The applicant as submitted, normalized (ASCII digits, Persian letters). For an organization,
 * the person fields are its representative's and e-mail is the organization's.
 */
public record Applicant(ApplicantKind kind, String givenName, String surname, String givenNameLatin,
        String surnameLatin, String nationalCode, String email, String mobile, String organizationName,
        String organizationNameLatin, String organizationalUnit, String legalId, String jobTitle) {

    /** The name the certificate will carry: the person's full name, or the organization's name. */
    public String displayName() {
        return kind == ApplicantKind.ORGANIZATION ? organizationName : givenName + " " + surname;
    }

    /** The national code, or the legal ID for an organization. */
    public String identifier() {
        return kind == ApplicantKind.ORGANIZATION ? legalId : nationalCode;
    }
}
