package ir.meganaft.ragateway.vetting;

import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.request.ApplicantKind;
import ir.meganaft.ragateway.support.Faults;
import ir.meganaft.ragateway.vetting.DocumentRequirements.Named;
import ir.meganaft.ragateway.vetting.DocumentRequirements.Submitted;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentRequirementsTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 30);
    private static final DocumentRequirements RULES = DocumentRequirements.fromSettings(Map.of(
            "individual.required",
                    "REQUEST_FORM, APPLICANT:NATIONAL_CARD, APPLICANT:BIRTH_CERTIFICATE|APPLICANT:PASSPORT",
            "organization.required", "REQUEST_FORM, REPRESENTATIVE:NATIONAL_CARD",
            "representative.required", "REQUEST_FORM, APPLICANT:NATIONAL_CARD, REPRESENTATIVE:NATIONAL_CARD"));
    private static final List<Submitted> BOTH_CARDS = List.of(
            new Submitted("REQUEST_FORM", null, null),
            new Submitted("NATIONAL_CARD", "APPLICANT", null),
            new Submitted("NATIONAL_CARD", "REPRESENTATIVE", null));

    @Test
    void names_each_checked_document_on_file_with_its_holder() {
        List<Submitted> checked = RULES.onFile(
                ApplicantKind.REPRESENTATIVE,
                List.of(
                        new Named("REQUEST_FORM", null),
                        new Named("NATIONAL_CARD", "REPRESENTATIVE"),
                        new Named("NATIONAL_CARD", "APPLICANT"),
                        new Named("NATIONAL_CARD", "APPLICANT")),
                BOTH_CARDS,
                "r-1");
        assertThat(checked)
                .extracting(DocumentRequirements::describe)
                .containsExactly("APPLICANT:REQUEST_FORM", "REPRESENTATIVE:NATIONAL_CARD", "APPLICANT:NATIONAL_CARD");
        assertThat(RULES.uncheckedRequirements(ApplicantKind.REPRESENTATIVE, checked, TODAY))
                .isEmpty();
    }

    @Test
    void refuses_a_type_that_is_not_on_file() {
        assertRefused(
                () -> RULES.onFile(
                        ApplicantKind.INDIVIDUAL,
                        List.of(new Named("REQUEST_FORM", null), new Named("BIRTH_CERTIFICATE", null)),
                        List.of(
                                new Submitted("REQUEST_FORM", null, null),
                                new Submitted("PASSPORT", "APPLICANT", null)),
                        "r-1"),
                "checkedDocument[2]");
    }

    @Test
    void refuses_a_document_on_file_only_for_another_holder() {
        assertRefused(
                () -> RULES.onFile(
                        ApplicantKind.INDIVIDUAL,
                        List.of(new Named("NATIONAL_CARD", "REPRESENTATIVE")),
                        List.of(new Submitted("NATIONAL_CARD", null, null)),
                        "r-1"),
                "checkedDocument[1]");
    }

    @Test
    void refuses_a_type_alone_when_several_holders_carry_it() {
        assertRefused(
                () -> RULES.onFile(
                        ApplicantKind.REPRESENTATIVE, List.of(new Named("NATIONAL_CARD", null)), BOTH_CARDS, "r-1"),
                "checkedDocument[1]");
    }

    @Test
    void one_national_card_does_not_cover_the_applicants_and_the_representatives_requirement() {
        List<Submitted> checked = RULES.onFile(
                ApplicantKind.REPRESENTATIVE,
                List.of(new Named("REQUEST_FORM", null), new Named("NATIONAL_CARD", "APPLICANT")),
                BOTH_CARDS,
                "r-1");
        assertThat(RULES.uncheckedRequirements(ApplicantKind.REPRESENTATIVE, checked, TODAY))
                .containsExactly("REPRESENTATIVE:NATIONAL_CARD");
    }

    @Test
    void an_expired_document_checked_does_not_cover_its_requirement() {
        List<Submitted> onFile = List.of(
                new Submitted("REQUEST_FORM", null, null),
                new Submitted("NATIONAL_CARD", "APPLICANT", null),
                new Submitted("PASSPORT", "APPLICANT", TODAY.minusDays(1)));
        List<Submitted> checked = RULES.onFile(
                ApplicantKind.INDIVIDUAL,
                List.of(new Named("REQUEST_FORM", null), new Named("NATIONAL_CARD", null), new Named("PASSPORT", null)),
                onFile,
                "r-1");
        assertThat(RULES.uncheckedRequirements(ApplicantKind.INDIVIDUAL, checked, TODAY))
                .singleElement()
                .asString()
                .startsWith("APPLICANT:BIRTH_CERTIFICATE or APPLICANT:PASSPORT (expired");
    }

    @Test
    void one_document_stands_for_one_requirement_even_when_a_plain_type_is_required_too() {
        DocumentRequirements loose = DocumentRequirements.fromSettings(Map.of(
                "individual.required",
                "REQUEST_FORM",
                "organization.required",
                "REQUEST_FORM",
                "representative.required",
                "NATIONAL_CARD, REPRESENTATIVE:NATIONAL_CARD"));
        List<Submitted> oneCard = List.of(new Submitted("NATIONAL_CARD", "REPRESENTATIVE", null));
        assertThat(loose.missing(ApplicantKind.REPRESENTATIVE, oneCard, TODAY))
                .containsExactly("REPRESENTATIVE:NATIONAL_CARD");
        List<Submitted> twoCards = List.of(
                new Submitted("NATIONAL_CARD", "REPRESENTATIVE", null), new Submitted("NATIONAL_CARD", null, null));
        assertThat(loose.missing(ApplicantKind.REPRESENTATIVE, twoCards, TODAY)).isEmpty();
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        Faults.assertRefused(call, FaultCode.UNKNOWN_DOCUMENT, field);
    }
}
