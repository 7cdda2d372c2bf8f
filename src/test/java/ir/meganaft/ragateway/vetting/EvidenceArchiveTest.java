package ir.meganaft.ragateway.vetting;

import static ir.meganaft.ragateway.support.Faults.assertRefused;
import static ir.meganaft.ragateway.support.InMemoryRa.document;
import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.csr.Fingerprints;
import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.identity.NoCivilRegistry;
import ir.meganaft.ragateway.intake.EvidenceFiles;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.Check;
import ir.meganaft.ragateway.request.CheckKind;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.StateChange;
import ir.meganaft.ragateway.request.SubmittedDocument;
import ir.meganaft.ragateway.security.Officers;
import ir.meganaft.ragateway.security.RaRole;
import ir.meganaft.ragateway.store.EvidenceScanStore;
import ir.meganaft.ragateway.support.InMemoryRa;
import ir.meganaft.ragateway.support.TestCsrs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the archive gives the archivist and the checking officers, on an in-memory database without a gateway. */
class EvidenceArchiveTest {
    private static final String ARCHIVIST = "archivist-1";
    private static final String INTAKE = "intake-1";
    private static final String COMPLIANCE = "compliance-1";
    private static final String REGISTRAR = "registrar-1";
    private static final byte[] SCAN = "scan of Ali's national card".getBytes(StandardCharsets.UTF_8);
    private static final String SCAN_SHA256 = Fingerprints.sha256Hex(SCAN);

    private static InMemoryRa ra;
    private static EvidenceArchive archive;

    @BeforeAll
    static void open(@TempDir Path folder) throws IOException {
        ra = InMemoryRa.open(folder.resolve("keys"), EvidenceArchiveTest.class);
        EvidenceScanStore scans = new EvidenceScanStore(ra.database, new EvidenceFiles(folder.resolve("evidence")));
        scans.store(SCAN);
        archive = new EvidenceArchive(
                ra.requests,
                ra.certificates,
                new Officers(Map.of(
                        ARCHIVIST,
                        Set.of(RaRole.ARCHIVIST),
                        INTAKE,
                        Set.of(RaRole.INTAKE_OFFICER),
                        COMPLIANCE,
                        Set.of(RaRole.COMPLIANCE_OFFICER),
                        REGISTRAR,
                        Set.of(RaRole.REGISTRAR))),
                scans::read);
    }

    @AfterAll
    static void close() {
        ra.close();
    }

    /** Ali's form and his national card with its scan, stored RECEIVED and vetted automatically. */
    private static String vettedWithAScan() {
        SubmittedDocument card = new SubmittedDocument(
                "NATIONAL_CARD",
                "APPLICANT",
                "NAT-1",
                "civil registry",
                null,
                LocalDate.now(InMemoryRa.CLOCK).plusYears(2),
                "front",
                "card.jpg",
                SCAN_SHA256,
                (long) SCAN.length);
        String id = ra.received(
                InMemoryRa.SYSTEM,
                InMemoryRa.ali(),
                InMemoryRa.insideNioc(),
                InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")),
                List.of(document(null, "REQUEST_FORM"), card));
        new AutomaticVetting(ra.requests, ra.certificates, ra.checks, new NoCivilRegistry(), InMemoryRa.CLOCK).vet(id);
        return id;
    }

