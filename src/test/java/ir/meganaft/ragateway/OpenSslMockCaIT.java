package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.contract.registration.GetRequestStatusResponse;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.issuance.SubjectBuilder;
import ir.meganaft.ragateway.keys.KeyLocations;
import ir.meganaft.ragateway.keys.Pkcs12Keys;
import ir.meganaft.ragateway.keys.Signer;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.Database;
import ir.meganaft.ragateway.store.RequestQueries;
import ir.meganaft.ragateway.support.GatewayKeys;
import ir.meganaft.ragateway.support.ManagementPort;
import ir.meganaft.ragateway.support.OpenSslMockCmpServer;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCaNode;
import ir.meganaft.ragateway.support.TestCertificates;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.Walk;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gateway with OpenSSL's mock CMP server ({@code openssl cmp -port ...}, Debian's OpenSSL 3.0)
 * as its CA (issue 17, item 3(a)): a request submitted over SOAP, vetted and approved by officers, is
 * sent as the RA-signed {@code cr}, answered {@code waiting}, polled, issued by the mock server,
 * confirmed ({@code certConf}/{@code pkiConf}), stored and returned by getCertificate.
 *
 * <p>The mock server answers with the one certificate it was started with ({@code -rsp_cert}), and the
 * gateway accepts only a certificate for the requested key, subject and issuer. So each test vets the
 * request first, derives the subject from the stored request exactly as the issuance does
 * ({@link SubjectBuilder}), has the CA key certify it, and only then starts the mock server and approves.
 * The mock server is the gateway's development CA: its CA key signs the answers and the certificate,
 * and it trusts the gateway's RA certificate through the development root.
 */
class OpenSslMockCaIT {
    @TempDir
    static Path work;

    static RunningGateway gateway;
    static RegistrationServicePortType registration;
    static Walk walk;
    static int mockPort;
    static Path caPem;
    static Path caKeyPem;
    static Path rootPem;
    static Signer ca;

