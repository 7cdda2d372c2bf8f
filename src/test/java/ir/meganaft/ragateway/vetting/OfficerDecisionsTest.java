package ir.meganaft.ragateway.vetting;

import static ir.meganaft.ragateway.support.Faults.assertRefused;
import static ir.meganaft.ragateway.support.InMemoryRa.document;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.ChannelDetails;
import ir.meganaft.ragateway.request.Check;
import ir.meganaft.ragateway.request.CheckKind;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.StateChange;
import ir.meganaft.ragateway.request.SubmittedDocument;
import ir.meganaft.ragateway.security.Officers;
import ir.meganaft.ragateway.security.RaRole;
import ir.meganaft.ragateway.support.InMemoryRa;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.vetting.DocumentRequirements.Named;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The officers' checks and decisions against an in-memory H2 database, without a gateway (docs/domain.md). */
class OfficerDecisionsTest {
    private static final String INTAKE = "intake-1";
    private static final String COMPLIANCE = "compliance-1";
    /** Holds both checking roles: four-eyes is what keeps her from doing both checks of one request. */
    private static final String BOTH = "both-1";

    private static final String REGISTRAR = "registrar-1";
    private static final String OTHER_REGISTRAR = "registrar-2";
    private static final String ARCHIVIST = "archivist-1";
    private static final Tariff TARIFF = new Tariff(12_000_000, 3_000_000);
    /** The lists of config/application.properties (gateway.documents.*). */
    private static final DocumentRequirements DOCUMENTS = DocumentRequirements.fromSettings(Map.of(
            "individual.required",
                    "REQUEST_FORM, APPLICANT:NATIONAL_CARD, APPLICANT:BIRTH_CERTIFICATE|APPLICANT:PASSPORT",
            "organization.required", "REQUEST_FORM, ORGANIZATION:ARTICLES_OF_ASSOCIATION, REPRESENTATIVE:NATIONAL_CARD",
            "representative.required",
                    "REQUEST_FORM, APPLICANT:NATIONAL_CARD, REPRESENTATIVE:NATIONAL_CARD, "
                            + "REPRESENTATIVE:AUTHORIZATION"));
    /** Ali's documents on file: the form (no holder: the applicant's), his national card and passport. */
    private static final List<SubmittedDocument> ALIS_DOCUMENTS = List.of(
            document(null, "REQUEST_FORM"), document("APPLICANT", "NATIONAL_CARD"), document("APPLICANT", "PASSPORT"));

    private static final List<Named> ALIS_DOCUMENTS_CHECKED = List.of(
            new Named("REQUEST_FORM", null), new Named("NATIONAL_CARD", null), new Named("PASSPORT", "APPLICANT"));
    /** Through Sara: the form, both national cards and her authorization. */
    private static final List<SubmittedDocument> THROUGH_SARA_DOCUMENTS = List.of(
            document(null, "REQUEST_FORM"),
            document("APPLICANT", "NATIONAL_CARD"),
            document("REPRESENTATIVE", "NATIONAL_CARD"),
            document("REPRESENTATIVE", "AUTHORIZATION"));

    private static InMemoryRa ra;
    private static OfficerDecisions decisions;
    private static OfficerDecisions withoutFourEyes;

    @BeforeAll
    static void open(@TempDir Path folder) {
        ra = InMemoryRa.open(folder, OfficerDecisionsTest.class);
        Officers officers = new Officers(Map.of(
                INTAKE,
                Set.of(RaRole.INTAKE_OFFICER),
                COMPLIANCE,
                Set.of(RaRole.COMPLIANCE_OFFICER),
                BOTH,
                Set.of(RaRole.INTAKE_OFFICER, RaRole.COMPLIANCE_OFFICER),
                REGISTRAR,
                Set.of(RaRole.REGISTRAR),
                OTHER_REGISTRAR,
                Set.of(RaRole.REGISTRAR),
                ARCHIVIST,
                Set.of(RaRole.ARCHIVIST)));
        java.util.function.Function<String, java.util.Optional<ir.meganaft.ragateway.request.CertificateStatus>>
                status = id -> ra.certificates.forRequest(id).map(IssuedCertificate::status);
        decisions = new OfficerDecisions(ra.requests, officers, TARIFF, true, DOCUMENTS, status, InMemoryRa.CLOCK);
        withoutFourEyes =
                new OfficerDecisions(ra.requests, officers, TARIFF, false, DOCUMENTS, status, InMemoryRa.CLOCK);
    }

