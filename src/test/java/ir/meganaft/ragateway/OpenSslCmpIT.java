package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.ca.CaRefusedException;
import ir.meganaft.ragateway.ca.CmpHttp;
import ir.meganaft.ragateway.ca.RaSignedRequests;
import ir.meganaft.ragateway.ca.RemoteCertificateAuthority;
import ir.meganaft.ragateway.csr.DistinguishedNames;
import ir.meganaft.ragateway.csr.Fingerprints;
import ir.meganaft.ragateway.csr.Serials;
import ir.meganaft.ragateway.keys.Signer;
import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.Database;
import ir.meganaft.ragateway.support.OpenSslMockCmpServer;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCaNode;
import ir.meganaft.ragateway.support.TestCertificates;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.TestDatabase;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CMP with an implementation nobody here wrote: Debian's OpenSSL 3.0 {@code openssl cmp}, both ways,
 * over HTTP on loopback (issue 17, item 3).
 * <ul>
 *   <li>(a) the RA's CMP client against OpenSSL's mock CMP server as the CA: a {@code cr} signed by
 *       the RA, polled ({@code pollReq}/{@code pollRep}), confirmed ({@code certConf}/{@code pkiConf}),
 *       revoked ({@code rr}/{@code rp}), and its rejection mapped to a refusal with OpenSSL's failInfo;</li>
 *   <li>(b) {@code openssl cmp} as an RA client against the CA node: a {@code cr} or a {@code p10cr}
 *       signed by a trusted RA key gets a certificate; one signed by an untrusted key is refused.</li>
 * </ul>
 * The mock server listens on every interface (docs/stack.md, trap 8): it is spoken to over
 * 127.0.0.1 only, its life bounded with {@code -max_msgs}, and it is stopped by its own process handle.
 */
class OpenSslCmpIT {
    @TempDir
    static Path work;

    private static Path raDir;
    private static Signer ra;
    private static Signer ca;
    private static Database raDatabase;
    private static CertificateStore raRecords;

    @BeforeAll
    static void keys() throws Exception {
        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        raDir = work.resolve("ra-keys");
        Signer[] keys = TestCaNode.keys(raDir);
        ca = keys[0];
        ra = keys[1];
        Files.writeString(raDir.resolve("ca.pem"), TestCaNode.pem(ca.certificate()));
        Files.writeString(
                raDir.resolve("root.pem"),
                TestCaNode.pem(ca.chain().get(ca.chain().size() - 1)));
        Files.writeString(raDir.resolve("ca.key.pem"), TestCaNode.pem(TestCaNode.privateKey(raDir, "ca")));
        Files.writeString(raDir.resolve("ra.pem"), TestCaNode.pem(ra.certificate()));
        Files.writeString(raDir.resolve("ra.key.pem"), TestCaNode.pem(TestCaNode.privateKey(raDir, "ra")));
        raDatabase = TestDatabase.H2.open("openssl-interop", 2);
        raRecords = new CertificateStore(raDatabase);
    }

    @AfterAll
    static void close() {
        raDatabase.close();
    }

    // ------------------------------------------------------------------ (a) our RA, OpenSSL's CA

    @Test
    void the_ras_cr_is_polled_confirmed_and_issued_by_the_openssl_mock_server_and_then_revoked() throws Exception {
        KeyPair applicant = TestCsrs.ec("secp256r1");
        X500Name subject = TestCsrs.person("Ali Rezaei", "IR-0012345678");
        X509Certificate prepared = certificateFromTheMockCa(subject, applicant);
        Path rsp = Files.writeString(work.resolve("rsp-" + UUID.randomUUID() + ".pem"), TestCaNode.pem(prepared));
        try (OpenSslMockCmpServer mock = mock("-rsp_cert", rsp.toString(), "-poll_count", "1", "-check_after", "1")) {
            RemoteCertificateAuthority client = client(mock.url());

            X509Certificate issued = client.issue(requests()
                    .certificationRequest(UUID.randomUUID().toString(), subject, applicant.getPublic(), null));

            assertThat(issued.getEncoded()).isEqualTo(prepared.getEncoded());
            record(issued);
            client.revoke(
                    requests().revocationRequest(UUID.randomUUID().toString(), issued.getSerialNumber(), 1, null));
            assertThat(raRecords.status(issued.getSerialNumber())).contains(CertificateStatus.REVOKED);
            assertThat(mock.log())
                    .contains("received POLLREQ")
                    .contains("received CERTCONF")
                    .contains("received RR");
        }
    }