    @BeforeAll
    static void start() throws Exception {
        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        Path data = work.resolve("data");
        KeyLocations keys = GatewayKeys.createIn(data, "EC-P256");
        ca = Pkcs12Keys.load(keys.caKeystore(), "ca", keys.password());
        caPem = Files.writeString(work.resolve("ca.pem"), TestCaNode.pem(ca.certificate()));
        caKeyPem = Files.writeString(
                work.resolve("ca.key.pem"),
                TestCaNode.pem(TestCaNode.privateKey(keys.caKeystore(), "ca", keys.passwordFile())));
        rootPem = Files.writeString(
                work.resolve("root.pem"),
                TestCaNode.pem(ca.chain().get(ca.chain().size() - 1)));
        Path chainPem = Files.writeString(
                work.resolve("ca-chain.pem"), TestCaNode.pem(ca.chain().toArray()));
        // where the mock server will listen: each test starts its own there, the gateway is pointed at it now
        mockPort = RunningGateway.freePort();
        gateway = RunningGateway.start(
                data,
                Map.of(
                        "gateway.ca.url",
                        "http://127.0.0.1:" + mockPort + "/pkix/",
                        "gateway.ca.certificate",
                        chainPem.toString(),
                        "gateway.ca.cmp-signer-certificate",
                        caPem.toString(),
                        "gateway.ca.poll-max-seconds",
                        "20",
                        // the mock server serves no CRL (it answers CMP only): the relay fails, issuance must not
                        "gateway.ca.crl-url",
                        "http://127.0.0.1:" + mockPort + "/crl/issuing-ca.crl",
                        "gateway.crl.check-period-seconds",
                        "2"));
        registration = gateway.registration();
        walk = new Walk(gateway);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void an_approved_request_is_issued_by_openssls_mock_ca_stored_and_returned_by_getcertificate() throws Exception {
        KeyPair applicant = TestCsrs.ec("secp256r1");
        String id = vetted(applicant);
        X509Certificate prepared = certificateOfTheCa(subjectTheGatewayAsksFor(id), applicant.getPublic());
        Path rsp = Files.writeString(work.resolve("rsp-" + UUID.randomUUID() + ".pem"), TestCaNode.pem(prepared));

        try (OpenSslMockCmpServer mock = OpenSslMockCmpServer.start(
                work,
                mockPort,
                caPem,
                caKeyPem,
                rootPem,
                "-rsp_cert",
                rsp.toString(),
                "-poll_count",
                "1",
                "-check_after",
                "1")) {
            gateway.officer().approveRequest(Requests.approve(id));
            walk.awaitState(id, RequestState.ISSUED);

            byte[] returned = registration
                    .getCertificate(Requests.certificate(id))
                    .getCertificate()
                    .getDer();
            assertThat(returned).isEqualTo(prepared.getEncoded());
            IssuedCertificate stored = certificates()
                    .bySerial(ir.meganaft.ragateway.csr.Serials.hex(prepared.getSerialNumber()))
                    .orElseThrow();
            assertThat(stored.requestId()).isEqualTo(id);
            assertThat(stored.status()).isEqualTo(CertificateStatus.GOOD);
            assertThat(mock.log())
                    .contains("received CR")
                    .contains("received POLLREQ")
                    .contains("received CERTCONF");
            // the checks run on a schedule: the round before the mock server started found it DOWN
            org.awaitility.Awaitility.await("the CA's health while the mock server listens")
                    .atMost(java.time.Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(new ManagementPort(gateway)
                                    .get("/health/ready")
                                    .body())
                            .containsPattern("\"name\":\"ca\",\"state\":\"UP\""));
        }
    }

    @Test
    void a_certificate_the_mock_ca_returns_for_another_subject_ends_the_request_rejected_with_ca_refused()
            throws Exception {
        KeyPair applicant = TestCsrs.ec("secp256r1");
        String id = vetted(applicant);
        X509Certificate forAnotherSubject =
                certificateOfTheCa(TestCsrs.person("Sara Ahmadi", "0499370899"), applicant.getPublic());
        Path rsp = Files.writeString(
                work.resolve("other-subject-" + UUID.randomUUID() + ".pem"), TestCaNode.pem(forAnotherSubject));

        try (OpenSslMockCmpServer mock = OpenSslMockCmpServer.start(
                work, mockPort, caPem, caKeyPem, rootPem, "-rsp_cert", rsp.toString(), "-grant_implicitconf")) {
            gateway.officer().approveRequest(Requests.approve(id));
            GetRequestStatusResponse status = walk.awaitState(id, RequestState.REJECTED);

            assertThat(status.getRejection().getCode()).isEqualTo("CA_REFUSED");
            assertThat(status.getRejection().getReason()).contains("another subject");
            assertThat(certificates()
                            .bySerial(ir.meganaft.ragateway.csr.Serials.hex(forAnotherSubject.getSerialNumber())))
                    .isEmpty();
            // the mock CA was told, with a rejecting certConf, that its certificate is not taken
            assertThat(mock.log()).contains("received CERTCONF");
        }
    }

    /** A request for {@code applicant}'s key, submitted and vetted: it waits for its approval. */
    private static String vetted(KeyPair applicant) throws Exception {
        String id = registration
                .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), applicant))
                .getRequestId();
        walk.vet(id);
        walk.awaitState(id, RequestState.PENDING_APPROVAL);
        return id;
    }

    /** The subject the issuance will ask the CA for, from the stored request, as IssuanceService builds it. */
    private static X500Name subjectTheGatewayAsksFor(String id) {
        CertificateRequest stored = new RequestQueries(database()).find(id).orElseThrow();
        return new SubjectBuilder().subjectOf(stored.applicant(), stored.channel());
    }

    /** What the mock server hands out (-rsp_cert): a certificate of the gateway's CA key. */
    private static X509Certificate certificateOfTheCa(X500Name subject, PublicKey key) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                new BigInteger(64, new SecureRandom()).setBit(63),
                Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(30))),
                subject,
                SubjectPublicKeyInfo.getInstance(key.getEncoded()));
        Path keystore = work.resolve("data/keys/ca.p12");
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(TestCertificates.signer(
                        TestCaNode.privateKey(keystore, "ca", work.resolve("data/keys/keystore-password")))));
    }

    private static Database database() {
        return gateway.camel().getRegistry().lookupByNameAndType("database", Database.class);
    }

    private static CertificateStore certificates() {
        return gateway.camel().getRegistry().lookupByNameAndType("certificateStore", CertificateStore.class);
    }
}