    @AfterAll
    static void close() {
        ra.close();
    }

    /** A request past the automatic checks, in {@code state} (PENDING_VETTING, or AWAITING_PAYMENT outside). */
    private static String waitingIn(
            RequestState state, Applicant applicant, ChannelDetails channel, List<SubmittedDocument> documents) {
        String id = ra.received(
                InMemoryRa.SYSTEM, applicant, channel, InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")), documents);
        ra.moveThrough(id, state);
        return id;
    }

    /** Ali's request inside the industry, waiting for the identity and document checks. */
    private static String pendingVetting() {
        return waitingIn(RequestState.PENDING_VETTING, InMemoryRa.ali(), InMemoryRa.insideNioc(), ALIS_DOCUMENTS);
    }

    /** Ali's request, both checks done by two officers: waiting for a registrar. */
    private static String pendingApproval() {
        String id = pendingVetting();
        decisions.recordIdentityCheck(id, INTAKE, "IN_PERSON_ORIGINAL_DOCUMENTS", null, null);
        decisions.recordDocumentCheck(id, COMPLIANCE, ALIS_DOCUMENTS_CHECKED, null);
        return id;
    }

    @Test
    void the_identity_check_and_the_document_check_by_two_officers_bring_the_request_to_the_registrar() {
        String id = pendingVetting();

        assertThat(decisions.recordIdentityCheck(id, INTAKE, "IN_PERSON_ORIGINAL_DOCUMENTS", null, "photo matches"))
                .as("one check is not enough")
                .isEqualTo(RequestState.PENDING_VETTING);
        assertThat(decisions.recordDocumentCheck(id, COMPLIANCE, ALIS_DOCUMENTS_CHECKED, "all originals seen"))
                .isEqualTo(RequestState.PENDING_APPROVAL);

        assertThat(ra.stored(id).state()).isEqualTo(RequestState.PENDING_APPROVAL);
        assertThat(ra.requests.checks(id))
                .extracting(
                        Check::kind,
                        Check::actor,
                        Check::role,
                        Check::outcome,
                        Check::identificationMethod,
                        Check::remarks)
                .containsExactly(
                        tuple(
                                CheckKind.IDENTITY_CHECK,
                                "officer:" + INTAKE,
                                "INTAKE_OFFICER",
                                "PASSED",
                                "IN_PERSON_ORIGINAL_DOCUMENTS",
                                "photo matches"),
                        tuple(
                                CheckKind.DOCUMENT_CHECK,
                                "officer:" + COMPLIANCE,
                                "COMPLIANCE_OFFICER",
                                "PASSED",
                                null,
                                "all originals seen"));
        assertThat(ra.requests.history(id))
                .last()
                .extracting(StateChange::to, StateChange::actor)
                .containsExactly(RequestState.PENDING_APPROVAL, "officer:" + COMPLIANCE);
    }

    @Test
    void the_evidence_of_a_document_check_names_exactly_the_documents_checked_with_their_holders() {
        String id = pendingVetting();

        decisions.recordDocumentCheck(id, COMPLIANCE, ALIS_DOCUMENTS_CHECKED, null);

        assertThat(ra.checksOf(id, CheckKind.DOCUMENT_CHECK))
                .singleElement()
                .extracting(Check::details)
                .isEqualTo("documents checked: APPLICANT:REQUEST_FORM, APPLICANT:NATIONAL_CARD, APPLICANT:PASSPORT");
    }

    @Test
    void the_document_check_is_refused_to_the_officer_who_checked_the_identity_when_four_eyes_is_on() {
        String id = pendingVetting();
        decisions.recordIdentityCheck(id, BOTH, "IN_PERSON_ORIGINAL_DOCUMENTS", null, null);

        assertRefused(
                () -> decisions.recordDocumentCheck(id, BOTH, ALIS_DOCUMENTS_CHECKED, null),
                FaultCode.FOUR_EYES_VIOLATION,
                "officer/officerId");
        assertThat(ra.checksOf(id, CheckKind.DOCUMENT_CHECK)).isEmpty();
        assertThat(ra.stored(id).state()).isEqualTo(RequestState.PENDING_VETTING);
        // another compliance officer may
        assertThat(decisions.recordDocumentCheck(id, COMPLIANCE, ALIS_DOCUMENTS_CHECKED, null))
                .isEqualTo(RequestState.PENDING_APPROVAL);
    }

    @Test
    void the_identity_check_is_refused_to_the_officer_who_checked_the_documents_when_four_eyes_is_on() {
        String id = pendingVetting();
        decisions.recordDocumentCheck(id, BOTH, ALIS_DOCUMENTS_CHECKED, null);

        assertRefused(
                () -> decisions.recordIdentityCheck(id, BOTH, "IN_PERSON_ORIGINAL_DOCUMENTS", null, null),
                FaultCode.FOUR_EYES_VIOLATION);
        assertThat(ra.checksOf(id, CheckKind.IDENTITY_CHECK)).isEmpty();
        assertThat(ra.stored(id).state()).isEqualTo(RequestState.PENDING_VETTING);
    }

    @Test
    void with_four_eyes_off_one_officer_holding_both_roles_may_do_both_checks() {
        String id = pendingVetting();

        withoutFourEyes.recordIdentityCheck(id, BOTH, "IN_PERSON_ORIGINAL_DOCUMENTS", null, null);

        assertThat(withoutFourEyes.recordDocumentCheck(id, BOTH, ALIS_DOCUMENTS_CHECKED, null))
                .isEqualTo(RequestState.PENDING_APPROVAL);
        assertThat(ra.requests.checks(id)).extracting(Check::actor).containsOnly("officer:" + BOTH);
    }

    @Test
    void an_officer_without_the_role_is_refused_with_NOT_AUTHORIZED_and_nothing_is_recorded() {
        String id = pendingVetting();

        assertRefused(
                () -> decisions.recordIdentityCheck(id, COMPLIANCE, "IN_PERSON_ORIGINAL_DOCUMENTS", null, null),
                FaultCode.NOT_AUTHORIZED);
        assertRefused(
                () -> decisions.recordDocumentCheck(id, INTAKE, ALIS_DOCUMENTS_CHECKED, null),
                FaultCode.NOT_AUTHORIZED);
        assertRefused(
                () -> decisions.reject(id, ARCHIVIST, null, "not the archivist's call"), FaultCode.NOT_AUTHORIZED);
        assertRefused(
                () -> decisions.recordIdentityCheck(id, "nobody", "IN_PERSON_ORIGINAL_DOCUMENTS", null, null),
                FaultCode.NOT_AUTHORIZED);
        assertRefused(() -> decisions.waiting("nobody", null, 10, null), FaultCode.NOT_AUTHORIZED);

        assertThat(ra.requests.checks(id)).isEmpty();
        assertThat(ra.stored(id).state()).isEqualTo(RequestState.PENDING_VETTING);
    }

    @Test
    void only_a_registrar_approves() {
        String id = pendingApproval();

        assertRefused(() -> decisions.approve(id, INTAKE, null), FaultCode.NOT_AUTHORIZED);
        assertRefused(() -> decisions.approve(id, COMPLIANCE, null), FaultCode.NOT_AUTHORIZED);

        assertThat(ra.stored(id).state()).isEqualTo(RequestState.PENDING_APPROVAL);
    }

    @Test
    void a_document_check_naming_a_document_the_request_does_not_carry_is_refused_with_UNKNOWN_DOCUMENT() {
        String id = pendingVetting();
        List<Named> withBirthCertificate = List.of(
                new Named("REQUEST_FORM", null),
                new Named("NATIONAL_CARD", null),
                new Named("BIRTH_CERTIFICATE", "APPLICANT"));

        assertThatThrownBy(() -> decisions.recordDocumentCheck(id, COMPLIANCE, withBirthCertificate, null))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(FaultCode.UNKNOWN_DOCUMENT);
                    assertThat(e.field()).isEqualTo("checkedDocument[3]");
                    assertThat(e.requestId()).isEqualTo(id);
                });
        assertThat(ra.requests.checks(id)).isEmpty();
    }

    @Test
    void a_document_check_naming_a_type_several_holders_carry_without_saying_whose_is_refused_with_UNKNOWN_DOCUMENT() {
        String id = waitingIn(
                RequestState.PENDING_VETTING,
                InMemoryRa.aliThroughSara(),
                InMemoryRa.insideNioc(),
                THROUGH_SARA_DOCUMENTS);

        assertRefused(
                () -> decisions.recordDocumentCheck(
                        id,
                        COMPLIANCE,
                        List.of(new Named("REQUEST_FORM", null), new Named("NATIONAL_CARD", null)),
                        null),
                FaultCode.UNKNOWN_DOCUMENT,
                "checkedDocument[2]");
        assertThat(ra.requests.checks(id)).isEmpty();
    }

    @Test
    void a_document_check_leaving_out_a_required_document_is_refused_with_MISSING_DOCUMENTS_naming_it() {
        String id = pendingVetting();

        assertRefused(
                () -> decisions.recordDocumentCheck(
                        id, COMPLIANCE, List.of(new Named("REQUEST_FORM", null), new Named("PASSPORT", null)), null),
                FaultCode.MISSING_DOCUMENTS,
                "APPLICANT:NATIONAL_CARD");
        assertThat(ra.requests.checks(id)).isEmpty();
        assertThat(ra.stored(id).state()).isEqualTo(RequestState.PENDING_VETTING);
    }

    @Test
    void through_a_representative_the_applicants_national_card_does_not_stand_for_the_representatives() {
        String id = waitingIn(
                RequestState.PENDING_VETTING,
                InMemoryRa.aliThroughSara(),
                InMemoryRa.insideNioc(),
                THROUGH_SARA_DOCUMENTS);

        assertRefused(
                () -> decisions.recordDocumentCheck(
                        id,
                        COMPLIANCE,
                        List.of(
                                new Named("REQUEST_FORM", null),
                                new Named("NATIONAL_CARD", "APPLICANT"),
                                new Named("AUTHORIZATION", null)),
                        null),
                FaultCode.MISSING_DOCUMENTS,
                "REPRESENTATIVE:NATIONAL_CARD");

        decisions.recordDocumentCheck(
                id,
                COMPLIANCE,
                List.of(
                        new Named("REQUEST_FORM", null),
                        new Named("NATIONAL_CARD", "APPLICANT"),
                        new Named("NATIONAL_CARD", "REPRESENTATIVE"),
                        new Named("AUTHORIZATION", null)),
                null);
        assertThat(ra.checksOf(id, CheckKind.DOCUMENT_CHECK))
                .singleElement()
                .extracting(Check::details)
                .isEqualTo("documents checked: APPLICANT:REQUEST_FORM, APPLICANT:NATIONAL_CARD,"
                        + " REPRESENTATIVE:NATIONAL_CARD, REPRESENTATIVE:AUTHORIZATION");
    }

    @Test
    void an_expired_document_checked_does_not_count() {
        String id = waitingIn(
                RequestState.PENDING_VETTING,
                InMemoryRa.ali(),
                InMemoryRa.insideNioc(),
                List.of(
                        document(null, "REQUEST_FORM"),
                        document("APPLICANT", "NATIONAL_CARD"),
                        document(
                                "APPLICANT",
                                "PASSPORT",
                                LocalDate.now(InMemoryRa.CLOCK).minusDays(1))));

        assertThatThrownBy(() -> decisions.recordDocumentCheck(id, COMPLIANCE, ALIS_DOCUMENTS_CHECKED, null))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(FaultCode.MISSING_DOCUMENTS);
                    assertThat(e.field()).startsWith("APPLICANT:BIRTH_CERTIFICATE or APPLICANT:PASSPORT (expired");
                });
        assertThat(ra.requests.checks(id)).isEmpty();
    }

    @Test
    void through_a_representative_the_identity_check_must_say_how_the_representative_was_identified() {
        String id = waitingIn(
                RequestState.PENDING_VETTING,
                InMemoryRa.aliThroughSara(),
                InMemoryRa.insideNioc(),
                THROUGH_SARA_DOCUMENTS);

        assertRefused(
                () -> decisions.recordIdentityCheck(id, INTAKE, "CERTIFIED_COPIES", null, null),
                FaultCode.INCOMPLETE_APPLICATION,
                "representativeIdentificationMethod");
        assertThat(ra.requests.checks(id)).isEmpty();

        decisions.recordIdentityCheck(id, INTAKE, "CERTIFIED_COPIES", "IN_PERSON_ORIGINAL_DOCUMENTS", null);
        assertThat(ra.checksOf(id, CheckKind.IDENTITY_CHECK))
                .singleElement()
                .extracting(Check::details)
                .isEqualTo("applicant identified by CERTIFIED_COPIES; representative identified by"
                        + " IN_PERSON_ORIGINAL_DOCUMENTS");
    }

    @Test
    void each_check_is_recorded_once_and_a_second_is_refused_naming_who_did_the_first() {
        String id = pendingVetting();
        decisions.recordIdentityCheck(id, INTAKE, "IN_PERSON_ORIGINAL_DOCUMENTS", null, null);

        assertThatThrownBy(() -> decisions.recordIdentityCheck(id, BOTH, "CERTIFIED_COPIES", null, null))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(FaultCode.ILLEGAL_STATE);
                    assertThat(e.getMessage()).contains("officer:" + INTAKE);
                });
        assertThat(ra.checksOf(id, CheckKind.IDENTITY_CHECK))
                .extracting(Check::actor)
                .containsExactly("officer:" + INTAKE);
    }

    @Test
    void outside_the_industry_nothing_is_checked_or_approved_before_the_tariff_is_paid() {
        String id =
                waitingIn(RequestState.AWAITING_PAYMENT, InMemoryRa.ali(), InMemoryRa.outsideTehran(), ALIS_DOCUMENTS);

        assertRefused(
                () -> decisions.recordIdentityCheck(id, INTAKE, "IN_PERSON_ORIGINAL_DOCUMENTS", null, null),
                FaultCode.PAYMENT_REQUIRED);
        assertRefused(
                () -> decisions.recordDocumentCheck(id, COMPLIANCE, ALIS_DOCUMENTS_CHECKED, null),
                FaultCode.PAYMENT_REQUIRED);
        assertRefused(() -> decisions.approve(id, REGISTRAR, null), FaultCode.PAYMENT_REQUIRED);

        assertThat(ra.requests.checks(id)).isEmpty();
        assertThat(ra.stored(id).state()).isEqualTo(RequestState.AWAITING_PAYMENT);
    }

    @Test
    void a_payment_of_another_amount_than_the_tariff_is_refused_with_PAYMENT_MISMATCH() {
        String id =
                waitingIn(RequestState.AWAITING_PAYMENT, InMemoryRa.ali(), InMemoryRa.outsideTehran(), ALIS_DOCUMENTS);

        assertRefused(
                () -> decisions.recordPayment(id, REGISTRAR, "PAY-1", TARIFF.tokenRials(), null),
                FaultCode.PAYMENT_MISMATCH,
                "amountRials");
        assertRefused(
                () -> decisions.recordPayment(id, REGISTRAR, "PAY-1", TARIFF.totalRials() + 1, null),
                FaultCode.PAYMENT_MISMATCH);

        assertThat(ra.stored(id).state()).isEqualTo(RequestState.AWAITING_PAYMENT);
        assertThat(ra.stored(id).channel().paymentReference()).isNull();
        assertThat(ra.requests.checks(id)).isEmpty();
    }

    @Test
    void the_tariff_paid_moves_the_request_to_vetting_with_the_payment_kept_as_evidence() {
        String id =
                waitingIn(RequestState.AWAITING_PAYMENT, InMemoryRa.ali(), InMemoryRa.outsideTehran(), ALIS_DOCUMENTS);

        assertThat(decisions.recordPayment(id, INTAKE, "PAY-7731", TARIFF.totalRials(), "cash"))
                .isEqualTo(RequestState.PENDING_VETTING);

        assertThat(ra.stored(id).channel().paymentReference()).isEqualTo("PAY-7731");
        assertThat(ra.requests.checks(id))
                .extracting(Check::kind, Check::actor, Check::role, Check::outcome, Check::details)
                .containsExactly(tuple(
                        CheckKind.PAYMENT,
                        "officer:" + INTAKE,
                        "INTAKE_OFFICER",
                        "PAID",
                        "reference PAY-7731, 15000000 rials"));
        assertRefused(
                () -> decisions.recordPayment(id, REGISTRAR, "PAY-7731", TARIFF.totalRials(), null),
                FaultCode.ILLEGAL_STATE);
        assertRefused(
                () -> decisions.recordPayment(id, COMPLIANCE, "PAY-7731", TARIFF.totalRials(), null),
                FaultCode.NOT_AUTHORIZED);
    }

    @Test
    void a_payment_for_a_request_inside_the_industry_is_refused() {
        String id = pendingVetting();

        assertRefused(
                () -> decisions.recordPayment(id, REGISTRAR, "PAY-2", TARIFF.totalRials(), null),
                FaultCode.ILLEGAL_STATE);
        assertThat(ra.requests.checks(id)).isEmpty();
    }

    @Test
    void approval_is_refused_until_both_checks_are_recorded() {
        String id = pendingVetting();
        decisions.recordIdentityCheck(id, INTAKE, "IN_PERSON_ORIGINAL_DOCUMENTS", null, null);

        assertRefused(() -> decisions.approve(id, REGISTRAR, null), FaultCode.ILLEGAL_STATE);
        assertThat(ra.checksOf(id, CheckKind.APPROVAL)).isEmpty();
        assertThat(ra.stored(id).state()).isEqualTo(RequestState.PENDING_VETTING);
    }

    @Test
    void the_registrar_approves_a_vetted_request_and_the_approval_is_kept_as_evidence() {
        String id = pendingApproval();

        assertThat(decisions.approve(id, REGISTRAR, "registered")).isEqualTo(id);

        assertThat(ra.stored(id).state()).isEqualTo(RequestState.APPROVED);
        assertThat(ra.checksOf(id, CheckKind.APPROVAL))
                .extracting(Check::actor, Check::role, Check::outcome, Check::remarks)
                .containsExactly(tuple("officer:" + REGISTRAR, "REGISTRAR", "APPROVED", "registered"));
        assertThat(ra.requests.history(id))
                .last()
                .extracting(StateChange::to, StateChange::actor)
                .containsExactly(RequestState.APPROVED, "officer:" + REGISTRAR);
    }

    @Test
    void the_same_registrar_approving_again_after_a_lost_answer_gets_the_same_answer_and_one_approval_is_kept() {
        String id = pendingApproval();
        decisions.approve(id, REGISTRAR, null);

        assertThat(decisions.approve(id, REGISTRAR, null)).isEqualTo(id);

        assertThat(ra.checksOf(id, CheckKind.APPROVAL)).hasSize(1);
        assertThat(ra.requests.history(id))
                .filteredOn(c -> c.to() == RequestState.APPROVED)
                .hasSize(1);
    }

    @Test
    void another_registrar_approving_an_approved_request_is_refused() {
        String id = pendingApproval();
        decisions.approve(id, REGISTRAR, null);

        assertRefused(() -> decisions.approve(id, OTHER_REGISTRAR, null), FaultCode.ILLEGAL_STATE);
        assertThat(ra.checksOf(id, CheckKind.APPROVAL))
                .extracting(Check::actor)
                .containsExactly("officer:" + REGISTRAR);
    }

    @Test
    void an_officer_rejects_an_open_request_with_the_reason_kept_and_a_closed_one_is_refused() {
        String id = pendingVetting();

        decisions.reject(id, COMPLIANCE, "FORGED_DOCUMENT", "the national card is not genuine");

        CertificateRequest rejected = ra.stored(id);
        assertThat(rejected.state()).isEqualTo(RequestState.REJECTED);
        assertThat(rejected.rejectionCode()).isEqualTo("FORGED_DOCUMENT");
        assertThat(rejected.rejectionReason()).isEqualTo("the national card is not genuine");
        assertThat(ra.checksOf(id, CheckKind.REJECTION))
                .extracting(Check::actor, Check::role, Check::outcome)
                .containsExactly(tuple("officer:" + COMPLIANCE, "COMPLIANCE_OFFICER", "FORGED_DOCUMENT"));
        assertRefused(() -> decisions.reject(id, REGISTRAR, null, "again"), FaultCode.ILLEGAL_STATE);
        assertRefused(
                () -> decisions.recordIdentityCheck(id, INTAKE, "IN_PERSON_ORIGINAL_DOCUMENTS", null, null),
                FaultCode.ILLEGAL_STATE);

        String approved = pendingApproval();
        decisions.approve(approved, REGISTRAR, null);
        assertRefused(() -> decisions.reject(approved, REGISTRAR, null, "too late"), FaultCode.ILLEGAL_STATE);
        assertThat(ra.stored(approved).state()).isEqualTo(RequestState.APPROVED);
    }

    @Test
    void the_registrar_records_the_token_handed_back_to_the_r_and_d_unit_inside_the_industry() {
        String id = ra.issuedFor(InMemoryRa.SYSTEM, TestCsrs.ec("secp256r1"));

        assertThat(decisions.recordDelivery(id, REGISTRAR, "TOKEN-0042", null, null))
                .isEqualTo(RequestState.DELIVERED);

        CertificateRequest delivered = ra.stored(id);
        assertThat(delivered.state()).isEqualTo(RequestState.DELIVERED);
        assertThat(delivered.delivery().tokenSerialNumber()).isEqualTo("TOKEN-0042");
        assertThat(delivered.delivery().deliveredTo()).isEqualTo("R&D unit R&D Tehran");
        assertThat(delivered.delivery().officerId()).isEqualTo(REGISTRAR);
        assertThat(ra.checksOf(id, CheckKind.DELIVERY))
                .extracting(Check::actor, Check::details)
                .containsExactly(tuple("officer:" + REGISTRAR, "token TOKEN-0042 delivered to R&D unit R&D Tehran"));
        assertRefused(() -> decisions.recordDelivery(id, REGISTRAR, "TOKEN-0042", null, null), FaultCode.ILLEGAL_STATE);
    }

    @Test
    void a_token_is_delivered_only_once_issued_only_by_a_registrar_and_never_holding_a_revoked_certificate() {
        String approved = pendingApproval();
        decisions.approve(approved, REGISTRAR, null);
        assertRefused(
                () -> decisions.recordDelivery(approved, REGISTRAR, "TOKEN-1", null, null), FaultCode.ILLEGAL_STATE);

        String issued = ra.issuedFor(InMemoryRa.SYSTEM, TestCsrs.ec("secp256r1"));
        assertRefused(() -> decisions.recordDelivery(issued, INTAKE, "TOKEN-2", null, null), FaultCode.NOT_AUTHORIZED);
        ra.database
                .jdbi()
                .useHandle(h -> h.createUpdate("update certificate set status = 'REVOKED' where request_id = :r")
                        .bind("r", issued)
                        .execute());
        assertRefused(
                () -> decisions.recordDelivery(issued, REGISTRAR, "TOKEN-2", null, null), FaultCode.ILLEGAL_STATE);

        assertThat(ra.stored(issued).state()).isEqualTo(RequestState.ISSUED);
        assertThat(ra.stored(issued).delivery()).isNull();
        assertThat(ra.checksOf(issued, CheckKind.DELIVERY)).isEmpty();
    }

    @Test
    void any_registered_officer_lists_the_requests_waiting_for_officers() {
        String vetting = pendingVetting();
        String paying =
                waitingIn(RequestState.AWAITING_PAYMENT, InMemoryRa.ali(), InMemoryRa.outsideTehran(), ALIS_DOCUMENTS);
        String received = ra.received(
                InMemoryRa.SYSTEM,
                InMemoryRa.ali(),
                InMemoryRa.insideNioc(),
                InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")),
                List.of());

        assertThat(decisions.waiting(ARCHIVIST, null, 1000, null))
                .extracting(CertificateRequest::id)
                .contains(vetting, paying)
                .doesNotContain(received);
        assertThat(decisions.waiting(INTAKE, RequestState.AWAITING_PAYMENT, 1000, null))
                .extracting(CertificateRequest::id)
                .contains(paying)
                .doesNotContain(vetting);
    }

    @Test
    void a_decision_on_an_unknown_request_is_refused_with_UNKNOWN_REQUEST() {
        assertRefused(
                () -> decisions.recordIdentityCheck(
                        "no-such-request", INTAKE, "IN_PERSON_ORIGINAL_DOCUMENTS", null, null),
                FaultCode.UNKNOWN_REQUEST);
        assertRefused(() -> decisions.approve("no-such-request", REGISTRAR, null), FaultCode.UNKNOWN_REQUEST);
    }
}
