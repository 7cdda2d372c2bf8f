package ir.meganaft.ragateway.vetting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import ir.meganaft.ragateway.identity.CivilRegistry;
import ir.meganaft.ragateway.identity.NoCivilRegistry;
import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.Check;
import ir.meganaft.ragateway.request.CheckKind;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.StateChange;
import ir.meganaft.ragateway.support.AtOnce;
import ir.meganaft.ragateway.support.InMemoryRa;
import ir.meganaft.ragateway.support.TestCsrs;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The automatic checks on a RECEIVED request against an in-memory H2 database, without a gateway:
 * the CSR again, key reuse, and the civil-registry inquiry through a stand-in of the port.
 */
class AutomaticVettingTest {
    private static InMemoryRa ra;
    private static AutomaticVetting withoutRegistry;

    @BeforeAll
    static void open(@TempDir Path folder) {
        ra = InMemoryRa.open(folder, AutomaticVettingTest.class);
        withoutRegistry = vettingAsking(new NoCivilRegistry());
    }

    @AfterAll
    static void close() {
        ra.close();
    }

    /**
     * A civil registry that knows these people (national code to "givenName surname") and counts the
     * inquiries made of it.
     */
    private static final class Registry implements CivilRegistry {
        private final Map<String, String> people;
        final AtomicInteger inquiries = new AtomicInteger();

        Registry(Map<String, String> people) {
            this.people = people;
        }

        @Override
        public Answer inquire(String nationalCode, String givenName, String surname, LocalDate birthDate) {
            inquiries.incrementAndGet();
            String registered = people.get(nationalCode);
            if (registered == null) {
                return new Answer(Outcome.NOT_FOUND, "not registered");
            }
            return registered.equals(givenName + " " + surname)
                    ? new Answer(Outcome.MATCH, "registered as " + registered)
                    : new Answer(Outcome.MISMATCH, "registered as " + registered);
        }
    }

    private static AutomaticVetting vettingAsking(CivilRegistry registry) {
        return new AutomaticVetting(ra.requests, ra.certificates, ra.checks, registry, InMemoryRa.CLOCK);
    }

    private static String received(Applicant applicant, byte[] csr) {
        return ra.received(InMemoryRa.SYSTEM, applicant, InMemoryRa.insideNioc(), csr, List.of());
    }

