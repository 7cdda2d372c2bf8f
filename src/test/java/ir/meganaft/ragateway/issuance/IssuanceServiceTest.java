package ir.meganaft.ragateway.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.ca.CaRefusedException;
import ir.meganaft.ragateway.ca.CertificateAuthority;
import ir.meganaft.ragateway.ca.CertificateProfile;
import ir.meganaft.ragateway.ca.LocalCertificateAuthority;
import ir.meganaft.ragateway.ca.RaSignedRequests;
import ir.meganaft.ragateway.keys.DevelopmentKeys;
import ir.meganaft.ragateway.keys.HsmUnavailableException;
import ir.meganaft.ragateway.keys.KeyLocations;
import ir.meganaft.ragateway.keys.Pkcs12Keys;
import ir.meganaft.ragateway.keys.Signer;
import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.ApplicantKind;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.Channel;
import ir.meganaft.ragateway.request.ChannelDetails;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.RequestType;
import ir.meganaft.ragateway.store.CaLedgerStore;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.Database;
import ir.meganaft.ragateway.store.RequestStore;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.TestDatabase;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issuance of approved requests against the real local CA, ledger and stores, on each database the
 * gateway runs on (H2 in memory, a real PostgreSQL). The requests are stored APPROVED directly:
 * intake would refuse the CSRs these tests need.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.class)
class IssuanceServiceTest {
    /** The database of this run, opened for the whole run by {@link #openDatabase}. */
    @Parameter
    TestDatabase runsOn;

    private static final Clock CLOCK = Clock.systemUTC();
    private static Signer caKey;
    private static Database database;
    private static RequestStore requests;
    private static CertificateStore certificates;
    private static RaSignedRequests raRequests;
    private static CaLedgerStore ledger;
    private static CertificateAuthority ca;
    private static Signer raKey;
    private static CertificateProfile profile;

    @BeforeAll
    static void keys(@TempDir Path keys) {
        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        KeyLocations locations = new KeyLocations(
                keys.resolve("ca.p12"),
                "ca",
                keys.resolve("ra.p12"),
                "ra",
                keys.resolve("password"),
                "NO_SUCH_VARIABLE_IN_TESTS");
        new DevelopmentKeys().createIfMissing(locations, "EC-P256", "EC-P256");
        caKey = Pkcs12Keys.load(locations.caKeystore(), "ca", locations.password());
        raKey = Pkcs12Keys.load(locations.raKeystore(), "ra", locations.password());
        raRequests = new RaSignedRequests(
                raKey,
                X500Name.getInstance(
                        caKey.certificate().getSubjectX500Principal().getEncoded()),
                CLOCK);
        profile = new CertificateProfile(
                Duration.ofDays(365),
                List.of("digitalSignature"),
                List.of("clientAuth"),
                "2.25.1234567",
                "",
                "http://crl.example/ca.crl",
                "http://crl.example/ca-delta.crl",
                "http://ca.example/ca.cer",
                "");
    }

    @BeforeParameterizedClassInvocation
    static void openDatabase(TestDatabase kind) {
        // a connection for each racing consumer, so they race in the database, not for the pool
        database = kind.open("issuance-test", 8);
        requests = new RequestStore(database, CLOCK);
        certificates = new CertificateStore(database);
        ledger = new CaLedgerStore(database);
        ca = new LocalCertificateAuthority(caKey, List.of(raKey.certificate()), profile, ledger, certificates, CLOCK);
    }

    @AfterParameterizedClassInvocation
    static void closeDatabase() {
        database.close();
    }

    private static IssuanceService issuance(CertificateAuthority authority) {
        return new IssuanceService(requests, certificates, raRequests, authority, CLOCK);
    }

    /** An ISSUE request for Ali, stored APPROVED with the CSR given, as if vetted and approved. */
    private static String approved(byte[] csrDer) {
        Applicant ali = new Applicant(
                ApplicantKind.INDIVIDUAL,
                "علی",
                "رضایی",
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
        ChannelDetails channel =
                new ChannelDetails(Channel.INSIDE_INDUSTRY, "شرکت ملی نفت ایران", "R&D", "contracts", null, null);
        String id = UUID.randomUUID().toString();
        Instant now = CLOCK.instant();
        requests.insert(
                new CertificateRequest(
                        id,
                        "NIOC-HR",
                        "c-" + id,
                        "hash-" + id,
                        RequestType.ISSUE,
                        ali,
                        channel,
                        RequestState.APPROVED,
                        csrDer,
                        "key-" + id,
                        "CN=Ali Rezaei",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        now,
                        now),
                List.of(),
                "test");
        return id;
    }

    private static int ledgerRows(String transactionId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("select count(*) from ca_ledger where transaction_id = :t")
                        .bind("t", transactionId)
                        .mapTo(Integer.class)
                        .one());
    }

    @Test
    void issues_an_approved_request_with_a_named_curve_key() {
        String id = approved(TestCsrs.csr(TestCsrs.person("Ali Rezaei", null), TestCsrs.ec("secp256r1")));
        assertThat(issuance(ca).issue(id)).isEqualTo(RequestState.ISSUED);
        assertThat(requests.find(id).orElseThrow().state()).isEqualTo(RequestState.ISSUED);
    }

    @Test
    void rejects_a_key_with_explicit_curve_parameters_with_its_reason_and_signs_or_reserves_nothing() {
        String id = approved(TestCsrs.explicitCurveCsr(TestCsrs.person("Ali Rezaei", null)));

        assertThat(issuance(ca).issue(id)).isEqualTo(RequestState.REJECTED);

        CertificateRequest rejected = requests.find(id).orElseThrow();
        assertThat(rejected.state()).isEqualTo(RequestState.REJECTED);
        assertThat(rejected.rejectionCode()).isEqualTo("CA_REFUSED");
        assertThat(rejected.rejectionReason())
                .contains("cannot be built from this request's subject and key")
                .contains("named");
        assertThat(ledgerRows(id)).as("no reservation to be signed later").isZero();
        // a redelivered message finds the request settled
        assertThat(issuance(ca).issue(id)).isEqualTo(RequestState.REJECTED);
    }