    @Test
    void a_certificate_the_mock_server_returns_for_another_key_is_refused() throws Exception {
        X500Name subject = TestCsrs.person("Ali Rezaei", "IR-0012345678");
        X509Certificate forAnotherKey = certificateFromTheMockCa(subject, TestCsrs.ec("secp256r1"));
        Path rsp =
                Files.writeString(work.resolve("other-" + UUID.randomUUID() + ".pem"), TestCaNode.pem(forAnotherKey));
        try (OpenSslMockCmpServer mock = mock("-rsp_cert", rsp.toString(), "-grant_implicitconf")) {
            assertThatThrownBy(() -> client(mock.url())
                            .issue(requests()
                                    .certificationRequest(
                                            UUID.randomUUID().toString(),
                                            subject,
                                            TestCsrs.ec("secp256r1").getPublic(),
                                            null)))
                    .isInstanceOf(CaRefusedException.class)
                    .hasMessageContaining("another key");
        }
    }

    @Test
    void a_certificate_the_mock_server_returns_for_another_subject_is_refused() throws Exception {
        KeyPair applicant = TestCsrs.ec("secp256r1");
        X509Certificate forAnotherSubject =
                certificateFromTheMockCa(TestCsrs.person("Sara Ahmadi", "IR-0099999999"), applicant);
        Path rsp = Files.writeString(
                work.resolve("other-subject-" + UUID.randomUUID() + ".pem"), TestCaNode.pem(forAnotherSubject));
        try (OpenSslMockCmpServer mock = mock("-rsp_cert", rsp.toString(), "-grant_implicitconf")) {
            assertThatThrownBy(() -> client(mock.url())
                            .issue(requests()
                                    .certificationRequest(
                                            UUID.randomUUID().toString(),
                                            TestCsrs.person("Ali Rezaei", "IR-0012345678"),
                                            applicant.getPublic(),
                                            null)))
                    .isInstanceOf(CaRefusedException.class)
                    .hasMessageContaining("another subject")
                    .hasMessageContaining("Sara Ahmadi");
            // the mock CA is told that its certificate is not accepted
            assertThat(mock.log()).contains("received CERTCONF");
        }
    }

    @Test
    void the_mock_servers_rejection_is_a_refusal_with_its_failinfo() throws Exception {
        X500Name subject = TestCsrs.person("Ali Rezaei", "IR-0012345678");
        KeyPair applicant = TestCsrs.ec("secp256r1");
        Path rsp = Files.writeString(
                work.resolve("rej-" + UUID.randomUUID() + ".pem"),
                TestCaNode.pem(certificateFromTheMockCa(subject, applicant)));
        // PKIStatus 2 (rejection), failure bit 2 (badRequest)
        try (OpenSslMockCmpServer mock = mock(
                "-rsp_cert", rsp.toString(), "-pkistatus", "2", "-failure", "2", "-statusstring", "not this one")) {
            assertThatThrownBy(() -> client(mock.url())
                            .issue(requests()
                                    .certificationRequest(
                                            UUID.randomUUID().toString(), subject, applicant.getPublic(), null)))
                    .isInstanceOf(CaRefusedException.class)
                    .hasMessageContaining("rejection")
                    .hasMessageContaining("badRequest")
                    .hasMessageContaining("not this one");
        }
    }

    // ------------------------------------------------------------------ (b) OpenSSL's RA, our CA node

