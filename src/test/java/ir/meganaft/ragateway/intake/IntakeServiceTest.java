package ir.meganaft.ragateway.intake;

import static ir.meganaft.ragateway.support.Faults.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.csr.Fingerprints;
import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.ApplicantKind;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.Representative;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.RequestType;
import ir.meganaft.ragateway.request.StateChange;
import ir.meganaft.ragateway.support.AtOnce;
import ir.meganaft.ragateway.support.InMemoryRa;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.vetting.DocumentRequirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Intake against an in-memory H2 database, without a gateway: what is stored, retries, conflicts, refusals. */
class IntakeServiceTest {
    private static InMemoryRa ra;
    private static IntakeService intake;

    @BeforeAll
    static void open(@TempDir Path folder) {
        ra = InMemoryRa.open(folder.resolve("keys"), IntakeServiceTest.class);
        DocumentRequirements noDocuments = DocumentRequirements.fromSettings(Arrays.stream(ApplicantKind.values())
                .collect(Collectors.toMap(k -> k.name().toLowerCase(Locale.ROOT) + ".required", k -> "")));
        intake = new IntakeService(
                ra.requests,
                new EvidenceFiles(folder.resolve("evidence")),
                ra.checks,
                new ApplicationRules(noDocuments, Set.of("meganaft-subscriber"), InMemoryRa.CLOCK),
                ra.callbacks,
                InMemoryRa.CLOCK);
    }

    @AfterAll
    static void close() {
        ra.close();
    }

    private static Submission submission(String clientRequestId, byte[] csr) {
        return new Submission(
                InMemoryRa.SYSTEM,
                clientRequestId,
                "operator-7",
                null,
                InMemoryRa.ali(),
                InMemoryRa.insideNioc(),
                List.of(),
                csr,
                null,
                null,
                "first certificate",
                null);
    }

    private static String newClientRequestId() {
        return "c-" + UUID.randomUUID();
    }

    @Test
    void stores_a_good_submission_received_with_its_applicant_key_and_first_history_row() {
        Submission s = submission(newClientRequestId(), InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")));

        Receipt receipt = intake.accept(s);

        assertThat(receipt.duplicate()).isFalse();
        assertThat(receipt.state()).isEqualTo(RequestState.RECEIVED);
        CertificateRequest stored = ra.requests.find(receipt.requestId()).orElseThrow();
        assertThat(stored.type()).isEqualTo(RequestType.ISSUE);
        assertThat(stored.callerSystemId()).isEqualTo(InMemoryRa.SYSTEM);
        assertThat(stored.clientRequestId()).isEqualTo(s.clientRequestId());
        assertThat(stored.applicant().nationalCode()).isEqualTo(InMemoryRa.NATIONAL_CODE);
        assertThat(stored.csrDer()).isEqualTo(s.csrDer());
        assertThat(stored.publicKeySha256())
                .isEqualTo(ra.checks.parser().parseDer(s.csrDer()).publicKeyFingerprint());
        assertThat(stored.callerOperator()).isEqualTo("operator-7");
        assertThat(stored.remarks()).isEqualTo("first certificate");
        assertThat(stored.targetSerial()).isNull();
        assertThat(stored.contentHash()).isEqualTo(s.contentHash().value());
        assertThat(ra.requests.history(receipt.requestId()))
                .extracting(StateChange::to, StateChange::actor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RequestState.RECEIVED, "caller:NIOC-HR"));
    }