    @Test
    void abandons_a_reservation_an_earlier_attempt_left_for_such_a_key() {
        String id = approved(TestCsrs.explicitCurveCsr(TestCsrs.person("Ali Rezaei", null)));
        Instant now = CLOCK.instant();
        ledger.reserve(new ir.meganaft.ragateway.ca.CaLedger.Entry(
                id, BigInteger.valueOf(4242), now, now.plus(Duration.ofDays(1)), "key-" + id, null, null));

        assertThat(issuance(ca).issue(id)).isEqualTo(RequestState.REJECTED);

        String abandoned = database.jdbi()
                .withHandle(h -> h.createQuery(
                                "select abandoned from ca_ledger where transaction_id = :t and certificate is null")
                        .bind("t", id)
                        .mapTo(String.class)
                        .one());
        assertThat(abandoned).contains("cannot be built from this request's subject and key");
    }

    @Test
    void rejects_a_request_whose_subject_its_profile_does_not_allow_with_the_ca_s_reason() {
        // the CA's profile is an organization's seal (say, after a change of configuration): a person does not fit it
        CertificateProfile seal = new CertificateProfile(
                profile.validity(),
                profile.keyUsage(),
                profile.extendedKeyUsage(),
                profile.policyOid(),
                "",
                profile.crlUrl(),
                "",
                "",
                "",
                new ir.meganaft.ragateway.profile.SubjectPolicy("C,O,CN,organizationIdentifier", "OU", "email"));
        CertificateAuthority sealOnly =
                new LocalCertificateAuthority(caKey, List.of(raKey.certificate()), seal, ledger, certificates, CLOCK);
        String id = approved(TestCsrs.csr(TestCsrs.person("Ali Rezaei", null), TestCsrs.ec("secp256r1")));

        assertThat(issuance(sealOnly).issue(id)).isEqualTo(RequestState.REJECTED);

        CertificateRequest rejected = requests.find(id).orElseThrow();
        assertThat(rejected.rejectionCode()).isEqualTo("CA_REFUSED");
        assertThat(rejected.rejectionReason())
                .contains("does not allow it")
                .contains("The subject lacks organizationIdentifier");
        assertThat(ledgerRows(id)).as("nothing reserved, nothing signed").isZero();
    }

    @Test
    void rejects_a_stored_csr_that_no_longer_parses() {
        String id = approved(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});

        assertThat(issuance(ca).issue(id)).isEqualTo(RequestState.REJECTED);
        assertThat(requests.find(id).orElseThrow().rejectionCode()).isEqualTo("CSR_UNPARSABLE");
    }

    @Test
    void a_failure_that_is_not_the_requests_own_is_thrown_and_leaves_it_approved_for_a_retry() {
        String id = approved(TestCsrs.csr(TestCsrs.person("Ali Rezaei", null), TestCsrs.ec("secp256r1")));
        CertificateAuthority broken = issueFailsWith(new IllegalStateException("database connection lost"));
        CertificateAuthority hsmAway = issueFailsWith(new HsmUnavailableException("the token is away", null));

        assertThatThrownBy(() -> issuance(broken).issue(id)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> issuance(hsmAway).issue(id)).isInstanceOf(HsmUnavailableException.class);
        assertThat(requests.find(id).orElseThrow().state()).isEqualTo(RequestState.APPROVED);
        assertThat(issuance(ca).issue(id)).isEqualTo(RequestState.ISSUED);
    }

    @Test
    void consumers_racing_on_one_approved_request_store_one_certificate_and_move_it_to_issued_once() throws Exception {
        String id = approved(TestCsrs.csr(TestCsrs.person("Ali Rezaei", null), TestCsrs.ec("secp256r1")));
        int consumers = 6;
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(consumers);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(consumers);
        List<java.util.concurrent.Future<RequestState>> outcomes = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < consumers; i++) {
                outcomes.add(threads.submit(() -> {
                    together.await(); // as when a redelivery and the original are consumed at once
                    return issuance(ca).issue(id);
                }));
            }
            for (var outcome : outcomes) {
                assertThat(outcome.get()).isEqualTo(RequestState.ISSUED);
            }
        } finally {
            threads.shutdownNow();
        }
        int certificatesStored = database.jdbi()
                .withHandle(h -> h.createQuery("select count(*) from certificate where request_id = :id")
                        .bind("id", id)
                        .mapTo(Integer.class)
                        .one());
        long movedToIssued = requests.history(id).stream()
                .filter(change -> change.to() == RequestState.ISSUED)
                .count();
        byte[] signed = ledger.find(id).orElseThrow().certificate();
        assertThat(certificatesStored).isEqualTo(1);
        assertThat(movedToIssued).as("ISSUED entries in the request's history").isEqualTo(1);
        assertThat(certificates.forRequest(id).orElseThrow().der())
                .as("the stored certificate is the one the CA signed")
                .isEqualTo(signed);
    }

    /** A CA whose every issue fails with {@code failure}. */
    private static CertificateAuthority issueFailsWith(RuntimeException failure) {
        return new CertificateAuthority() {
            @Override
            public X509Certificate issue(byte[] raSignedRequest) {
                throw failure;
            }

            @Override
            public void revoke(byte[] raSignedRequest) throws CaRefusedException {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<X509Certificate> chain() {
                return caKey.chain();
            }
        };
    }
}
