package ir.meganaft.ragateway.request;

import java.time.LocalDate;

/**
 * The applicant as submitted, normalized (ASCII digits, Persian letters, mobile as 09xxxxxxxxx).
 * For an organization the person fields are empty: the organization's representative is in
 * {@link #representative()}, and e-mail and mobile are the organization's.
 */
public record Applicant(
        ApplicantKind kind,
        String givenName,
        String surname,
        String givenNameLatin,
        String surnameLatin,
        String nationalCode,
        LocalDate birthDate,
        String email,
        String mobile,
        String postalCode,
        String organizationName,
        String organizationNameLatin,
        String organizationalUnit,
        String legalId,
        String jobTitle,
        String contractType,
        String personnelNumber,
        String identificationMethod,
        Representative representative) {

    /** The name the certificate will carry: the person's full name, or the organization's name. */
    public String displayName() {
        return kind == ApplicantKind.ORGANIZATION ? organizationName : givenName + " " + surname;
    }

    /** The national code, or the legal ID for an organization. */
    public String identifier() {
        return kind == ApplicantKind.ORGANIZATION ? legalId : nationalCode;
    }
}
