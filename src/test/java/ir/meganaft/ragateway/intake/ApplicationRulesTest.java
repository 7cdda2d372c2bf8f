package ir.meganaft.ragateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.ApplicantKind;
import ir.meganaft.ragateway.request.Channel;
import ir.meganaft.ragateway.request.ChannelDetails;
import ir.meganaft.ragateway.vetting.DocumentRequirements;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApplicationRulesTest {
    private final ApplicationRules rules = new ApplicationRules(
            DocumentRequirements.fromSettings(java.util.Arrays.stream(ApplicantKind.values())
                    .collect(java.util.stream.Collectors.toMap(
                            k -> k.name().toLowerCase(java.util.Locale.ROOT) + ".required", k -> ""))),
            Set.of("meganaft-subscriber"),
            Clock.systemUTC());

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"meganaft-subscriber", "", " "})
    void accepts_the_known_profile_or_none(String profile) {
        assertThat(rules.check(submission(outside(), profile, null, "Ali")).profile())
                .isEqualTo(profile);
        assertThat(rules.check(submission(outside(), null, null, "Ali")).profile())
                .isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gold", "MEGANAFT-SUBSCRIBER", "meganaft-subscriber-2", "default"})
    void refuses_an_unknown_certificate_profile(String profile) {
        assertRefused(
                () -> rules.check(submission(outside(), profile, null, "Ali")),
                FaultCode.UNKNOWN_PROFILE,
                "certificateProfile");
    }

    /** The gateway's profiles with subject rules: a person's, and an organization's seal that no person fits. */
    private final ApplicationRules withSubjectRules = new ApplicationRules(
            DocumentRequirements.fromSettings(java.util.Arrays.stream(ApplicantKind.values())
                    .collect(java.util.stream.Collectors.toMap(
                            k -> k.name().toLowerCase(java.util.Locale.ROOT) + ".required", k -> ""))),
            java.util.Map.of(
                    "personal-signature", java.util.EnumSet.allOf(ApplicantKind.class),
                    "seal", java.util.EnumSet.allOf(ApplicantKind.class),
                    "no-email", java.util.EnumSet.allOf(ApplicantKind.class)),
            java.util.Map.of(
                    "",
                    new ir.meganaft.ragateway.profile.SubjectPolicy(
                            "C,O,CN", "OU,GIVENNAME,SURNAME,SERIALNUMBER", "email"),
                    "personal-signature",
                    new ir.meganaft.ragateway.profile.SubjectPolicy(
                            "C,O,CN,GIVENNAME,SURNAME,SERIALNUMBER", "OU", "email"),
                    "seal",
                    new ir.meganaft.ragateway.profile.SubjectPolicy("C,O,CN,organizationIdentifier", "OU", "email"),
                    "no-email",
                    new ir.meganaft.ragateway.profile.SubjectPolicy("", "", "none")),
            Clock.systemUTC());

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"personal-signature", ""})
    void accepts_a_person_whose_subject_fits_the_profiles_subject_rules(String profile) {
        assertThat(withSubjectRules
                        .check(submission(outside(), profile, null, "Ali"))
                        .profile())
                .isEqualTo(profile);
        assertThat(withSubjectRules
                        .check(submission(outside(), null, null, "Ali"))
                        .profile())
                .isNull();
    }

    @Test
    void refuses_a_profile_whose_subject_rules_a_persons_subject_breaks_and_says_which_rule() {
        assertRefused(
                () -> withSubjectRules.check(submission(outside(), "seal", null, "Ali")),
                FaultCode.UNKNOWN_PROFILE,
                "certificateProfile");
        assertThatThrownBy(() -> withSubjectRules.check(submission(outside(), "seal", null, "Ali")))
                .hasMessageContaining("Certificate profile seal is not issued to this INDIVIDUAL applicant")
                .hasMessageContaining("lacks organizationIdentifier");
    }

    @Test
    void refuses_a_profile_that_allows_no_alternative_name_for_an_applicant_with_an_e_mail() {
        assertThatThrownBy(() -> withSubjectRules.check(submission(outside(), "no-email", null, "Ali")))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.UNKNOWN_PROFILE))
                .hasMessageContaining("the email name");
    }

    @Test
    void accepts_a_company_legal_id_with_a_valid_check_digit_or_none() {
        rules.check(submission(inside(), null, "10380284790", "Ali"));
        rules.check(submission(inside(), null, null, "Ali"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"10380284792", "10380285692", "09748208301", "12300000045"})
    void refuses_a_company_legal_id_that_fails_its_check(String legalId) {
        assertRefused(
                () -> rules.check(submission(inside(), null, legalId, "Ali")),
                FaultCode.INVALID_LEGAL_ID,
                "channel/inside/companyLegalId");
    }

    @Test
    void refuses_a_bidi_override_in_a_name_naming_its_field() {
        assertRefused(
                () -> rules.check(submission(outside(), null, null, "Ali\u202Etxt")),
                FaultCode.INVALID_NAME,
                "applicant/person/givenName");
    }

    @Test
    void refuses_a_common_name_longer_than_x520_allows() {
        // 60 + " Rezaei" = 67: each part fits its own bound, the composed CN does not
        assertRefused(
                () -> rules.check(submission(outside(), null, null, "A".repeat(60))),
                FaultCode.NAME_TOO_LONG,
                "applicant/person/givenName, applicant/person/surname");
        assertRefused(
                () -> rules.check(submission(outside(), null, null, "A".repeat(206))),
                FaultCode.NAME_TOO_LONG,
                "applicant/person/givenName");
    }

    @Test
    void stores_names_normalized_and_keeps_zwnj_in_persian_names() {
        Submission checked = rules.check(submission(outside(), null, null, "  محمد\u200cرضا  "));
        assertThat(checked.applicant().givenName()).isEqualTo("محمد\u200cرضا");
    }

    private static Submission submission(
            ChannelDetails channel, String profile, String companyLegalId, String givenName) {
        Applicant a = new Applicant(
                ApplicantKind.INDIVIDUAL,
                givenName,
                "Rezaei",
                "Ali",
                "Rezaei",
                "0499370899",
                null,
                "ali@example.ir",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        return new Submission(
                "system",
                "c-1",
                null,
                null,
                a,
                channel,
                List.of(),
                new byte[] {1},
                null,
                profile,
                null,
                companyLegalId);
    }

    private static ChannelDetails outside() {
        return new ChannelDetails(Channel.OUTSIDE_INDUSTRY, null, null, null, "Tehran", null);
    }

    private static ChannelDetails inside() {
        return new ChannelDetails(Channel.INSIDE_INDUSTRY, "NIOC", "R&D", "NIOC contracts", null, null);
    }

    private static void assertRefused(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, FaultCode code, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo(field);
        });
    }
}
