package ir.meganaft.ragateway.caoperations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.lifecycle.CertificateReference;
import ir.meganaft.ragateway.lifecycle.RevocationService;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.security.Officers;
import ir.meganaft.ragateway.support.InMemoryRa;
import ir.meganaft.ragateway.support.TestCsrs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA-operations queue's consumer, on an in-memory database: each approved request to the service of its kind. */
class CaOperationsTest {
    private static InMemoryRa ra;
    private static RevocationService revocations;
    private static CaOperations operations;

    @BeforeAll
    static void open(@TempDir Path folder) {
        ra = InMemoryRa.open(folder, CaOperationsTest.class);
        revocations = new RevocationService(
                ra.requests,
                ra.certificates,
                ra.ca,
                ra.raRequests,
                new Officers(Map.of()),
                true,
                ra.callbacks,
                InMemoryRa.CLOCK);
        operations = new CaOperations(ra.requests, ra.issuance, revocations);
    }

    @AfterAll
    static void close() {
        ra.close();
    }

    /** An ISSUE request for Ali, vetted and approved. */
    private static String approvedIssue() {
        String id = ra.received(
                InMemoryRa.SYSTEM,
                InMemoryRa.ali(),
                InMemoryRa.insideNioc(),
                InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")),
                List.of());
        ra.moveThrough(id, RequestState.PENDING_VETTING, RequestState.PENDING_APPROVAL, RequestState.APPROVED);
        return id;
    }

    @Test
    void an_approved_issue_request_becomes_a_certificate_once() {
        String id = approvedIssue();

        assertThat(operations.carryOut(id)).isEqualTo(RequestState.ISSUED);
        assertThat(ra.certificates.forRequest(id)).isPresent();
        assertThat(operations.carryOut(id)).as("a repeated message").isEqualTo(RequestState.ISSUED);
    }

    @Test
    void an_approved_revocation_is_carried_out_by_the_ca() {
        String issued = ra.issuedFor(InMemoryRa.SYSTEM, TestCsrs.ec("secp256r1"));
        RevocationService.Outcome approved = revocations.request(new RevocationService.Submission(
                InMemoryRa.system(InMemoryRa.SYSTEM),
                "v-" + UUID.randomUUID(),
                null,
                null,
                new CertificateReference(issued, null, null),
                "keyCompromise",
                null,
                "HOLDER",
                null));

        assertThat(operations.carryOut(approved.requestId())).isEqualTo(RequestState.COMPLETED);
        assertThat(ra.certificates.forRequest(issued).orElseThrow().status()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(operations.carryOut(approved.requestId()))
                .as("a repeated message")
                .isEqualTo(RequestState.COMPLETED);
    }

    @Test
    void a_revocation_waiting_for_a_registrar_is_left_alone() {
        String issued = ra.issuedFor(InMemoryRa.SYSTEM, TestCsrs.ec("secp256r1"));
        RevocationService.Outcome waiting = revocations.request(new RevocationService.Submission(
                InMemoryRa.system(InMemoryRa.SYSTEM),
                "v-" + UUID.randomUUID(),
                null,
                null,
                new CertificateReference(issued, null, null),
                "affiliationChanged",
                null,
                "ORGANIZATION",
                null));

        assertThat(operations.carryOut(waiting.requestId())).isEqualTo(RequestState.PENDING_APPROVAL);
        assertThat(ra.certificates.forRequest(issued).orElseThrow().status()).isEqualTo(CertificateStatus.GOOD);
    }

    @Test
    void a_message_for_an_unknown_request_is_dropped() {
        assertThat(operations.carryOut("no-such-request")).isNull();
    }

    @Test
    void neither_service_takes_the_others_kind_of_request() {
        String id = approvedIssue();
        CertificateRequest issue = ra.requests.find(id).orElseThrow();

        assertThatThrownBy(() -> revocations.execute(issue)).isInstanceOf(IllegalArgumentException.class);
    }
}
