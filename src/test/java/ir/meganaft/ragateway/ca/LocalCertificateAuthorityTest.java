package ir.meganaft.ragateway.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.keys.Signer;
import ir.meganaft.ragateway.store.CaLedgerStore;
import ir.meganaft.ragateway.store.Database;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The local CA with its ledger, on each database the gateway runs on: the ledger's promises (one
 * certificate per transaction, racing consumers included) rest on the database's keys and row locks.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.class)
class LocalCertificateAuthorityTest {
    /** The database of this run, opened for the whole run by {@link #openDatabase}. */
    @Parameter
    TestDatabase runsOn;

    private static final String POLICY = "2.25.1234567";
    private static Signer ca;
    private static Signer ra;
    private static Signer foreignRa;
    private static Database database;

    @BeforeAll
    static void keys(@TempDir Path ours, @TempDir Path theirs) {
        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        Signer[] own = createKeys(ours);
        ca = own[0];
        ra = own[1];
        foreignRa = createKeys(theirs)[1];
    }

    @BeforeParameterizedClassInvocation
    static void openDatabase(TestDatabase kind) {
        // a connection for each racing consumer, so they race in the database, not for the pool
        database = kind.open("ca-ledger-test", 8);
    }

    @AfterParameterizedClassInvocation
    static void closeDatabase() {
        database.close();
    }

    private static Signer[] createKeys(Path dir) {
        return ir.meganaft.ragateway.support.TestCaNode.keys(dir);
    }

    /** The CA key, except that every signature fails with {@code message} (after the content was reserved). */
    private static Signer signatureFails(String message) {
        return new Signer() {
            @Override
            public org.bouncycastle.operator.ContentSigner newContentSigner() {
                org.bouncycastle.operator.ContentSigner real = ca.newContentSigner();
                return new org.bouncycastle.operator.ContentSigner() {
                    public org.bouncycastle.asn1.x509.AlgorithmIdentifier getAlgorithmIdentifier() {
                        return real.getAlgorithmIdentifier();
                    }

                    public java.io.OutputStream getOutputStream() {
                        return real.getOutputStream();
                    }

                    public byte[] getSignature() {
                        throw new IllegalStateException(message);
                    }
                };
            }

            @Override
            public List<X509Certificate> chain() {
                return ca.chain();
            }
        };
    }

    private static LocalCertificateAuthority authority(Duration validity) {
        return authority(validity, ca);
    }

    private static LocalCertificateAuthority authority(Duration validity, Signer ca) {
        CertificateProfile profile = new CertificateProfile(
                validity,
                List.of("digitalSignature", "keyEncipherment"),
                List.of("clientAuth"),
                POLICY,
                "",
                "http://crl.example/ca.crl",
                "http://crl.example/ca-delta.crl",
                "http://ca.example/ca.cer",
                "");
        return new LocalCertificateAuthority(
                ca,
                List.of(ra.certificate()),
                profile,
                new CaLedgerStore(database),
                new ir.meganaft.ragateway.store.CertificateStore(database),
                Clock.systemUTC());
    }

    private static byte[] request(Signer signer, KeyPair subjectKeys) {
        return request(signer, subjectKeys, UUID.randomUUID().toString(), Clock.systemUTC());
    }

    private static byte[] request(Signer signer, KeyPair subjectKeys, String transactionId, Clock clock) {
        X500Name caName =
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        return new RaSignedRequests(signer, caName, clock)
                .certificationRequest(
                        transactionId, new X500Name("C=IR,CN=Ali Rezaei"), subjectKeys.getPublic(), "ali@example.ir");
    }