    @Test
    void the_archivist_gets_the_documents_the_checks_with_who_made_them_and_the_history_of_a_request() {
        String id = vettedWithAScan();

        EvidenceArchive.Evidence evidence = archive.evidence(id, ARCHIVIST);

        assertThat(evidence.request().id()).isEqualTo(id);
        assertThat(evidence.documents())
                .extracting(SubmittedDocument::type, SubmittedDocument::fileSha256)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("REQUEST_FORM", null),
                        org.assertj.core.groups.Tuple.tuple("NATIONAL_CARD", SCAN_SHA256));
        assertThat(evidence.checks())
                .extracting(Check::kind, Check::actor)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(CheckKind.CIVIL_REGISTRY_INQUIRY, "gateway:civil-registry"),
                        org.assertj.core.groups.Tuple.tuple(CheckKind.AUTOMATIC_CHECKS, "gateway:automatic-vetting"));
        assertThat(evidence.history())
                .extracting(StateChange::to)
                .containsExactly(RequestState.RECEIVED, RequestState.PENDING_VETTING);
        assertThat(evidence.certificateSerialNumber()).isNull();
    }

    @Test
    void the_checking_officers_may_read_the_evidence_and_a_registrar_may_not() {
        String id = vettedWithAScan();

        assertThat(archive.evidence(id, INTAKE).documents()).hasSize(2);
        assertThat(archive.evidence(id, COMPLIANCE).documents()).hasSize(2);
        assertRefused(() -> archive.evidence(id, REGISTRAR), FaultCode.NOT_AUTHORIZED);
        assertRefused(() -> archive.file(id, REGISTRAR, SCAN_SHA256), FaultCode.NOT_AUTHORIZED);
        assertRefused(() -> archive.evidence(id, "nobody"), FaultCode.NOT_AUTHORIZED);
    }

    @Test
    void a_scan_is_fetched_by_the_sha256_the_request_carries_and_no_other() {
        String id = vettedWithAScan();
        String other = ra.issuedFor(InMemoryRa.SYSTEM, TestCsrs.ec("secp256r1"));

        EvidenceArchive.EvidenceFile file = archive.file(id, ARCHIVIST, SCAN_SHA256.toUpperCase(Locale.ROOT));

        assertThat(file.content()).isEqualTo(SCAN);
        assertThat(file.fileName()).isEqualTo("card.jpg");
        assertRefused(() -> archive.file(id, ARCHIVIST, "00".repeat(32)), FaultCode.UNKNOWN_EVIDENCE);
        assertRefused(() -> archive.file(other, ARCHIVIST, SCAN_SHA256), FaultCode.UNKNOWN_EVIDENCE);
    }

    @Test
    void a_renewal_shows_the_documents_of_the_request_it_relies_on_and_an_issued_request_its_certificate() {
        String id = vettedWithAScan();
        ra.moveThrough(id, RequestState.PENDING_APPROVAL, RequestState.APPROVED);
        ra.issuance.issue(id);
        CertificateRequest origin = ra.requests.find(id).orElseThrow();
        byte[] csr = InMemoryRa.aliCsr(TestCsrs.ec("secp256r1"));
        CertificateRequest renewal = CertificateRequest.renewal(
                new CertificateRequest.Sender(InMemoryRa.SYSTEM, "r-" + java.util.UUID.randomUUID(), null, null),
                "hash",
                origin,
                ra.serialOf(id),
                new CertificateRequest.Csr(csr, ra.checks.parser().parseDer(csr).publicKeyFingerprint(), "CN=Ali"),
                null,
                InMemoryRa.CLOCK.instant());
        ra.requests.insert(renewal, List.of(), "caller:" + InMemoryRa.SYSTEM);

        assertThat(archive.evidence(id, ARCHIVIST).certificateSerialNumber()).isEqualTo(ra.serialOf(id));
        assertThat(archive.evidence(renewal.id(), ARCHIVIST).documents())
                .extracting(SubmittedDocument::type)
                .containsExactly("REQUEST_FORM", "NATIONAL_CARD");
        assertThat(archive.file(renewal.id(), ARCHIVIST, SCAN_SHA256).content()).isEqualTo(SCAN);
    }

    @Test
    void the_evidence_of_an_unknown_request_is_refused_with_UNKNOWN_REQUEST() {
        assertRefused(() -> archive.evidence("no-such-request", ARCHIVIST), FaultCode.UNKNOWN_REQUEST);
        assertRefused(() -> archive.file("no-such-request", ARCHIVIST, SCAN_SHA256), FaultCode.UNKNOWN_REQUEST);
    }
}
