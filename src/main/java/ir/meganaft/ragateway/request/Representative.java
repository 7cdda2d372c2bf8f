package ir.meganaft.ragateway.request;

import java.time.LocalDate;

/**
 * The person who applies for someone else (applicant kind REPRESENTATIVE) or for an
 * organization (its representative), with the authority they act under.
 */
public record Representative(
        String givenName,
        String surname,
        String nationalCode,
        String email,
        String mobile,
        String identificationMethod,
        String authorizationReference,
        String authorizationTerms,
        LocalDate authorizationValidUntil) {

    public String fullName() {
        return givenName + " " + surname;
    }
}
