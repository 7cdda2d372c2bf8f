package ir.meganaft.ragateway.lifecycle;

import static ir.meganaft.ragateway.support.Faults.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.csr.Fingerprints;
import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.intake.Receipt;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.RequestType;
import ir.meganaft.ragateway.support.AtOnce;
import ir.meganaft.ragateway.support.InMemoryRa;
import ir.meganaft.ragateway.support.TestCsrs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renewal against an in-memory H2 database and the local CA, without a gateway. */
class RenewalServiceTest {
    private static InMemoryRa ra;
    private static RenewalService renewals;
    private static RenewalService keepingKeys;

    @BeforeAll
    static void open(@TempDir Path folder) {
        ra = InMemoryRa.open(folder, RenewalServiceTest.class);
        javax.security.auth.x500.X500Principal caName = ra.ca.chain().get(0).getSubjectX500Principal();
        renewals = new RenewalService(
                ra.requests, ra.certificates, caName, ra.checks, false, ra.callbacks, InMemoryRa.CLOCK);
        keepingKeys = new RenewalService(
                ra.requests, ra.certificates, caName, ra.checks, true, ra.callbacks, InMemoryRa.CLOCK);
    }

    @AfterAll
    static void close() {
        ra.close();
    }

    private static RenewalService.Submission renewal(
            String system, String clientRequestId, String requestId, byte[] csr) {
        return new RenewalService.Submission(
                InMemoryRa.system(system),
                clientRequestId,
                "operator-7",
                null,
                new CertificateReference(requestId, null, null),
                csr,
                null,
                "renewal");
    }

    private static String clientRequestId() {
        return "r-" + UUID.randomUUID();
    }

    @Test
    void renews_a_good_certificate_with_a_new_key_as_a_received_renew_request_of_the_same_vetted_subject() {
        String issued = ra.issuedFor(InMemoryRa.SYSTEM, TestCsrs.ec("secp256r1"));
        byte[] newKey = InMemoryRa.aliCsr(TestCsrs.ec("secp256r1"));

        Receipt receipt = renewals.request(renewal(InMemoryRa.SYSTEM, clientRequestId(), issued, newKey));

        assertThat(receipt.duplicate()).isFalse();
        assertThat(receipt.state()).isEqualTo(RequestState.RECEIVED);
        CertificateRequest stored = ra.requests.find(receipt.requestId()).orElseThrow();
        CertificateRequest origin = ra.requests.find(issued).orElseThrow();
        assertThat(stored.type()).isEqualTo(RequestType.RENEW);
        assertThat(stored.targetSerial()).isEqualTo(ra.serialOf(issued));
        assertThat(stored.applicant()).isEqualTo(origin.applicant());
        assertThat(stored.channel()).isEqualTo(origin.channel());
        assertThat(stored.csrDer()).isEqualTo(newKey);
        assertThat(stored.publicKeySha256()).isNotEqualTo(origin.publicKeySha256());
        assertThat(stored.remarks()).isEqualTo("renewal");
    }

    @Test
    void without_a_csr_keeps_the_key_where_the_profile_allows_it_and_refuses_where_it_does_not() {
        String issued = ra.issuedFor(InMemoryRa.SYSTEM, TestCsrs.ec("secp256r1"));

        assertRefused(
                () -> renewals.request(renewal(InMemoryRa.SYSTEM, clientRequestId(), issued, null)),
                FaultCode.RENEWAL_NOT_ALLOWED);
        Receipt kept = keepingKeys.request(renewal(InMemoryRa.SYSTEM, clientRequestId(), issued, null));

        assertThat(ra.requests.find(kept.requestId()).orElseThrow().publicKeySha256())
                .isEqualTo(ra.requests.find(issued).orElseThrow().publicKeySha256());
    }