    @Test
    void a_retry_with_the_same_content_gets_the_first_request_marked_as_a_duplicate() {
        Submission s = submission(newClientRequestId(), InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")));
        Receipt first = intake.accept(s);

        Receipt again = intake.accept(s);

        assertThat(again.requestId()).isEqualTo(first.requestId());
        assertThat(again.duplicate()).isTrue();
        assertThat(again.newlyReceived()).isFalse();
        assertThat(ra.requestsNamed(InMemoryRa.SYSTEM, s.clientRequestId())).isEqualTo(1);
    }

    @Test
    void a_retry_that_changes_only_remarks_or_operator_is_the_same_request() {
        Submission s = submission(newClientRequestId(), InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")));
        Receipt first = intake.accept(s);
        Submission reworded = new Submission(
                s.callerSystemId(),
                s.clientRequestId(),
                "operator-8",
                s.replyTo(),
                s.applicant(),
                s.channel(),
                s.documents(),
                s.csrDer(),
                null,
                s.profile(),
                "other words",
                null);

        assertThat(intake.accept(reworded).requestId()).isEqualTo(first.requestId());
    }

    @Test
    void a_retry_with_another_key_under_the_same_client_request_id_is_refused_as_a_conflict() {
        String clientRequestId = newClientRequestId();
        Receipt first = intake.accept(submission(clientRequestId, InMemoryRa.aliCsr(TestCsrs.ec("secp256r1"))));

        assertThatThrownBy(
                        () -> intake.accept(submission(clientRequestId, InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")))))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(FaultCode.IDEMPOTENCY_CONFLICT);
                    assertThat(e.requestId()).isEqualTo(first.requestId());
                });
    }

    @Test
    void a_retry_of_a_request_stored_before_the_upgrade_is_recognized_by_the_hash_stored_then() {
        Submission s = submission(newClientRequestId(), InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")));
        var csr = ra.checks.parser().parseDer(s.csrDer());
        CertificateRequest before = CertificateRequest.issue(
                new CertificateRequest.Sender(s.callerSystemId(), s.clientRequestId(), s.callerOperator(), null),
                hashedAsBeforeTheUpgrade(s),
                s.applicant(),
                s.channel(),
                new CertificateRequest.Csr(s.csrDer(), csr.publicKeyFingerprint(), "CN=Ali"),
                null,
                null,
                InMemoryRa.CLOCK.instant());
        ra.requests.insert(before, List.of(), "caller:" + s.callerSystemId());

        Receipt retry = intake.accept(s);

        assertThat(retry.requestId()).isEqualTo(before.id());
        assertThat(retry.duplicate()).isTrue();
    }

    @Test
    void the_content_hash_is_the_one_intake_stored_before_the_upgrade_for_every_shape_of_submission() {
        byte[] der = {0x30, 0x03, 0x02, 0x01, 0x05};
        Representative sara = new Representative(
                "سارا",
                "احمدی",
                "4400276201",
                "s@nidc.example",
                "09121234567",
                "IN_PERSON",
                "ref-1",
                "sign for the company",
                LocalDate.of(2030, 1, 1));
        Applicant organization = new Applicant(
                ApplicantKind.ORGANIZATION,
                null,
                null,
                null,
                null,
                null,
                null,
                "info@nidc.example",
                null,
                "1234567890",
                "شرکت ملی حفاری",
                "NIDC",
                "IT",
                "10380284790",
                null,
                null,
                null,
                "IN_PERSON",
                sara);
        List<Submission.Document> documents = List.of(
                new Submission.Document(
                        "NATIONAL_ID_CARD",
                        "APPLICANT",
                        "123",
                        "civil registry",
                        LocalDate.of(2020, 1, 2),
                        LocalDate.of(2030, 1, 2),
                        "front",
                        "card.jpg",
                        "scan".getBytes(StandardCharsets.UTF_8)),
                new Submission.Document("LETTER", "REPRESENTATIVE", null, null, null, null, null, null, null));
        List<Submission> shapes = List.of(
                submission("c-1", der),
                new Submission(
                        "S",
                        "c-2",
                        null,
                        "https://hr.nioc.example/ra-callbacks/x",
                        InMemoryRa.ali(),
                        InMemoryRa.insideNioc(),
                        documents,
                        null,
                        "\n-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END" + " CERTIFICATE REQUEST-----\n  ",
                        "meganaft-subscriber",
                        "r",
                        "10380284790"),
                new Submission(
                        "S",
                        "c-3",
                        null,
                        null,
                        organization,
                        new ir.meganaft.ragateway.request.ChannelDetails(
                                ir.meganaft.ragateway.request.Channel.OUTSIDE_INDUSTRY,
                                null,
                                null,
                                null,
                                "Tehran office",
                                "pay-9"),
                        documents,
                        der,
                        null,
                        null,
                        null,
                        null));

        for (Submission s : shapes) {
            assertThat(s.contentHash().value()).as(s.clientRequestId()).isEqualTo(hashedAsBeforeTheUpgrade(s));
        }
    }

    @Test
    void refuses_a_reply_to_not_registered_for_the_system_and_stores_nothing() {
        String clientRequestId = newClientRequestId();
        Submission s = new Submission(
                InMemoryRa.SYSTEM,
                clientRequestId,
                null,
                "https://evil.example/callbacks",
                InMemoryRa.ali(),
                InMemoryRa.insideNioc(),
                List.of(),
                InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")),
                null,
                null,
                null,
                null);

        assertRefused(() -> intake.accept(s), FaultCode.REPLY_TO_NOT_ALLOWED);
        assertThat(ra.requestsNamed(InMemoryRa.SYSTEM, clientRequestId)).isZero();
    }

    @Test
    void refuses_a_csr_whose_signature_does_not_verify_and_stores_nothing() {
        String clientRequestId = newClientRequestId();
        byte[] broken = TestCsrs.withBrokenSignature(InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")));

        assertRefused(() -> intake.accept(submission(clientRequestId, broken)), FaultCode.CSR_SIGNATURE_INVALID);
        assertThat(ra.requestsNamed(InMemoryRa.SYSTEM, clientRequestId)).isZero();
    }

    @Test
    void refuses_a_csr_whose_subject_names_someone_else_and_stores_nothing() {
        String clientRequestId = newClientRequestId();
        byte[] someoneElse = TestCsrs.csr(TestCsrs.person("Sara Ahmadi", "4400276201"), TestCsrs.ec("secp256r1"));

        assertThatThrownBy(() -> intake.accept(submission(clientRequestId, someoneElse)))
                .isInstanceOf(GatewayException.class);
        assertThat(ra.requestsNamed(InMemoryRa.SYSTEM, clientRequestId)).isZero();
    }

    @Test
    void a_refused_submission_may_be_sent_again_corrected_under_the_same_client_request_id() {
        String clientRequestId = newClientRequestId();
        byte[] good = InMemoryRa.aliCsr(TestCsrs.ec("secp256r1"));
        assertRefused(
                () -> intake.accept(submission(clientRequestId, TestCsrs.withBrokenSignature(good))),
                FaultCode.CSR_SIGNATURE_INVALID);

        assertThat(intake.accept(submission(clientRequestId, good)).duplicate()).isFalse();
    }

    @Test
    void identical_submissions_sent_at_once_store_one_request_and_all_are_answered_with_it() throws Exception {
        Submission s = submission(newClientRequestId(), InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")));
        List<Receipt> receipts = AtOnce.call(6, () -> intake.accept(s));

        assertThat(receipts)
                .extracting(Receipt::requestId)
                .containsOnly(receipts.get(0).requestId());
        assertThat(receipts)
                .filteredOn(Receipt::newlyReceived)
                .as("queued for vetting once")
                .hasSize(1);
        assertThat(ra.requestsNamed(InMemoryRa.SYSTEM, s.clientRequestId())).isEqualTo(1);
    }

    /**
     * The content hash exactly as intake computed it up to this change (IntakeService.contentHash at
     * 3eb5f86), kept here as the reference that the requests already stored were hashed with.
     */
    private static String hashedAsBeforeTheUpgrade(Submission s) {
        List<Object> fields = new ArrayList<>();
        var a = s.applicant();
        java.util.Collections.addAll(
                fields,
                a.kind(),
                a.givenName(),
                a.surname(),
                a.givenNameLatin(),
                a.surnameLatin(),
                a.nationalCode(),
                a.birthDate(),
                a.email(),
                a.mobile(),
                a.postalCode(),
                a.organizationName(),
                a.organizationNameLatin(),
                a.organizationalUnit(),
                a.legalId(),
                a.jobTitle(),
                a.contractType(),
                a.personnelNumber(),
                a.identificationMethod());
        var r = a.representative();
        if (r != null) {
            java.util.Collections.addAll(
                    fields,
                    r.givenName(),
                    r.surname(),
                    r.nationalCode(),
                    r.email(),
                    r.mobile(),
                    r.identificationMethod(),
                    r.authorizationReference(),
                    r.authorizationTerms(),
                    r.authorizationValidUntil());
        }
        var c = s.channel();
        java.util.Collections.addAll(
                fields,
                c.channel(),
                c.companyName(),
                c.rdUnit(),
                c.contractingAuthority(),
                c.raOffice(),
                c.paymentReference(),
                s.profile(),
                s.replyTo());
        for (Submission.Document d : s.documents()) {
            java.util.Collections.addAll(
                    fields,
                    d.type(),
                    d.holder(),
                    d.number(),
                    d.issuer(),
                    d.issueDate(),
                    d.expiryDate(),
                    d.file() == null ? null : Fingerprints.sha256Hex(d.file()));
        }
        StringBuilder canonical = new StringBuilder();
        for (Object field : fields) {
            String text = field == null ? "" : field.toString();
            canonical.append(text.length()).append(':').append(text).append(';');
        }
        byte[] text = canonical.toString().getBytes(StandardCharsets.UTF_8);
        byte[] csr = s.csrDer() != null ? s.csrDer() : s.csrPem().strip().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[text.length + csr.length];
        System.arraycopy(text, 0, all, 0, text.length);
        System.arraycopy(csr, 0, all, text.length, csr.length);
        return Fingerprints.sha256Hex(all);
    }
}
