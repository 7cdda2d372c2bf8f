package ir.meganaft.ragateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.Revocation;
import ir.meganaft.ragateway.support.InMemoryRa;
import ir.meganaft.ragateway.support.TestCsrs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store moves a request only as its kind allows (request/RequestType), on an in-memory database. */
class RequestTransitionsTest {
    private static InMemoryRa ra;

    @BeforeAll
    static void open(@TempDir Path folder) {
        ra = InMemoryRa.open(folder, RequestTransitionsTest.class);
    }

    @AfterAll
    static void close() {
        ra.close();
    }

    private static CertificateRequest approvedRevocation() {
        String issued = ra.issuedFor(InMemoryRa.SYSTEM, TestCsrs.ec("secp256r1"));
        CertificateRequest revocation = CertificateRequest.revocation(
                new CertificateRequest.Sender(InMemoryRa.SYSTEM, "v-" + UUID.randomUUID(), null, null),
                "hash",
                ra.requests.find(issued).orElseThrow(),
                ra.serialOf(issued),
                new Revocation("superseded", null, null),
                RequestState.APPROVED,
                null,
                Instant.now());
        ra.requests.insert(revocation, List.of(), "test", "RA");
        return revocation;
    }

    @Test
    void a_revocation_is_never_moved_to_issued_nor_given_a_certificate() {
        CertificateRequest revocation = approvedRevocation();
        IssuedCertificate certificate = IssuedCertificate.issued(
                "0ABCDEF",
                revocation.id(),
                "CN=CA",
                "CN=Ali",
                Instant.now(),
                Instant.now().plusSeconds(60),
                "FP",
                "KEY",
                new byte[] {1},
                Instant.now());

        assertThatThrownBy(() -> ra.certificates.recordIssuance(certificate, "test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REVOKE");
        assertThat(ra.requests.find(revocation.id()).orElseThrow().state()).isEqualTo(RequestState.APPROVED);
        assertThat(ra.certificates.bySerial("0ABCDEF")).isEmpty();
    }

    @Test
    void an_issued_request_is_never_completed_as_a_revocation() {
        String issued = ra.issuedFor(InMemoryRa.SYSTEM, TestCsrs.ec("secp256r1"));

        assertThatThrownBy(() -> ra.requests.locked(issued, tx -> {
                    tx.moveTo(RequestState.COMPLETED, "test", null);
                    return null;
                }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ra.requests.find(issued).orElseThrow().state()).isEqualTo(RequestState.ISSUED);
    }

    @Test
    void an_approved_revocation_completes_or_is_rejected_and_a_repeat_of_either_changes_nothing() {
        CertificateRequest completed = approvedRevocation();
        CertificateRequest rejected = approvedRevocation();

        assertThat(ra.requests.transition(completed.id(), RequestState.APPROVED, RequestState.COMPLETED, "test", null))
                .isTrue();
        assertThat(ra.requests.reject(rejected.id(), RequestState.APPROVED, "test", "CA_REFUSED", "no"))
                .isTrue();

        assertThat(ra.requests.transition(completed.id(), RequestState.APPROVED, RequestState.COMPLETED, "test", null))
                .as("someone else moved it first")
                .isFalse();
        assertThat(ra.requests.reject(rejected.id(), RequestState.APPROVED, "test", "CA_REFUSED", "no"))
                .isFalse();
    }

    @Test
    void a_move_no_kind_allows_is_refused_before_the_database_is_asked() {
        assertThatThrownBy(() ->
                        ra.requests.transition("any", RequestState.DELIVERED, RequestState.APPROVED, "test", null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