    @Test
    void a_retry_gets_the_same_renewal_and_one_with_another_key_is_a_conflict() {
        String issued = ra.issuedFor(InMemoryRa.SYSTEM, TestCsrs.ec("secp256r1"));
        String clientRequestId = clientRequestId();
        RenewalService.Submission s =
                renewal(InMemoryRa.SYSTEM, clientRequestId, issued, InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")));
        Receipt first = renewals.request(s);

        Receipt again = renewals.request(s);

        assertThat(again.requestId()).isEqualTo(first.requestId());
        assertThat(again.duplicate()).isTrue();
        assertRefused(
                () -> renewals.request(renewal(
                        InMemoryRa.SYSTEM, clientRequestId, issued, InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")))),
                FaultCode.IDEMPOTENCY_CONFLICT);
        assertThat(ra.requestsNamed(InMemoryRa.SYSTEM, clientRequestId)).isEqualTo(1);
    }

    @Test
    void a_client_request_id_used_for_a_submission_is_a_conflict_for_a_renewal() {
        String issued = ra.issuedFor(InMemoryRa.SYSTEM, TestCsrs.ec("secp256r1"));
        String usedForIssue = ra.requests.find(issued).orElseThrow().clientRequestId();

        assertRefused(
                () -> renewals.request(
                        renewal(InMemoryRa.SYSTEM, usedForIssue, issued, InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")))),
                FaultCode.IDEMPOTENCY_CONFLICT);
    }

    @Test
    void a_retry_of_a_renewal_stored_before_the_upgrade_is_recognized_by_the_hash_stored_then() {
        String issued = ra.issuedFor(InMemoryRa.SYSTEM, TestCsrs.ec("secp256r1"));
        RenewalService.Submission s =
                renewal(InMemoryRa.SYSTEM, clientRequestId(), issued, InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")));
        CertificateRequest before = CertificateRequest.renewal(
                new CertificateRequest.Sender(InMemoryRa.SYSTEM, s.clientRequestId(), null, null),
                hashedAsBeforeTheUpgrade(s),
                ra.requests.find(issued).orElseThrow(),
                ra.serialOf(issued),
                new CertificateRequest.Csr(s.csrDer(), "key", "CN=Ali"),
                null,
                InMemoryRa.CLOCK.instant());
        ra.requests.insert(before, List.of(), "caller:" + InMemoryRa.SYSTEM);

        Receipt retry = renewals.request(s);

        assertThat(retry.requestId()).isEqualTo(before.id());
        assertThat(retry.duplicate()).isTrue();
    }

    @Test
    void a_certificate_another_company_holds_is_answered_as_unknown() {
        String issued = ra.issuedFor(InMemoryRa.SYSTEM, TestCsrs.ec("secp256r1"));

        assertRefused(
                () -> renewals.request(renewal(
                        InMemoryRa.STRANGER, clientRequestId(), issued, InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")))),
                FaultCode.UNKNOWN_CERTIFICATE);
    }

    @Test
    void a_certificate_already_being_renewed_is_not_renewed_twice() {
        String issued = ra.issuedFor(InMemoryRa.SYSTEM, TestCsrs.ec("secp256r1"));
        renewals.request(
                renewal(InMemoryRa.SYSTEM, clientRequestId(), issued, InMemoryRa.aliCsr(TestCsrs.ec("secp256r1"))));

        assertRefused(
                () -> renewals.request(renewal(
                        InMemoryRa.SYSTEM, clientRequestId(), issued, InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")))),
                FaultCode.RENEWAL_NOT_ALLOWED);
    }

    @Test
    void identical_renewals_sent_at_once_store_one_request_and_all_are_answered_with_it() throws Exception {
        String issued = ra.issuedFor(InMemoryRa.SYSTEM, TestCsrs.ec("secp256r1"));
        RenewalService.Submission s =
                renewal(InMemoryRa.SYSTEM, clientRequestId(), issued, InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")));
        List<Receipt> receipts = AtOnce.call(6, () -> renewals.request(s)); // none refused as "already being renewed"

        assertThat(receipts)
                .extracting(Receipt::requestId)
                .containsOnly(receipts.get(0).requestId());
        assertThat(ra.requestsNamed(InMemoryRa.SYSTEM, s.clientRequestId())).isEqualTo(1);
    }

    @Test
    void a_revoked_certificate_is_not_renewed() {
        KeyPair keys = TestCsrs.ec("secp256r1");
        String issued = ra.issuedFor(InMemoryRa.SYSTEM, keys);
        ra.database
                .jdbi()
                .useHandle(h -> h.createUpdate("update certificate set status = 'REVOKED' where request_id = :r")
                        .bind("r", issued)
                        .execute());

        assertRefused(
                () -> renewals.request(renewal(
                        InMemoryRa.SYSTEM, clientRequestId(), issued, InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")))),
                FaultCode.RENEWAL_NOT_ALLOWED);
    }

    /** The content hash as renewal computed it up to this change (RenewalService at 3eb5f86). */
    static String hashedAsBeforeTheUpgrade(RenewalService.Submission s) {
        return Fingerprints.sha256Hex((s.certificate() + "|"
                        + (s.csrDer() == null ? "" : HexFormat.of().formatHex(s.csrDer())) + "|" + s.csrPem() + "|"
                        + s.replyTo())
                .getBytes(StandardCharsets.UTF_8));
    }
}