    @Test
    void issues_what_a_trusted_ra_signed_with_the_profile_extensions() throws Exception {
        KeyPair subject = TestCsrs.rsa(2048);
        X509Certificate issued = authority(Duration.ofDays(365)).issue(request(ra, subject));

        issued.verify(ca.certificate().getPublicKey());
        assertThat(issued.getPublicKey()).isEqualTo(subject.getPublic());
        assertThat(issued.getSubjectX500Principal().getName()).isEqualTo("CN=Ali Rezaei,C=IR");
        assertThat(issued.getBasicConstraints()).isEqualTo(-1);
        assertThat(issued.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(issued.getKeyUsage()[2]).as("keyEncipherment for an RSA key").isTrue();
        assertThat(issued.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(issued.getSubjectAlternativeNames()).containsExactly(List.of(1, "ali@example.ir"));
        JcaX509CertificateHolder holder = new JcaX509CertificateHolder(issued);
        assertThat(CertificatePolicies.fromExtensions(holder.getExtensions())
                        .getPolicyInformation()[0]
                        .getPolicyIdentifier()
                        .getId())
                .isEqualTo(POLICY);
        assertThat(holder.getExtension(Extension.cRLDistributionPoints)).isNotNull();
        assertThat(holder.getExtension(Extension.authorityInfoAccess)).isNotNull();
        assertThat(holder.getExtension(Extension.authorityKeyIdentifier)).isNotNull();
    }

    @Test
    void leaves_out_key_encipherment_for_an_ec_key() throws Exception {
        X509Certificate issued = authority(Duration.ofDays(365)).issue(request(ra, TestCsrs.ec("secp256r1")));
        assertThat(issued.getKeyUsage()[2]).isFalse();
    }

    @Test
    void never_issues_past_its_own_certificate() throws Exception {
        X509Certificate issued = authority(Duration.ofDays(100 * 365)).issue(request(ra, TestCsrs.rsa(2048)));
        assertThat(issued.getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
    }

    @Test
    void refuses_a_request_signed_by_an_ra_it_does_not_trust() {
        assertThatThrownBy(() -> authority(Duration.ofDays(1)).issue(request(foreignRa, TestCsrs.rsa(2048))))
                .isInstanceOf(CaRefusedException.class)
                .hasMessageContaining("not signed by an RA this CA trusts");
    }

    @Test
    void refuses_a_request_altered_after_the_ra_signed_it() {
        byte[] signed = request(ra, TestCsrs.rsa(2048));
        byte[] name = "Ali Rezaei".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(signed, name);
        signed[at] = 'E';
        assertThatThrownBy(() -> authority(Duration.ofDays(1)).issue(signed))
                .isInstanceOf(CaRefusedException.class)
                .hasMessageContaining("does not verify");
    }

    /** A CA whose profile requires these subject attributes (and allows no other). */
    private static LocalCertificateAuthority requiring(String subjectAttributes) {
        CertificateProfile profile = new CertificateProfile(
                Duration.ofDays(30),
                List.of("digitalSignature"),
                List.of(),
                POLICY,
                "",
                "http://crl.example/ca.crl",
                "",
                "",
                "",
                new ir.meganaft.ragateway.profile.SubjectPolicy(subjectAttributes, "", ""));
        return new LocalCertificateAuthority(
                ca,
                List.of(ra.certificate()),
                profile,
                new CaLedgerStore(database),
                new ir.meganaft.ragateway.store.CertificateStore(database),
                Clock.systemUTC());
    }

    @Test
    void refuses_a_subject_its_profile_does_not_allow_with_bad_cert_template_and_reserves_nothing() {
        String transaction = UUID.randomUUID().toString();
        assertThatThrownBy(() -> requiring("C,O,CN")
                        .issue(request(ra, TestCsrs.ec("secp256r1"), transaction, Clock.systemUTC())))
                .isInstanceOfSatisfying(
                        CaRefusedException.class,
                        e -> assertThat(e.failInfo())
                                .isEqualTo(org.bouncycastle.asn1.cmp.PKIFailureInfo.badCertTemplate))
                .hasMessageContaining("The subject lacks O");
        assertThat(new CaLedgerStore(database).find(transaction)).isEmpty();
    }

    @Test
    void a_subject_with_exactly_what_its_profile_requires_is_issued() throws Exception {
        X509Certificate issued = requiring("C,CN").issue(request(ra, TestCsrs.ec("secp256r1")));
        assertThat(issued.getSubjectX500Principal().getName()).isEqualTo("CN=Ali Rezaei,C=IR");
    }

    @Test
    void a_certificate_already_issued_for_a_transaction_is_the_answer_even_once_its_profile_would_refuse_it()
            throws Exception {
        KeyPair subject = TestCsrs.ec("secp256r1");
        String transaction = UUID.randomUUID().toString();
        X509Certificate first =
                authority(Duration.ofDays(30)).issue(request(ra, subject, transaction, Clock.systemUTC()));
        X509Certificate again = requiring("C,O,CN").issue(request(ra, subject, transaction, Clock.systemUTC()));
        assertThat(again.getEncoded()).isEqualTo(first.getEncoded());
    }

    @Test
    void the_same_transaction_sent_again_gets_the_same_certificate_not_a_second_one() throws Exception {
        KeyPair subject = TestCsrs.rsa(2048);
        String transaction = UUID.randomUUID().toString();
        X509Certificate first =
                authority(Duration.ofDays(30)).issue(request(ra, subject, transaction, Clock.systemUTC()));
        // a fresh message (new nonce and time) for the same transaction, as after a crash and redelivery
        X509Certificate again =
                authority(Duration.ofDays(30)).issue(request(ra, subject, transaction, Clock.systemUTC()));
        assertThat(again.getEncoded()).isEqualTo(first.getEncoded());
    }

    @Test
    void a_reservation_made_before_the_ledger_kept_contents_is_signed_with_its_reserved_serial() throws Exception {
        KeyPair subject = TestCsrs.rsa(2048);
        String transaction = UUID.randomUUID().toString();
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        new CaLedgerStore(database)
                .reserve(new CaLedger.Entry(
                        transaction,
                        new java.math.BigInteger("123456789abcdef", 16),
                        now.minusSeconds(60),
                        now.plus(Duration.ofDays(1)),
                        ir.meganaft.ragateway.csr.Fingerprints.sha256Hex(
                                subject.getPublic().getEncoded()),
                        null,
                        null));
        X509Certificate issued =
                authority(Duration.ofDays(30)).issue(request(ra, subject, transaction, Clock.systemUTC()));
        assertThat(issued.getSerialNumber().toString(16)).isEqualTo("123456789abcdef");
    }

    @Test
    void a_reservation_whose_signature_died_with_the_process_is_signed_later_with_exactly_its_reserved_content()
            throws Exception {
        KeyPair subject = TestCsrs.rsa(2048);
        String transaction = UUID.randomUUID().toString();
        // the process dies (here: the signature fails) after the reservation
        Signer dying = signatureFails("killed while signing");
        assertThatThrownBy(() -> authority(Duration.ofDays(30), dying)
                        .issue(request(ra, subject, transaction, Clock.systemUTC())))
                .hasMessageContaining("killed while signing");
        CaLedger.Entry reserved = new CaLedgerStore(database)
                .reserve(new CaLedger.Entry(
                        transaction,
                        java.math.BigInteger.ONE,
                        java.time.Instant.EPOCH,
                        java.time.Instant.EPOCH,
                        "",
                        null,
                        null));
        assertThat(reserved.certificate())
                .as("nothing kept: nothing left the CA")
                .isNull();

        // restarted with another profile (validity 2 days): the reservation's content is what gets signed
        X509Certificate issued =
                authority(Duration.ofDays(2)).issue(request(ra, subject, transaction, Clock.systemUTC()));
        assertThat(issued.getTBSCertificate()).isEqualTo(reserved.tbsCertificate());
        assertThat(issued.getSerialNumber()).isEqualTo(reserved.serial());
        assertThat(Duration.between(
                        issued.getNotBefore().toInstant(), issued.getNotAfter().toInstant()))
                .isGreaterThan(Duration.ofDays(29));
        issued.verify(ca.publicKey());
    }

    @Test
    void consumers_racing_on_one_transaction_get_one_signature_between_them() throws Exception {
        KeyPair subject = TestCsrs.rsa(2048);
        String transaction = UUID.randomUUID().toString();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(6);
        List<java.util.concurrent.Future<byte[]>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(threads.submit(() -> authority(Duration.ofDays(30))
                    .issue(request(ra, subject, transaction, Clock.systemUTC()))
                    .getEncoded()));
        }
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (var answer : answers) {
            distinct.add(java.util.HexFormat.of().formatHex(answer.get()));
        }
        threads.shutdown();
        // the CA key is ECDSA: two signatures of the same content would differ
        assertThat(distinct).hasSize(1);
    }

    @Test
    void a_reservation_this_ca_can_no_longer_sign_is_refused_and_the_reason_kept() throws Exception {
        KeyPair subject = TestCsrs.rsa(2048);
        String transaction = UUID.randomUUID().toString();
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        byte[] otherIssuers = new org.bouncycastle.cert.X509v3CertificateBuilder(
                        new X500Name("CN=Another CA"),
                        java.math.BigInteger.TEN,
                        java.util.Date.from(now),
                        java.util.Date.from(now.plusSeconds(86400)),
                        new X500Name("CN=Ali Rezaei"),
                        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
                                subject.getPublic().getEncoded()))
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA")
                        .build(subject.getPrivate()))
                .toASN1Structure()
                .getTBSCertificate()
                .getEncoded();
        new CaLedgerStore(database)
                .reserve(new CaLedger.Entry(
                        transaction,
                        java.math.BigInteger.TEN,
                        now,
                        now.plusSeconds(86400),
                        ir.meganaft.ragateway.csr.Fingerprints.sha256Hex(
                                subject.getPublic().getEncoded()),
                        otherIssuers,
                        null));
        assertThatThrownBy(() ->
                        authority(Duration.ofDays(30)).issue(request(ra, subject, transaction, Clock.systemUTC())))
                .isInstanceOf(CaRefusedException.class)
                .hasMessageContaining("CN=Another CA");
        String kept = database.jdbi()
                .withHandle(h -> h.createQuery("select abandoned from ca_ledger where transaction_id = :t")
                        .bind("t", transaction)
                        .mapTo(String.class)
                        .one());
        assertThat(kept).contains("CN=Another CA");
    }

