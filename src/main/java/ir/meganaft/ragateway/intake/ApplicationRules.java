package ir.meganaft.ragateway.intake;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.identity.IranianIds;
import ir.meganaft.ragateway.issuance.SubjectBuilder;
import ir.meganaft.ragateway.profile.ProfileViolation;
import ir.meganaft.ragateway.profile.SubjectPolicy;
import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.ApplicantKind;
import ir.meganaft.ragateway.request.Channel;
import ir.meganaft.ragateway.request.ChannelDetails;
import ir.meganaft.ragateway.request.Representative;
import ir.meganaft.ragateway.vetting.DocumentRequirements;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * The center's rules for a complete application, checked before anything is stored: identifiers
 * with valid check digits, contact details in a usable form, the parts each applicant kind and
 * channel needs, the documents each kind must bring, a known certificate profile, and text fit for a
 * certificate ({@link CertificateNames}). Returns the submission in its stored form: mobile numbers
 * as 09xxxxxxxxx, text in NFC with Persian letters.
 */
public final class ApplicationRules {
    private final DocumentRequirements documents;
    /** The profile names this gateway issues, each with the applicant kinds it serves. */
    private final java.util.Map<String, Set<ir.meganaft.ragateway.request.ApplicantKind>> profiles;
    /** Each profile name's subject rules ("" for the default profile): the CA's own, checked here first. */
    private final java.util.Map<String, SubjectPolicy> subjectRules;

    private final Clock clock;

    /** @param profiles the certificate profile names this gateway issues ({@code gateway.profile.name}) */
    public ApplicationRules(DocumentRequirements documents, Set<String> profiles, Clock clock) {
        this(
                documents,
                profiles.stream()
                        .collect(java.util.stream.Collectors.toMap(
                                p -> p,
                                p -> java.util.EnumSet.allOf(ir.meganaft.ragateway.request.ApplicantKind.class))),
                clock);
    }

    /** @param profiles the certificate profile names this gateway issues, each with the applicant kinds it may serve */
    public ApplicationRules(
            DocumentRequirements documents,
            java.util.Map<String, Set<ir.meganaft.ragateway.request.ApplicantKind>> profiles,
            Clock clock) {
        this(documents, profiles, java.util.Map.of(), clock);
    }

    /**
     * @param profiles the certificate profile names this gateway issues, each with the applicant kinds it may serve
     * @param subjectRules each profile name's subject rules, "" for the default profile; a name without
     *     any: no subject rule
     */
    public ApplicationRules(
            DocumentRequirements documents,
            java.util.Map<String, Set<ir.meganaft.ragateway.request.ApplicantKind>> profiles,
            java.util.Map<String, SubjectPolicy> subjectRules,
            Clock clock) {
        this.documents = documents;
        this.profiles = java.util.Map.copyOf(profiles);
        this.subjectRules = java.util.Map.copyOf(subjectRules);
        this.clock = clock;
    }

    public Submission check(Submission received) {
        Submission s = TextFields.normalized(received);
        Applicant a = s.applicant();
        LocalDate today = LocalDate.now(clock);
        email(a.email(), "applicant/contact/email");
        if (a.kind() == ApplicantKind.ORGANIZATION) {
            if (!IranianIds.isValidLegalId(a.legalId())) {
                throw invalid(
                        FaultCode.INVALID_LEGAL_ID,
                        "legal ID (شناسه ملی) " + a.legalId(),
                        "applicant/organization/legalId");
            }
        } else {
            nationalCode(a.nationalCode(), "applicant/person/nationalCode");
        }
        Representative r = a.representative();
        if (r != null) {
            nationalCode(r.nationalCode(), "applicant/representative/person/nationalCode");
            if (r.email() != null) {
                email(r.email(), "applicant/representative/person/contact/email");
            }
        }
        if (a.kind() == ApplicantKind.REPRESENTATIVE) {
            if (r == null || r.authorizationReference() == null || r.authorizationTerms() == null) {
                throw incomplete(
                        "applicant/representative/authorization",
                        "an application through a representative needs the authorization and its terms");
            }
            if (r.authorizationValidUntil() != null
                    && r.authorizationValidUntil().isBefore(today)) {
                throw incomplete(
                        "applicant/representative/authorization/validUntil",
                        "the representative's authorization expired on " + r.authorizationValidUntil());
            }
            if (a.identificationMethod() == null || r.identificationMethod() == null) {
                throw incomplete(
                        "applicant/identificationMethod",
                        "an application through a representative records how each person was identified"
                                + " (applicant/identificationMethod and applicant/representative/identificationMethod)");
            }
        }
        ChannelDetails c = s.channel();
        if (c.channel() == Channel.INSIDE_INDUSTRY
                && (c.companyName() == null || c.rdUnit() == null || c.contractingAuthority() == null)) {
            throw incomplete(
                    "channel/inside",
                    "a request from inside the industry names the company, its R&D unit"
                            + " and the contracting authority (channel/inside)");
        }
        if (s.companyLegalId() != null && !IranianIds.isValidLegalId(s.companyLegalId())) {
            throw invalid(
                    FaultCode.INVALID_LEGAL_ID,
                    "legal ID (شناسه ملی) " + s.companyLegalId(),
                    "channel/inside/companyLegalId");
        }
        profile(s.profile(), a.kind());
        CertificateNames.requireFitForCertificate(a, c);
        subjectFits(s.profile(), a, c);
        List<DocumentRequirements.Submitted> submitted = s.documents().stream()
                .map(d -> new DocumentRequirements.Submitted(d.type(), d.holder(), d.expiryDate()))
                .toList();
        List<String> missing = documents.missing(a.kind(), submitted, today);
        if (!missing.isEmpty()) {
            throw new GatewayException(
                    FaultCode.MISSING_DOCUMENTS,
                    "Documents required for an " + a.kind() + " applicant are missing: " + String.join(", ", missing),
                    String.join(", ", missing),
                    null);
        }
        return new Submission(
                s.callerSystemId(),
                s.clientRequestId(),
                s.callerOperator(),
                s.replyTo(),
                withMobiles(a),
                c,
                s.documents(),
                s.csrDer(),
                s.csrPem(),
                s.profile(),
                s.remarks(),
                s.companyLegalId());
    }

