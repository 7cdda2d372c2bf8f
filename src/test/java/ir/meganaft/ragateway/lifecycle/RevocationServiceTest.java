package ir.meganaft.ragateway.lifecycle;

import static ir.meganaft.ragateway.support.Faults.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.csr.Fingerprints;
import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.RequestType;
import ir.meganaft.ragateway.request.Revocation;
import ir.meganaft.ragateway.security.Officers;
import ir.meganaft.ragateway.security.RaRole;
import ir.meganaft.ragateway.support.AtOnce;
import ir.meganaft.ragateway.support.InMemoryRa;
import ir.meganaft.ragateway.support.TestCsrs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Revocation against an in-memory H2 database and the local CA, without a gateway. */
class RevocationServiceTest {
    private static final String REGISTRAR = "registrar-1";
    private static InMemoryRa ra;
    private static RevocationService revocations;

    @BeforeAll
    static void open(@TempDir Path folder) {
        ra = InMemoryRa.open(folder, RevocationServiceTest.class);
        revocations = new RevocationService(
                ra.requests,
                ra.certificates,
                ra.ca,
                ra.raRequests,
                new Officers(Map.of(REGISTRAR, Set.of(RaRole.REGISTRAR))),
                true,
                ra.callbacks,
                InMemoryRa.CLOCK);
    }

    @AfterAll
    static void close() {
        ra.close();
    }

    private static RevocationService.Submission revocation(
            String system, String clientRequestId, String requestId, String reason, String requestedBy) {
        return new RevocationService.Submission(
                InMemoryRa.system(system),
                clientRequestId,
                "operator-7",
                null,
                new CertificateReference(requestId, null, null),
                reason,
                null,
                requestedBy,
                "lost the token");
    }

    private static String clientRequestId() {
        return "v-" + UUID.randomUUID();
    }

    private static String issued() {
        return ra.issuedFor(InMemoryRa.SYSTEM, TestCsrs.ec("secp256r1"));
    }

    private static IssuedCertificate certificateOf(String requestId) {
        return ra.certificates.forRequest(requestId).orElseThrow();
    }

    @Test
    void a_revocation_waits_for_a_registrar_stored_pending_approval_with_what_was_asked() {
        String issued = issued();

        RevocationService.Outcome outcome = revocations.request(
                revocation(InMemoryRa.SYSTEM, clientRequestId(), issued, "affiliationChanged", "ORGANIZATION"));

        assertThat(outcome.state()).isEqualTo(RequestState.PENDING_APPROVAL);
        assertThat(outcome.takeEffectNow()).isFalse();
        assertThat(outcome.duplicate()).isFalse();
        assertThat(outcome.status()).isEqualTo(CertificateStatus.GOOD);
        CertificateRequest stored = ra.requests.find(outcome.requestId()).orElseThrow();
        assertThat(stored.type()).isEqualTo(RequestType.REVOKE);
        assertThat(stored.targetSerial()).isEqualTo(ra.serialOf(issued));
        assertThat(stored.requestedRevocation()).isEqualTo(new Revocation("affiliationChanged", null, null));
        assertThat(stored.applicant())
                .isEqualTo(ra.requests.find(issued).orElseThrow().applicant());
        assertThat(certificateOf(issued).status()).isEqualTo(CertificateStatus.GOOD);
    }