    @Test
    void openssl_cmp_signed_with_a_trusted_ra_key_gets_a_certificate_from_the_ca_node() throws Exception {
        try (TestCaNode node =
                TestCaNode.start(work.resolve("node-" + UUID.randomUUID()), List.of(ra.certificate()), Map.of())) {
            Path out = work.resolve("enrolled-" + UUID.randomUUID() + ".pem");
            Path srvcert = node.cmpSignerPem();
            Result result = opensslClient(node, raDir.resolve("ra.pem"), raDir.resolve("ra.key.pem"), srvcert, out);

            assertThat(result.exitCode()).as(result.output()).isZero();
            X509Certificate enrolled = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(out)));
            enrolled.verify(node.certificate().getPublicKey());
            assertThat(enrolled.getSubjectX500Principal().getName()).contains("CN=Sara Ahmadi");
            assertThat(result.output()).contains("received PKICONF");
        }
    }

    @Test
    void openssl_cmp_signed_with_an_untrusted_key_is_refused_by_the_ca_node() throws Exception {
        Path foreign = work.resolve("foreign-keys");
        TestCaNode.keys(foreign);
        Files.writeString(foreign.resolve("ra.pem"), TestCaNode.pem(TestCaNode.keys(foreign)[1].certificate()));
        Files.writeString(foreign.resolve("ra.key.pem"), TestCaNode.pem(TestCaNode.privateKey(foreign, "ra")));
        try (TestCaNode node =
                TestCaNode.start(work.resolve("node-" + UUID.randomUUID()), List.of(ra.certificate()), Map.of())) {
            Path out = work.resolve("refused-" + UUID.randomUUID() + ".pem");
            Result result = opensslClient(
                    node, foreign.resolve("ra.pem"), foreign.resolve("ra.key.pem"), node.cmpSignerPem(), out);

            assertThat(result.exitCode()).as(result.output()).isNotZero();
            assertThat(out).doesNotExist();
            assertThat(result.output()).contains("not signed by an RA this CA trusts");
        }
    }

    @Test
    void openssl_cmp_p10cr_signed_with_a_trusted_ra_key_gets_a_certificate_for_the_csrs_key_and_subject()
            throws Exception {
        KeyPair applicant = TestCsrs.ec("secp256r1");
        Path csr = Files.writeString(
                work.resolve("p10-" + UUID.randomUUID() + ".csr"),
                TestCsrs.pem(TestCsrs.csr(new X500Name("CN=Reza Karimi,O=NIOC,C=IR"), applicant)));
        try (TestCaNode node =
                TestCaNode.start(work.resolve("node-" + UUID.randomUUID()), List.of(ra.certificate()), Map.of())) {
            Path out = work.resolve("p10-enrolled-" + UUID.randomUUID() + ".pem");
            Result result = opensslP10cr(node, raDir.resolve("ra.pem"), raDir.resolve("ra.key.pem"), csr, out);

            assertThat(result.exitCode()).as(result.output()).isZero();
            X509Certificate enrolled = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(out)));
            enrolled.verify(node.certificate().getPublicKey());
            assertThat(enrolled.getPublicKey()).isEqualTo(applicant.getPublic());
            assertThat(X500Name.getInstance(enrolled.getSubjectX500Principal().getEncoded()))
                    .isEqualTo(new X500Name("CN=Reza Karimi,O=NIOC,C=IR"));
            assertThat(result.output()).contains("received CP").contains("received PKICONF");
        }
    }

    @Test
    void openssl_cmp_p10cr_signed_with_an_untrusted_key_is_refused_by_the_ca_node() throws Exception {
        Path foreign = work.resolve("foreign-p10-keys");
        Signer foreignRa = TestCaNode.keys(foreign)[1];
        Files.writeString(foreign.resolve("ra.pem"), TestCaNode.pem(foreignRa.certificate()));
        Files.writeString(foreign.resolve("ra.key.pem"), TestCaNode.pem(TestCaNode.privateKey(foreign, "ra")));
        Path csr = Files.writeString(
                work.resolve("p10-" + UUID.randomUUID() + ".csr"),
                TestCsrs.pem(TestCsrs.csr(new X500Name("CN=Reza Karimi,O=NIOC,C=IR"), TestCsrs.ec("secp256r1"))));
        try (TestCaNode node =
                TestCaNode.start(work.resolve("node-" + UUID.randomUUID()), List.of(ra.certificate()), Map.of())) {
            Path out = work.resolve("p10-refused-" + UUID.randomUUID() + ".pem");
            Result result = opensslP10cr(node, foreign.resolve("ra.pem"), foreign.resolve("ra.key.pem"), csr, out);

            assertThat(result.exitCode()).as(result.output()).isNotZero();
            assertThat(out).doesNotExist();
            assertThat(result.output()).contains("not signed by an RA this CA trusts");
        }
    }

    private static Result opensslP10cr(TestCaNode node, Path raCert, Path raKey, Path csr, Path out) throws Exception {
        return opensslCmp(node, raCert, raKey, node.cmpSignerPem(), out, "-cmd", "p10cr", "-csr", csr.toString());
    }

    private static Result opensslClient(TestCaNode node, Path raCert, Path raKey, Path srvcert, Path out)
            throws Exception {
        Path applicantKey = work.resolve("applicant-" + UUID.randomUUID() + ".key.pem");
        Files.writeString(applicantKey, TestCaNode.pem(TestCsrs.ec("secp256r1").getPrivate()));
        return opensslCmp(
                node,
                raCert,
                raKey,
                srvcert,
                out,
                "-cmd",
                "cr",
                "-newkey",
                applicantKey.toString(),
                "-subject",
                "/CN=Sara Ahmadi/O=NIOC/C=IR",
                "-popo",
                "0");
    }

    /** {@code openssl cmp} as an RA client of the CA node, signing with raKey, believing answers signed by srvcert. */
    private static Result opensslCmp(
            TestCaNode node, Path raCert, Path raKey, Path srvcert, Path out, String... request) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "openssl",
                "cmp",
                "-server",
                "127.0.0.1:" + node.port(),
                "-path",
                "cmp",
                "-srvcert",
                srvcert.toString(),
                "-cert",
                raCert.toString(),
                "-key",
                raKey.toString()));
        command.addAll(List.of(request));
        command.addAll(
                List.of("-certout", out.toString(), "-msg_timeout", "20", "-total_timeout", "60", "-verbosity", "6"));
        return run(command);
    }

    // ------------------------------------------------------------------ helpers

    private static RaSignedRequests requests() {
        return new RaSignedRequests(
                ra,
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                Clock.systemUTC());
    }

    private static RemoteCertificateAuthority client(URI url) {
        return new RemoteCertificateAuthority(
                new CmpHttp(url, Duration.ofSeconds(2), Duration.ofSeconds(20)),
                requests(),
                List.of(ca.certificate()),
                ca.certificate(),
                Duration.ofSeconds(10),
                raRecords,
                Clock.systemUTC());
    }

    /** What OpenSSL's mock server hands out (-rsp_cert): a certificate of the RA's CA for the applicant's key. */
    private static X509Certificate certificateFromTheMockCa(X500Name subject, KeyPair applicant) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                new BigInteger(64, new java.security.SecureRandom()).setBit(63),
                Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(30))),
                subject,
                SubjectPublicKeyInfo.getInstance(applicant.getPublic().getEncoded()));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(TestCertificates.signer(TestCaNode.privateKey(raDir, "ca"))));
    }

    private static void record(X509Certificate c) throws Exception {
        raRecords.recordIssuedByCa(IssuedCertificate.issued(
                Serials.hex(c.getSerialNumber()),
                null,
                DistinguishedNames.display(c.getIssuerX500Principal()),
                DistinguishedNames.display(c.getSubjectX500Principal()),
                c.getNotBefore().toInstant(),
                c.getNotAfter().toInstant(),
                Fingerprints.sha256Hex(c.getEncoded()),
                Fingerprints.sha256Hex(c.getPublicKey().getEncoded()),
                c.getEncoded(),
                Instant.now()));
    }

    record Result(int exitCode, String output) {}

    private static Result run(List<String> command) throws Exception {
        Path log = Files.createTempFile(work, "openssl", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openssl cmp did not end: " + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    /** OpenSSL's mock CMP server as the CA, with the RA's CA key (it trusts the RA's certificate through it). */
    private static OpenSslMockCmpServer mock(String... options) throws Exception {
        return OpenSslMockCmpServer.start(
                work,
                RunningGateway.freePort(),
                raDir.resolve("ca.pem"),
                raDir.resolve("ca.key.pem"),
                raDir.resolve("root.pem"),
                options);
    }
}