    /** Blank means the default profile; otherwise it must be one this gateway issues, to this kind of applicant. */
    private void profile(String profile, ir.meganaft.ragateway.request.ApplicantKind kind) {
        if (profile == null || profile.isBlank()) {
            return;
        }
        Set<ir.meganaft.ragateway.request.ApplicantKind> serves = profiles.get(profile.strip());
        if (serves == null) {
            throw new GatewayException(
                    FaultCode.UNKNOWN_PROFILE,
                    "Unknown certificate profile " + profile
                            + "; this gateway issues " + String.join(", ", new java.util.TreeSet<>(profiles.keySet()))
                            + " (or leave certificateProfile out for the default)",
                    "certificateProfile",
                    null);
        }
        if (!serves.contains(kind)) {
            throw new GatewayException(
                    FaultCode.UNKNOWN_PROFILE,
                    "Certificate profile " + profile.strip() + " is not issued to " + kind + " applicants (only "
                            + serves + ")",
                    "certificateProfile",
                    null);
        }
    }

    /**
     * The subject and alternative name the RA will ask for (SubjectBuilder's, and the e-mail) fit the
     * profile's subject rules, the same rules the CA applies ({@code profile/SubjectPolicy}); else
     * UNKNOWN_PROFILE, as for a profile the applicant's kind may not have.
     */
    private void subjectFits(String profile, Applicant a, ChannelDetails c) {
        String name = profile == null ? "" : profile.strip();
        SubjectPolicy rules = subjectRules.get(name);
        if (rules == null) {
            return;
        }
        org.bouncycastle.asn1.x509.GeneralNames altNames = a.email() == null
                ? null
                : new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                        org.bouncycastle.asn1.x509.GeneralName.rfc822Name, a.email()));
        try {
            rules.check(new SubjectBuilder().subjectOf(a, c), altNames);
        } catch (ProfileViolation violation) {
            throw new GatewayException(
                    FaultCode.UNKNOWN_PROFILE,
                    "Certificate profile " + (name.isEmpty() ? "(the default)" : name) + " is not issued to this "
                            + a.kind() + " applicant: " + violation.getMessage(),
                    "certificateProfile",
                    null);
        }
    }

    private static Applicant withMobiles(Applicant a) {
        String mobile = mobile(a.mobile(), "applicant/contact/mobile");
        if (a.postalCode() != null && !IranianIds.isValidPostalCode(a.postalCode())) {
            throw invalid(
                    FaultCode.INVALID_POSTAL_CODE,
                    "postal code " + a.postalCode() + " (10 digits)",
                    "applicant/contact/postalCode");
        }
        Representative r = a.representative();
        Representative rep = r == null
                ? null
                : new Representative(
                        r.givenName(),
                        r.surname(),
                        r.nationalCode(),
                        r.email(),
                        mobile(r.mobile(), "applicant/representative/person/contact/mobile"),
                        r.identificationMethod(),
                        r.authorizationReference(),
                        r.authorizationTerms(),
                        r.authorizationValidUntil());
        return new Applicant(
                a.kind(),
                a.givenName(),
                a.surname(),
                a.givenNameLatin(),
                a.surnameLatin(),
                a.nationalCode(),
                a.birthDate(),
                a.email(),
                mobile,
                a.postalCode(),
                a.organizationName(),
                a.organizationNameLatin(),
                a.organizationalUnit(),
                a.legalId(),
                a.jobTitle(),
                a.contractType(),
                a.personnelNumber(),
                a.identificationMethod(),
                rep);
    }

    private static String mobile(String mobile, String field) {
        if (mobile == null) {
            return null;
        }
        String normalized = IranianIds.normalizeMobile(mobile);
        if (normalized == null) {
            throw invalid(
                    FaultCode.INVALID_MOBILE,
                    "mobile number " + mobile + " (+98 / 0098 / 98 / 0, then 9 and nine digits)",
                    field);
        }
        return normalized;
    }

    private static void nationalCode(String code, String field) {
        if (!IranianIds.isValidNationalCode(code)) {
            throw invalid(FaultCode.INVALID_NATIONAL_CODE, "national code (کد ملی) " + code, field);
        }
    }

    private static void email(String email, String field) {
        if (!IranianIds.isValidEmail(email)) {
            throw invalid(FaultCode.INVALID_EMAIL, "e-mail address " + email, field);
        }
    }

    private static GatewayException invalid(FaultCode code, String what, String field) {
        return new GatewayException(code, "Invalid " + what + " in " + field, field, null);
    }

    private static GatewayException incomplete(String field, String message) {
        return new GatewayException(
                FaultCode.INCOMPLETE_APPLICATION, "Incomplete application: " + message, field, null);
    }
}