    @Test
    void the_holders_key_compromise_is_approved_at_once_and_carried_out_by_the_ca() {
        String issued = issued();

        RevocationService.Outcome outcome = revocations.request(
                revocation(InMemoryRa.SYSTEM, clientRequestId(), issued, "keyCompromise", "HOLDER"));

        assertThat(outcome.state()).isEqualTo(RequestState.APPROVED);
        assertThat(outcome.takeEffectNow()).isTrue();
        assertThat(revocations.execute(ra.requests.find(outcome.requestId()).orElseThrow()))
                .isEqualTo(RequestState.COMPLETED);
        assertThat(certificateOf(issued).status()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(certificateOf(issued).revocation().reason()).isEqualTo("keyCompromise");
        // a redelivered message finds it done
        assertThat(revocations.execute(ra.requests.find(outcome.requestId()).orElseThrow()))
                .isEqualTo(RequestState.COMPLETED);
    }

    @Test
    void a_sibling_system_reporting_key_compromise_waits_for_a_registrar() {
        String issued = ra.issuedFor(InMemoryRa.SIBLING, TestCsrs.ec("secp256r1"));

        RevocationService.Outcome outcome = revocations.request(
                revocation(InMemoryRa.SYSTEM, clientRequestId(), issued, "keyCompromise", "HOLDER"));

        assertThat(outcome.state()).isEqualTo(RequestState.PENDING_APPROVAL);
    }

    @Test
    void a_retry_gets_the_same_revocation_and_one_with_another_reason_is_a_conflict() {
        String issued = issued();
        String clientRequestId = clientRequestId();
        RevocationService.Outcome first = revocations.request(
                revocation(InMemoryRa.SYSTEM, clientRequestId, issued, "affiliationChanged", "ORGANIZATION"));

        RevocationService.Outcome again = revocations.request(
                revocation(InMemoryRa.SYSTEM, clientRequestId, issued, "affiliationChanged", "ORGANIZATION"));

        assertThat(again.requestId()).isEqualTo(first.requestId());
        assertThat(again.duplicate()).isTrue();
        assertThat(again.serialNumber()).isEqualTo(ra.serialOf(issued));
        assertRefused(
                () -> revocations.request(
                        revocation(InMemoryRa.SYSTEM, clientRequestId, issued, "cessationOfOperation", "ORGANIZATION")),
                FaultCode.IDEMPOTENCY_CONFLICT);
        assertThat(ra.requestsNamed(InMemoryRa.SYSTEM, clientRequestId)).isEqualTo(1);
    }

    @Test
    void a_retry_of_a_revocation_stored_before_the_upgrade_is_recognized_by_the_hash_stored_then() {
        String issued = issued();
        RevocationService.Submission s =
                revocation(InMemoryRa.SYSTEM, clientRequestId(), issued, "affiliationChanged", "ORGANIZATION");
        CertificateRequest before = CertificateRequest.revocation(
                new CertificateRequest.Sender(InMemoryRa.SYSTEM, s.clientRequestId(), null, null),
                hashedAsBeforeTheUpgrade(s),
                ra.requests.find(issued).orElseThrow(),
                ra.serialOf(issued),
                new Revocation("affiliationChanged", null, null),
                RequestState.PENDING_APPROVAL,
                null,
                InMemoryRa.CLOCK.instant());
        ra.requests.insert(before, List.of(), "caller:" + InMemoryRa.SYSTEM, "ORGANIZATION");

        RevocationService.Outcome retry = revocations.request(s);

        assertThat(retry.requestId()).isEqualTo(before.id());
        assertThat(retry.duplicate()).isTrue();
    }

    @Test
    void identical_revocations_sent_at_once_store_one_request_and_all_are_answered_with_it() throws Exception {
        String issued = issued();
        RevocationService.Submission s =
                revocation(InMemoryRa.SYSTEM, clientRequestId(), issued, "affiliationChanged", "ORGANIZATION");
        List<RevocationService.Outcome> outcomes =
                AtOnce.call(6, () -> revocations.request(s)); // none "already under way"

        assertThat(outcomes)
                .extracting(RevocationService.Outcome::requestId)
                .containsOnly(outcomes.get(0).requestId());
        assertThat(ra.requestsNamed(InMemoryRa.SYSTEM, s.clientRequestId())).isEqualTo(1);
    }

    @Test
    void a_second_revocation_of_a_certificate_under_way_is_refused() {
        String issued = issued();
        revocations.request(
                revocation(InMemoryRa.SYSTEM, clientRequestId(), issued, "affiliationChanged", "ORGANIZATION"));

        assertRefused(
                () -> revocations.request(revocation(
                        InMemoryRa.SYSTEM, clientRequestId(), issued, "cessationOfOperation", "ORGANIZATION")),
                FaultCode.ILLEGAL_STATE);
    }

    @Test
    void a_certificate_another_company_holds_is_answered_as_unknown_and_nothing_is_stored() {
        String issued = issued();
        String clientRequestId = clientRequestId();

        assertRefused(
                () -> revocations.request(
                        revocation(InMemoryRa.STRANGER, clientRequestId, issued, "keyCompromise", "HOLDER")),
                FaultCode.UNKNOWN_CERTIFICATE);
        assertThat(ra.requestsNamed(InMemoryRa.STRANGER, clientRequestId)).isZero();
    }

    @Test
    void refuses_reasons_that_do_not_apply_to_an_end_entity_certificate() {
        String issued = issued();

        for (String reason : List.of("cACompromise", "aACompromise", "removeFromCRL")) {
            assertRefused(
                    () -> revocations.request(
                            revocation(InMemoryRa.SYSTEM, clientRequestId(), issued, reason, "HOLDER")),
                    FaultCode.SCHEMA_INVALID);
        }
    }

    @Test
    void a_registrar_holds_and_releases_a_certificate_at_once_each_kept_as_a_completed_revoke_request() {
        String issued = issued();
        CertificateReference ref = new CertificateReference(issued, null, null);

        assertThat(revocations
                        .revokeByRa(REGISTRAR, ref, "certificateHold", null, "checking")
                        .status())
                .isEqualTo(CertificateStatus.ON_HOLD);
        assertThat(revocations.releaseHold(REGISTRAR, ref, null).status()).isEqualTo(CertificateStatus.GOOD);

        List<String> states = ra.database
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "select state from cert_request where request_type = 'REVOKE' and target_serial = :s order by received_at")
                        .bind("s", ra.serialOf(issued))
                        .mapTo(String.class)
                        .list());
        assertThat(states).containsExactly("COMPLETED", "COMPLETED");
    }

    @Test
    void only_a_registrar_revokes_on_the_ras_own_finding() {
        assertThatThrownBy(() -> revocations.revokeByRa(
                        "someone", new CertificateReference(issued(), null, null), "privilegeWithdrawn", null, null))
                .isInstanceOf(GatewayException.class);
    }

    @Test
    void an_invalidity_date_must_lie_between_the_certificates_start_and_now() {
        String issued = issued();
        RevocationService.Submission future = new RevocationService.Submission(
                InMemoryRa.system(InMemoryRa.SYSTEM),
                clientRequestId(),
                null,
                null,
                new CertificateReference(issued, null, null),
                "keyCompromise",
                Instant.now().plusSeconds(3600),
                "HOLDER",
                null);

        assertRefused(() -> revocations.request(future), FaultCode.SCHEMA_INVALID);
    }

    /** The content hash as revocation computed it up to this change (RevocationService at 3eb5f86). */
    static String hashedAsBeforeTheUpgrade(RevocationService.Submission s) {
        return Fingerprints.sha256Hex(
                (s.certificate() + "|" + s.reason() + "|" + s.invalidityDate() + "|" + s.requestedBy())
                        .getBytes(StandardCharsets.UTF_8));
    }
}