    @Test
    void refuses_a_key_with_explicit_curve_parameters_before_reserving_or_signing_anything() {
        java.security.PublicKey explicit = new ir.meganaft.ragateway.csr.CsrParser()
                .parseDer(TestCsrs.explicitCurveCsr(new X500Name("C=IR,CN=Ali Rezaei")))
                .publicKey();
        String transaction = UUID.randomUUID().toString();
        X500Name caName =
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        byte[] signed = new RaSignedRequests(ra, caName, Clock.systemUTC())
                .certificationRequest(transaction, new X500Name("C=IR,CN=Ali Rezaei"), explicit, "ali@example.ir");
        assertThatThrownBy(() -> authority(Duration.ofDays(30)).issue(signed))
                .isInstanceOf(CaRefusedException.class)
                .hasMessageContaining("cannot be built from this request's subject and key");
        int reserved = database.jdbi()
                .withHandle(h -> h.createQuery("select count(*) from ca_ledger where transaction_id = :t")
                        .bind("t", transaction)
                        .mapTo(Integer.class)
                        .one());
        assertThat(reserved).isZero();
    }

    @Test
    void an_abandoned_reservation_is_never_signed_even_once_the_ca_could_sign_it() throws Exception {
        KeyPair subject = TestCsrs.rsa(2048);
        String transaction = UUID.randomUUID().toString();
        Signer failing = signatureFails("no signature now");
        assertThatThrownBy(() -> authority(Duration.ofDays(30), failing)
                        .issue(request(ra, subject, transaction, Clock.systemUTC())))
                .hasMessageContaining("no signature now");
        new CaLedgerStore(database).abandon(transaction, "withdrawn by the CA operator");
        assertThatThrownBy(() ->
                        authority(Duration.ofDays(30)).issue(request(ra, subject, transaction, Clock.systemUTC())))
                .isInstanceOf(CaRefusedException.class)
                .hasMessageContaining("withdrawn by the CA operator");
        assertThat(new CaLedgerStore(database).find(transaction).orElseThrow().certificate())
                .isNull();
    }

    @Test
    void refuses_a_transaction_already_bound_to_another_key() throws Exception {
        String transaction = UUID.randomUUID().toString();
        authority(Duration.ofDays(30)).issue(request(ra, TestCsrs.rsa(2048), transaction, Clock.systemUTC()));
        assertThatThrownBy(() -> authority(Duration.ofDays(30))
                        .issue(request(ra, TestCsrs.rsa(2048), transaction, Clock.systemUTC())))
                .isInstanceOf(CaRefusedException.class)
                .hasMessageContaining("another public key");
    }

    @Test
    void refuses_a_request_whose_message_time_is_far_from_its_clock() {
        Clock anHourAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
        assertThatThrownBy(() -> authority(Duration.ofDays(1))
                        .issue(request(ra, TestCsrs.rsa(2048), UUID.randomUUID().toString(), anHourAgo)))
                .isInstanceOf(CaRefusedException.class)
                .hasMessageContaining("messageTime");
    }

    @Test
    void refuses_bytes_that_are_not_a_cmp_message() {
        assertThatThrownBy(() -> authority(Duration.ofDays(1)).issue(new byte[] {1, 2, 3}))
                .isInstanceOf(CaRefusedException.class);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