    private static String receivedForAli() {
        return received(InMemoryRa.ali(), InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")));
    }

    @Test
    void a_good_request_inside_the_industry_goes_to_the_officers_with_the_evidence_that_no_registry_was_asked() {
        String id = receivedForAli();

        assertThat(withoutRegistry.vet(id)).isEqualTo(RequestState.PENDING_VETTING);

        assertThat(ra.stored(id).state()).isEqualTo(RequestState.PENDING_VETTING);
        assertThat(ra.requests.checks(id))
                .extracting(Check::kind, Check::actor, Check::outcome)
                .containsExactly(
                        tuple(CheckKind.CIVIL_REGISTRY_INQUIRY, "gateway:civil-registry", "NOT_PERFORMED"),
                        tuple(CheckKind.AUTOMATIC_CHECKS, "gateway:automatic-vetting", "PASSED"));
        assertThat(ra.checksOf(id, CheckKind.CIVIL_REGISTRY_INQUIRY))
                .singleElement()
                .extracting(Check::details)
                .asString()
                .startsWith("applicant " + InMemoryRa.NATIONAL_CODE + ": ");
        assertThat(ra.requests.history(id))
                .last()
                .extracting(StateChange::to, StateChange::actor)
                .containsExactly(RequestState.PENDING_VETTING, "gateway:automatic-vetting");
    }

    @Test
    void a_good_request_outside_the_industry_waits_for_payment() {
        String id = ra.received(
                InMemoryRa.SYSTEM,
                InMemoryRa.ali(),
                InMemoryRa.outsideTehran(),
                InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")),
                List.of());

        assertThat(withoutRegistry.vet(id)).isEqualTo(RequestState.AWAITING_PAYMENT);
        assertThat(ra.stored(id).state()).isEqualTo(RequestState.AWAITING_PAYMENT);
    }

    @Test
    void an_applicant_the_civil_registry_knows_by_that_name_passes_with_the_match_kept() {
        String id = receivedForAli();

        assertThat(vettingAsking(new Registry(Map.of(InMemoryRa.NATIONAL_CODE, "علی رضایی")))
                        .vet(id))
                .isEqualTo(RequestState.PENDING_VETTING);
        assertThat(ra.checksOf(id, CheckKind.CIVIL_REGISTRY_INQUIRY))
                .extracting(Check::outcome)
                .containsExactly("MATCH");
    }

    @Test
    void automatic_vetting_rejects_an_applicant_the_civil_registry_does_not_know() {
        String id = receivedForAli();

        assertThat(vettingAsking(new Registry(Map.of())).vet(id)).isEqualTo(RequestState.REJECTED);

        CertificateRequest rejected = ra.stored(id);
        assertThat(rejected.state()).isEqualTo(RequestState.REJECTED);
        assertThat(rejected.rejectionCode()).isEqualTo("CIVIL_REGISTRY_MISMATCH");
        assertThat(rejected.rejectionReason())
                .contains(InMemoryRa.NATIONAL_CODE)
                .contains("not registered");
        assertThat(ra.requests.checks(id))
                .extracting(Check::kind, Check::actor, Check::outcome)
                .containsExactly(
                        tuple(CheckKind.CIVIL_REGISTRY_INQUIRY, "gateway:civil-registry", "NOT_FOUND"),
                        tuple(CheckKind.AUTOMATIC_CHECKS, "gateway:automatic-vetting", "FAILED"));
        assertThat(ra.requests.history(id))
                .last()
                .extracting(StateChange::to, StateChange::actor)
                .containsExactly(RequestState.REJECTED, "gateway:automatic-vetting");
    }

    @Test
    void automatic_vetting_rejects_an_applicant_registered_under_another_name() {
        String id = receivedForAli();

        assertThat(vettingAsking(new Registry(Map.of(InMemoryRa.NATIONAL_CODE, "علی احمدی")))
                        .vet(id))
                .isEqualTo(RequestState.REJECTED);

        assertThat(ra.stored(id).rejectionCode()).isEqualTo("CIVIL_REGISTRY_MISMATCH");
        assertThat(ra.checksOf(id, CheckKind.CIVIL_REGISTRY_INQUIRY))
                .extracting(Check::outcome, Check::details)
                .containsExactly(
                        tuple("MISMATCH", "applicant " + InMemoryRa.NATIONAL_CODE + ": registered as علی احمدی"));
    }

    @Test
    void the_representative_is_asked_about_too_and_a_mismatch_of_theirs_rejects_the_request() {
        String id = received(InMemoryRa.aliThroughSara(), InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")));
        Registry registry = new Registry(
                Map.of(InMemoryRa.NATIONAL_CODE, "علی رضایی", InMemoryRa.OTHER_NATIONAL_CODE, "سارا کریمی"));

        assertThat(vettingAsking(registry).vet(id)).isEqualTo(RequestState.REJECTED);

        assertThat(ra.stored(id).rejectionCode()).isEqualTo("CIVIL_REGISTRY_MISMATCH");
        assertThat(ra.stored(id).rejectionReason()).contains("representative " + InMemoryRa.OTHER_NATIONAL_CODE);
        assertThat(ra.checksOf(id, CheckKind.CIVIL_REGISTRY_INQUIRY))
                .extracting(Check::outcome, Check::details)
                .containsExactly(
                        tuple("MATCH", "applicant " + InMemoryRa.NATIONAL_CODE + ": registered as علی رضایی"),
                        tuple(
                                "MISMATCH",
                                "representative " + InMemoryRa.OTHER_NATIONAL_CODE + ": registered as سارا کریمی"));
    }

    @Test
    void vetting_a_request_twice_a_redelivered_message_has_one_effect() {
        String id = receivedForAli();
        Registry registry = new Registry(Map.of(InMemoryRa.NATIONAL_CODE, "علی رضایی"));
        AutomaticVetting vetting = vettingAsking(registry);
        vetting.vet(id);
        List<Check> checks = ra.requests.checks(id);
        List<StateChange> history = ra.requests.history(id);

        assertThat(vetting.vet(id)).isEqualTo(RequestState.PENDING_VETTING);

        assertThat(ra.requests.checks(id)).isEqualTo(checks);
        assertThat(ra.requests.history(id)).isEqualTo(history);
        assertThat(registry.inquiries).as("the registry is not asked again").hasValue(1);
    }

    @Test
    void the_same_message_consumed_at_once_by_several_consumers_moves_the_request_once_with_one_set_of_evidence()
            throws Exception {
        String id = receivedForAli();

        List<RequestState> outcomes = AtOnce.call(4, () -> withoutRegistry.vet(id));

        assertThat(outcomes).containsOnly(RequestState.PENDING_VETTING);
        assertThat(ra.requests.checks(id))
                .extracting(Check::kind)
                .containsExactly(CheckKind.CIVIL_REGISTRY_INQUIRY, CheckKind.AUTOMATIC_CHECKS);
        assertThat(ra.requests.history(id))
                .filteredOn(c -> c.to() == RequestState.PENDING_VETTING)
                .hasSize(1);
    }

    @Test
    void a_key_already_certified_is_rejected_with_KEY_REUSED_and_the_registry_is_not_asked() {
        KeyPair keys = TestCsrs.ec("secp256r1");
        ra.issuedFor(InMemoryRa.SYSTEM, keys);
        String id = received(InMemoryRa.ali(), InMemoryRa.aliCsr(keys));
        Registry registry = new Registry(Map.of(InMemoryRa.NATIONAL_CODE, "علی رضایی"));

        assertThat(vettingAsking(registry).vet(id)).isEqualTo(RequestState.REJECTED);

        assertThat(ra.stored(id).rejectionCode()).isEqualTo("KEY_REUSED");
        assertThat(ra.requests.checks(id))
                .extracting(Check::kind, Check::outcome)
                .containsExactly(tuple(CheckKind.AUTOMATIC_CHECKS, "FAILED"));
        assertThat(registry.inquiries).hasValue(0);
    }

    @Test
    void a_key_requested_in_another_open_request_is_rejected_with_KEY_REUSED() {
        KeyPair keys = TestCsrs.ec("secp256r1");
        String first = received(InMemoryRa.ali(), InMemoryRa.aliCsr(keys));
        String second = received(InMemoryRa.ali(), InMemoryRa.aliCsr(keys));

        assertThat(withoutRegistry.vet(second)).isEqualTo(RequestState.REJECTED);
        assertThat(ra.stored(second).rejectionCode()).isEqualTo("KEY_REUSED");
        assertThat(withoutRegistry.vet(first))
                .as("the other request is rejected, its key is free")
                .isEqualTo(RequestState.PENDING_VETTING);
    }

    @Test
    void a_renewal_keeping_its_certified_key_is_not_refused_as_key_reuse() {
        KeyPair keys = TestCsrs.ec("secp256r1");
        String issued = ra.issuedFor(InMemoryRa.SYSTEM, keys);
        CertificateRequest origin = ra.stored(issued);
        CertificateRequest renewal = CertificateRequest.renewal(
                new CertificateRequest.Sender(InMemoryRa.SYSTEM, "r-" + java.util.UUID.randomUUID(), null, null),
                "hash",
                origin,
                ra.serialOf(issued),
                new CertificateRequest.Csr(origin.csrDer(), origin.publicKeySha256(), origin.requestedSubject()),
                null,
                InMemoryRa.CLOCK.instant());
        ra.requests.insert(renewal, List.of(), "caller:" + InMemoryRa.SYSTEM);

        assertThat(withoutRegistry.vet(renewal.id())).isEqualTo(RequestState.PENDING_VETTING);
    }

    @Test
    void a_stored_csr_naming_someone_else_is_rejected_with_CSR_SUBJECT_MISMATCH() {
        String id = received(
                InMemoryRa.ali(),
                TestCsrs.csr(TestCsrs.person("Sara Ahmadi", InMemoryRa.OTHER_NATIONAL_CODE), TestCsrs.ec("secp256r1")));

        assertThat(withoutRegistry.vet(id)).isEqualTo(RequestState.REJECTED);
        assertThat(ra.stored(id).rejectionCode()).isEqualTo("CSR_SUBJECT_MISMATCH");
        assertThat(ra.checksOf(id, CheckKind.CIVIL_REGISTRY_INQUIRY)).isEmpty();
    }

    @Test
    void a_stored_csr_with_a_key_below_the_minimum_is_rejected_with_WEAK_KEY() {
        String id = received(InMemoryRa.ali(), InMemoryRa.aliCsr(TestCsrs.rsa(1024)));

        assertThat(withoutRegistry.vet(id)).isEqualTo(RequestState.REJECTED);
        assertThat(ra.stored(id).rejectionCode()).isEqualTo("WEAK_KEY");
    }

    @Test
    void a_request_no_longer_received_is_left_as_it_is() {
        String id = receivedForAli();
        ra.moveThrough(id, RequestState.CANCELLED);

        assertThat(withoutRegistry.vet(id)).isEqualTo(RequestState.CANCELLED);
        assertThat(ra.requests.checks(id)).isEmpty();
    }

    @Test
    void a_message_for_an_unknown_request_is_dropped() {
        assertThat(withoutRegistry.vet("no-such-request")).isNull();
    }
}
