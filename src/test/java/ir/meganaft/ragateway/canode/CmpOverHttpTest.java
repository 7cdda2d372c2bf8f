package ir.meganaft.ragateway.canode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import ir.meganaft.ragateway.ca.CaRefusedException;
import ir.meganaft.ragateway.ca.CaUnavailableException;
import ir.meganaft.ragateway.ca.CmpHttp;
import ir.meganaft.ragateway.ca.RaSignedRequests;
import ir.meganaft.ragateway.ca.RemoteCertificateAuthority;
import ir.meganaft.ragateway.ca.RevocationReasons;
import ir.meganaft.ragateway.csr.DistinguishedNames;
import ir.meganaft.ragateway.csr.Fingerprints;
import ir.meganaft.ragateway.csr.Serials;
import ir.meganaft.ragateway.keys.Signer;
import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.Database;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCaNode;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.cmp.CMPObjectIdentifiers;
import org.bouncycastle.asn1.cmp.CertConfirmContent;
import org.bouncycastle.asn1.cmp.CertRepMessage;
import org.bouncycastle.asn1.cmp.CertResponse;
import org.bouncycastle.asn1.cmp.ErrorMsgContent;
import org.bouncycastle.asn1.cmp.InfoTypeAndValue;
import org.bouncycastle.asn1.cmp.PKIBody;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIHeader;
import org.bouncycastle.asn1.cmp.PKIHeaderBuilder;
import org.bouncycastle.asn1.cmp.PKIMessage;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.cmp.CertificateConfirmationContentBuilder;
import org.bouncycastle.cert.cmp.ProtectedPKIMessage;
import org.bouncycastle.cert.cmp.ProtectedPKIMessageBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RA's CMP client ({@link RemoteCertificateAuthority}) against a CA node over real HTTP on
 * loopback: issue, confirm, revoke into the CA's CRL, a retry that does not issue twice, a {@code p10cr}; and every
 * answer it must not believe (another signer, another transactionID, another nonce, unprotected),
 * from a stand-in CA that misbehaves on purpose.
 */
class CmpOverHttpTest {
    @TempDir
    static Path work;

    private static Signer ra;
    private static Signer foreignRa;
    private static TestCaNode node;
    private static TestCaNode confirmingNode;
    private static Database raDatabase;
    private static CertificateStore raRecords;

    @BeforeAll
    static void start() {
        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        ra = TestCaNode.keys(work.resolve("ra"))[1];
        foreignRa = TestCaNode.keys(work.resolve("foreign"))[1];
        node = TestCaNode.start(work.resolve("node"), List.of(ra.certificate()), Map.of());
        confirmingNode = TestCaNode.start(
                work.resolve("confirming"), List.of(ra.certificate()), Map.of("grant-implicit-confirm", "false"));
        raDatabase = TestDatabase.H2.open("ra-records", 2);
        raRecords = new CertificateStore(raDatabase);
    }

    @AfterAll
    static void stop() {
        node.close();
        confirmingNode.close();
        raDatabase.close();
    }

    private static RemoteCertificateAuthority client(TestCaNode ca, Signer raKey, URI url, X509Certificate cmpSigner) {
        return new RemoteCertificateAuthority(
                new CmpHttp(url, Duration.ofSeconds(2), Duration.ofSeconds(10)),
                requests(ca, raKey),
                List.of(ca.certificate()),
                cmpSigner,
                Duration.ofSeconds(5),
                raRecords,
                Clock.systemUTC());
    }

    private static RemoteCertificateAuthority client(TestCaNode ca) {
        return client(ca, ra, ca.cmpUrl(), ca.cmpSignerCertificate());
    }

    private static RaSignedRequests requests(TestCaNode ca, Signer raKey) {
        return new RaSignedRequests(
                raKey,
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                Clock.systemUTC());
    }

    private static byte[] cr(TestCaNode ca, Signer raKey, String transactionId, KeyPair key) {
        return requests(ca, raKey)
                .certificationRequest(
                        transactionId,
                        TestCsrs.person("Ali Rezaei", "IR-0012345678"),
                        key.getPublic(),
                        "ali@example.ir");
    }

    @Test
    void issues_a_certificate_signed_by_the_ca_node_for_the_requested_key_and_subject() throws Exception {
        KeyPair key = TestCsrs.ec("secp256r1");
        X509Certificate issued =
                client(node).issue(cr(node, ra, UUID.randomUUID().toString(), key));

        issued.verify(node.certificate().getPublicKey());
        assertThat(issued.getPublicKey()).isEqualTo(key.getPublic());
        assertThat(issued.getSubjectX500Principal().getName()).contains("Ali Rezaei");
        assertThat(issued.getIssuerX500Principal()).isEqualTo(node.certificate().getSubjectX500Principal());
    }

    @Test
    void a_ca_that_grants_no_implicit_confirmation_is_sent_certconf_and_answers_pkiconf() throws Exception {
        KeyPair key = TestCsrs.ec("secp256r1");
        X509Certificate issued = client(confirmingNode)
                .issue(cr(confirmingNode, ra, UUID.randomUUID().toString(), key));

        issued.verify(confirmingNode.certificate().getPublicKey());
    }

    @Test
    void a_retried_request_gets_the_same_certificate_and_the_ca_issues_once() throws Exception {
        String transactionId = UUID.randomUUID().toString();
        KeyPair key = TestCsrs.ec("secp256r1");
        X509Certificate first = client(node).issue(cr(node, ra, transactionId, key));
        // the same request sent again (a redelivery after a crash): a new message, nonce and time
        X509Certificate again = client(node).issue(cr(node, ra, transactionId, key));

        assertThat(again.getSerialNumber()).isEqualTo(first.getSerialNumber());
        assertThat(again.getEncoded()).isEqualTo(first.getEncoded());
    }

    @Test
    void the_same_transaction_for_another_key_is_refused() throws Exception {
        String transactionId = UUID.randomUUID().toString();
        client(node).issue(cr(node, ra, transactionId, TestCsrs.ec("secp256r1")));

        assertThatThrownBy(() -> client(node).issue(cr(node, ra, transactionId, TestCsrs.ec("secp256r1"))))
                .isInstanceOf(CaRefusedException.class)
                .hasMessageContaining("another public key");
    }

    @Test
    void a_re_key_renewal_is_a_kur_naming_the_certificate_it_renews_and_gets_a_kup() throws Exception {
        X509Certificate old = client(node).issue(cr(node, ra, UUID.randomUUID().toString(), TestCsrs.ec("secp256r1")));
        KeyPair newKey = TestCsrs.ec("secp256r1");

        X509Certificate renewed = client(node)
                .issue(requests(node, ra)
                        .keyUpdateRequest(
                                UUID.randomUUID().toString(),
                                TestCsrs.person("Ali Rezaei", "IR-0012345678"),
                                newKey.getPublic(),
                                "ali@example.ir",
                                null,
                                old.getSerialNumber()));

        renewed.verify(node.certificate().getPublicKey());
        assertThat(renewed.getPublicKey()).isEqualTo(newKey.getPublic());
        assertThat(renewed.getSerialNumber()).isNotEqualTo(old.getSerialNumber());
    }

    @Test
    void a_kur_for_a_certificate_the_ca_never_issued_is_refused_with_badcertid() {
        assertThatThrownBy(() -> client(node)
                        .issue(requests(node, ra)
                                .keyUpdateRequest(
                                        UUID.randomUUID().toString(),
                                        TestCsrs.person("Ali Rezaei", "IR-0012345678"),
                                        TestCsrs.ec("secp256r1").getPublic(),
                                        null,
                                        null,
                                        java.math.BigInteger.valueOf(4242))))
                .isInstanceOf(CaRefusedException.class)
                .hasMessageContaining("badCertId")
                .hasMessageContaining("not issued");
    }

    @Test
    void a_profile_the_ca_node_does_not_know_is_refused_with_badcerttemplate() {
        assertThatThrownBy(() -> client(node)
                        .issue(requests(node, ra)
                                .certificationRequest(
                                        UUID.randomUUID().toString(),
                                        TestCsrs.person("Ali Rezaei", "IR-0012345678"),
                                        TestCsrs.ec("secp256r1").getPublic(),
                                        null,
                                        "gold")))
                .isInstanceOf(CaRefusedException.class)
                .hasMessageContaining("badCertTemplate")
                .hasMessageContaining("gold");
    }

    @Test
    void a_subject_its_profile_does_not_allow_is_refused_with_badcerttemplate_and_the_reason() {
        // a person's name for an organization's seal (ca-node.profiles.organization-seal.subject-*)
        assertThatThrownBy(() -> client(node)
                        .issue(requests(node, ra)
                                .certificationRequest(
                                        UUID.randomUUID().toString(),
                                        TestCsrs.person("Ali Rezaei", "IR-0012345678"),
                                        TestCsrs.ec("secp256r1").getPublic(),
                                        "ali@example.ir",
                                        "organization-seal")))
                .isInstanceOf(CaRefusedException.class)
                .hasMessageContaining("badCertTemplate")
                .hasMessageContaining("organization-seal")
                .hasMessageContaining("lacks O");
    }

    @Test
    void a_revocation_is_accepted_applied_to_the_ra_records_and_listed_on_the_ca_nodes_crl() throws Exception {
        X509Certificate issued =
                client(node).issue(cr(node, ra, UUID.randomUUID().toString(), TestCsrs.ec("secp256r1")));
        raRecords.recordIssuedByCa(IssuedCertificate.issued(
                Serials.hex(issued.getSerialNumber()),
                null,
                DistinguishedNames.display(issued.getIssuerX500Principal()),
                DistinguishedNames.display(issued.getSubjectX500Principal()),
                issued.getNotBefore().toInstant(),
                issued.getNotAfter().toInstant(),
                Fingerprints.sha256Hex(issued.getEncoded()),
                Fingerprints.sha256Hex(issued.getPublicKey().getEncoded()),
                issued.getEncoded(),
                java.time.Instant.now()));

        client(node)
                .revoke(requests(node, ra)
                        .revocationRequest(
                                UUID.randomUUID().toString(),
                                issued.getSerialNumber(),
                                RevocationReasons.code("keyCompromise"),
                                null));

        assertThat(raRecords.status(issued.getSerialNumber())).contains(CertificateStatus.REVOKED);
        X509CRL crl = fetchCrl(node.crlUrl());
        crl.verify(node.certificate().getPublicKey());
        assertThat(crl.getRevokedCertificate(issued.getSerialNumber())).isNotNull();
    }

    @Test
    void revoking_a_certificate_the_ca_never_issued_is_refused_with_badcertid() {
        assertThatThrownBy(() -> client(node)
                        .revoke(requests(node, ra)
                                .revocationRequest(
                                        UUID.randomUUID().toString(), java.math.BigInteger.valueOf(12345), 0, null)))
                .isInstanceOf(CaRefusedException.class)
                .hasMessageContaining("badCertId")
                .hasMessageContaining("not issued");
    }

    @Test
    void a_request_signed_by_an_ra_the_ca_does_not_trust_is_refused_with_notauthorized() {
        assertThatThrownBy(() -> client(node, foreignRa, node.cmpUrl(), node.cmpSignerCertificate())
                        .issue(cr(node, foreignRa, UUID.randomUUID().toString(), TestCsrs.ec("secp256r1"))))
                .isInstanceOf(CaRefusedException.class)
                .hasMessageContaining("notAuthorized");
    }

    @Test
    void an_answer_signed_by_another_key_than_the_configured_cmp_signer_is_not_believed() {
        assertThatThrownBy(() -> client(node, ra, node.cmpUrl(), confirmingNode.cmpSignerCertificate())
                        .issue(cr(node, ra, UUID.randomUUID().toString(), TestCsrs.ec("secp256r1"))))
                .isInstanceOf(CaUnavailableException.class)
                .hasMessageContaining("not to be trusted");
    }

    @Test
    void an_answer_with_another_transaction_id_is_not_believed() throws Exception {
        try (StandIn ca = misbehaving(
                h -> new PKIHeaderBuilder(h.getPvno().intValueExact(), h.getSender(), h.getRecipient())
                        .setTransactionID(new byte[] {1, 2, 3})
                        .setRecipNonce(h.getSenderNonce())
                        .build(),
                true)) {
            assertThatThrownBy(() -> client(node, ra, ca.url(), node.certificate())
                            .issue(cr(node, ra, UUID.randomUUID().toString(), TestCsrs.ec("secp256r1"))))
                    .isInstanceOf(CaUnavailableException.class)
                    .hasMessageContaining("another transactionID");
        }
    }

    @Test
    void an_answer_without_our_nonce_is_not_believed() throws Exception {
        try (StandIn ca = misbehaving(
                h -> new PKIHeaderBuilder(h.getPvno().intValueExact(), h.getSender(), h.getRecipient())
                        .setTransactionID(h.getTransactionID())
                        .setRecipNonce(new byte[16])
                        .build(),
                true)) {
            assertThatThrownBy(() -> client(node, ra, ca.url(), node.certificate())
                            .issue(cr(node, ra, UUID.randomUUID().toString(), TestCsrs.ec("secp256r1"))))
                    .isInstanceOf(CaUnavailableException.class)
                    .hasMessageContaining("nonce");
        }
    }

    @Test
    void an_unprotected_answer_is_not_believed() throws Exception {
        try (StandIn ca = misbehaving(
                h -> new PKIHeaderBuilder(h.getPvno().intValueExact(), h.getSender(), h.getRecipient())
                        .setTransactionID(h.getTransactionID())
                        .setRecipNonce(h.getSenderNonce())
                        .build(),
                false)) {
            assertThatThrownBy(() -> client(node, ra, ca.url(), node.certificate())
                            .issue(cr(node, ra, UUID.randomUUID().toString(), TestCsrs.ec("secp256r1"))))
                    .isInstanceOf(CaUnavailableException.class)
                    .hasMessageContaining("not protected");
        }
    }

    @Test
    void a_ca_that_cannot_be_reached_leaves_the_request_to_be_retried() {
        URI nothingListens = URI.create("http://127.0.0.1:" + RunningGateway.freePort() + "/cmp");
        assertThatThrownBy(() -> client(node, ra, nothingListens, node.cmpSignerCertificate())
                        .issue(cr(node, ra, UUID.randomUUID().toString(), TestCsrs.ec("secp256r1"))))
                .isInstanceOf(ir.meganaft.ragateway.ca.CaNotHeardException.class)
                .hasMessageContaining("cannot be reached");
    }

    @Test
    void a_ca_that_takes_the_message_and_never_answers_is_given_up_on_after_the_response_timeout() throws Exception {
        try (java.net.ServerSocket silent =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CmpHttp http = new CmpHttp(
                    URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/cmp"),
                    Duration.ofSeconds(2),
                    Duration.ofMillis(500));
            assertThatThrownBy(() -> http.exchange(new byte[] {0x30, 0x00}))
                    .isInstanceOf(ir.meganaft.ragateway.ca.CaNotHeardException.class)
                    .hasMessageEndingWith("did not answer within 500 ms");
        }
    }

    @Test
    void a_proxy_with_no_ca_behind_it_is_not_hearing_the_ca_and_any_other_answer_but_cmp_is_not_believed()
            throws Exception {
        com.sun.net.httpserver.HttpServer proxy =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/unavailable", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        proxy.createContext("/not-found", exchange -> {
            byte[] page = "<html>no such page</html>".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(404, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        proxy.start();
        try {
            String base = "http://127.0.0.1:" + proxy.getAddress().getPort();
            assertThatThrownBy(() -> new CmpHttp(
                                    URI.create(base + "/unavailable"), Duration.ofSeconds(2), Duration.ofSeconds(2))
                            .exchange(new byte[] {0x30, 0x00}))
                    .isInstanceOf(ir.meganaft.ragateway.ca.CaNotHeardException.class)
                    .hasMessageContaining("HTTP 503");
            assertThatThrownBy(() -> new CmpHttp(
                                    URI.create(base + "/not-found"), Duration.ofSeconds(2), Duration.ofSeconds(2))
                            .exchange(new byte[] {0x30, 0x00}))
                    .isInstanceOf(CaUnavailableException.class)
                    .isNotInstanceOf(ir.meganaft.ragateway.ca.CaNotHeardException.class)
                    .hasMessageContaining("HTTP 404 with text/html, not a CMP message");
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void bad_input_to_the_ca_node_gets_a_signed_cmp_error_never_a_stack_trace() throws Exception {
        HttpResponse<byte[]> garbage = post(node.cmpUrl(), "application/pkixcmp", "not CMP at all".getBytes());
        assertThat(garbage.statusCode()).isEqualTo(200);
        assertThat(garbage.headers().firstValue("Content-Type")).contains("application/pkixcmp");
        PKIMessage answer = PKIMessage.getInstance(garbage.body());
        assertThat(answer.getBody().getType()).isEqualTo(PKIBody.TYPE_ERROR);
        assertThat(ErrorMsgContent.getInstance(answer.getBody().getContent())
                        .getPKIStatusInfo()
                        .getFailInfo()
                        .intValue())
                .isEqualTo(PKIFailureInfo.badDataFormat);
        assertThat(answer.getProtection()).isNotNull();

        assertThat(post(node.cmpUrl(), "text/plain", new byte[] {1}).statusCode())
                .isEqualTo(415);
        assertThat(HttpClient.newHttpClient()
                        .send(HttpRequest.newBuilder(node.cmpUrl()).GET().build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(405);
    }

    // ------------------------------------------------------------------ p10cr: a PKCS#10 request in CMP

    @Test
    void a_p10cr_from_a_trusted_ra_is_answered_cp_with_a_certificate_for_the_csrs_key_subject_and_email()
            throws Exception {
        KeyPair key = TestCsrs.ec("secp256r1");
        X500Name subject = TestCsrs.person("Reza Karimi", "IR-0011223344");

        CertResponse granted = grantedOnly(p10cr(node, ra, UUID.randomUUID().toString(), csr(subject, key), null));

        assertThat(granted.getCertReqId().getValue())
                .as("certReqId of a p10cr's answer, RFC 9483 4.1.4")
                .isEqualTo(-1);
        X509Certificate issued = certificateIn(granted);
        issued.verify(node.certificate().getPublicKey());
        assertThat(issued.getPublicKey()).isEqualTo(key.getPublic());
        assertThat(X500Name.getInstance(issued.getSubjectX500Principal().getEncoded()))
                .isEqualTo(subject);
        assertThat(issued.getSubjectAlternativeNames()).containsExactly(List.of(1, "reza@example.ir"));
    }

    @Test
    void a_retried_p10cr_gets_the_same_certificate_and_the_ca_issues_once() throws Exception {
        String transactionId = UUID.randomUUID().toString();
        byte[] csr = csr(TestCsrs.person("Reza Karimi", null), TestCsrs.ec("secp256r1"));
        X509Certificate first = certificateIn(grantedOnly(p10cr(node, ra, transactionId, csr, null)));
        // sent again (a redelivery): a new message, nonce and time, the same transaction
        X509Certificate again = certificateIn(grantedOnly(p10cr(node, ra, transactionId, csr, null)));

        assertThat(again.getEncoded()).isEqualTo(first.getEncoded());
    }

    @Test
    void a_p10cr_whose_csr_signature_does_not_verify_is_refused_with_badpop() throws Exception {
        byte[] broken =
                TestCsrs.withBrokenSignature(csr(TestCsrs.person("Reza Karimi", null), TestCsrs.ec("secp256r1")));

        PKIMessage answer = p10cr(node, ra, UUID.randomUUID().toString(), broken, null);

        assertThat(answer.getBody().getType()).isEqualTo(PKIBody.TYPE_CERT_REP);
        PKIStatusInfo status = onlyResponse(answer).getStatus();
        assertThat(status.getStatus().intValue()).isEqualTo(PKIStatus.REJECTION);
        assertThat(status.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badPOP);
    }

    @Test
    void a_p10cr_signed_by_an_ra_the_ca_does_not_trust_is_refused_with_notauthorized() throws Exception {
        PKIMessage answer = p10cr(
                node,
                foreignRa,
                UUID.randomUUID().toString(),
                csr(TestCsrs.person("Reza Karimi", null), TestCsrs.ec("secp256r1")),
                null);

        assertThat(answer.getBody().getType()).isEqualTo(PKIBody.TYPE_ERROR);
        assertThat(ErrorMsgContent.getInstance(answer.getBody().getContent())
                        .getPKIStatusInfo()
                        .getFailInfo()
                        .intValue())
                .isEqualTo(PKIFailureInfo.notAuthorized);
    }

    @Test
    void a_p10cr_gets_the_profile_its_header_names_and_an_unknown_profile_is_refused_with_badcerttemplate()
            throws Exception {
        // a system's subject, as the tls-client profile's subject rules want (C, O, CN)
        byte[] csr = csr(
                new org.bouncycastle.asn1.x500.X500NameBuilder(org.bouncycastle.asn1.x500.style.BCStyle.INSTANCE)
                        .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.C, "IR")
                        .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.O, "NIOC")
                        .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, "payroll.nioc.ir")
                        .build(),
                TestCsrs.ec("secp256r1"));
        X509Certificate tls =
                certificateIn(grantedOnly(p10cr(node, ra, UUID.randomUUID().toString(), csr, "tls-client")));
        assertThat(tls.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");

        PKIMessage gold = p10cr(node, ra, UUID.randomUUID().toString(), csr, "gold");
        PKIStatusInfo status = onlyResponse(gold).getStatus();
        assertThat(status.getStatus().intValue()).isEqualTo(PKIStatus.REJECTION);
        assertThat(status.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badCertTemplate);
    }

    @Test
    void a_p10cr_to_a_ca_that_grants_no_implicit_confirmation_is_confirmed_with_certconf_and_answered_pkiconf()
            throws Exception {
        String transactionId = UUID.randomUUID().toString();
        PKIMessage answer = p10cr(
                confirmingNode,
                ra,
                transactionId,
                csr(TestCsrs.person("Reza Karimi", null), TestCsrs.ec("secp256r1")),
                null);
        X509Certificate issued = certificateIn(grantedOnly(answer));

        CertConfirmContent accepted = new CertificateConfirmationContentBuilder()
                .addAcceptedCertificate(new X509CertificateHolder(issued.getEncoded()), BigInteger.valueOf(-1))
                .build(new JcaDigestCalculatorProviderBuilder().build())
                .toASN1Structure();
        PKIMessage confirmed = exchange(
                confirmingNode,
                requests(confirmingNode, ra)
                        .followUp(
                                transactionId.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                                answer.getHeader().getSenderNonce().getOctets(),
                                new PKIBody(PKIBody.TYPE_CERT_CONFIRM, accepted)));

        assertThat(confirmed.getBody().getType()).isEqualTo(PKIBody.TYPE_CONFIRM);
    }

    /** A CSR for {@code key} asking for an e-mail subjectAltName. */
    private static byte[] csr(X500Name subject, KeyPair key) throws Exception {
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(new GeneralName(GeneralName.rfc822Name, "reza@example.ir")));
        return new JcaPKCS10CertificationRequestBuilder(subject, key.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                .build(new JcaContentSignerBuilder("SHA256withECDSA")
                        .setProvider("BC")
                        .build(key.getPrivate()))
                .getEncoded();
    }

    /** A p10cr signed with {@code raKey}, sent to {@code ca}; its answer, whose signature is the CA node's. */
    private static PKIMessage p10cr(TestCaNode ca, Signer raKey, String transactionId, byte[] csr, String profile)
            throws Exception {
        ProtectedPKIMessageBuilder message = new ProtectedPKIMessageBuilder(
                        new GeneralName(X500Name.getInstance(
                                raKey.certificate().getSubjectX500Principal().getEncoded())),
                        new GeneralName(X500Name.getInstance(
                                ca.certificate().getSubjectX500Principal().getEncoded())))
                .setTransactionID(transactionId.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .setSenderNonce(UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .setMessageTime(new Date())
                .setBody(new PKIBody(PKIBody.TYPE_P10_CERT_REQ, CertificationRequest.getInstance(csr)))
                .addCMPCertificate(new X509CertificateHolder(raKey.certificate().getEncoded()));
        if (profile != null) {
            message.addGeneralInfo(new InfoTypeAndValue(
                    CMPObjectIdentifiers.id_it_certProfile, new DERSequence(new DERUTF8String(profile))));
        }
        return exchange(
                ca, message.build(raKey.newContentSigner()).toASN1Structure().getEncoded());
    }

    private static PKIMessage exchange(TestCaNode ca, byte[] message) throws Exception {
        byte[] answer = post(ca.cmpUrl(), CmpHttp.CONTENT_TYPE, message).body();
        ProtectedPKIMessage verified = ir.meganaft.ragateway.ca.CmpProtection.signedBy(
                answer, new X509CertificateHolder(ca.cmpSignerCertificate().getEncoded()), java.time.Instant.now());
        assertThat(verified.getHeader().getTransactionID())
                .isEqualTo(PKIMessage.getInstance(message).getHeader().getTransactionID());
        return verified.toASN1Structure();
    }

    private static CertResponse onlyResponse(PKIMessage answer) {
        assertThat(answer.getBody().getType()).isEqualTo(PKIBody.TYPE_CERT_REP);
        CertResponse[] responses =
                CertRepMessage.getInstance(answer.getBody().getContent()).getResponse();
        assertThat(responses).hasSize(1);
        return responses[0];
    }

    private static CertResponse grantedOnly(PKIMessage answer) {
        CertResponse response = onlyResponse(answer);
        assertThat(response.getStatus().getStatus().intValue())
                .as(String.valueOf(response.getStatus().getStatusString()))
                .isEqualTo(PKIStatus.GRANTED);
        return response;
    }

    private static X509Certificate certificateIn(CertResponse response) throws Exception {
        byte[] der = response.getCertifiedKeyPair()
                .getCertOrEncCert()
                .getCertificate()
                .getX509v3PKCert()
                .getEncoded();
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private static HttpResponse<byte[]> post(URI url, String type, byte[] body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(url)
                                .header("Content-Type", type)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    private static X509CRL fetchCrl(URI url) throws Exception {
        byte[] der = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray())
                .body();
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }

    /** A stand-in CA on a loopback port, stopped at the end of the test. */
    private record StandIn(HttpServer server) implements AutoCloseable {
        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cmp");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /**
     * A CA that answers every message with pkiConf under the header {@code header} makes of the
     * request's, signed with the CA node's key (or not at all): only the header is wrong.
     */
    private static StandIn misbehaving(UnaryOperator<PKIHeader> header, boolean signed) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        server.createContext("/cmp", exchange -> {
            try (exchange) {
                PKIHeader request = PKIMessage.getInstance(
                                exchange.getRequestBody().readAllBytes())
                        .getHeader();
                PKIHeader wrong = header.apply(request);
                byte[] answer;
                if (signed) {
                    ProtectedPKIMessageBuilder builder = new ProtectedPKIMessageBuilder(
                                    new GeneralName(X500Name.getInstance(node.certificate()
                                            .getSubjectX500Principal()
                                            .getEncoded())),
                                    request.getSender())
                            .setMessageTime(new Date())
                            .setSenderNonce(new byte[16])
                            .setBody(new PKIBody(PKIBody.TYPE_CONFIRM, DERNull.INSTANCE))
                            .addCMPCertificate(
                                    new X509CertificateHolder(node.certificate().getEncoded()));
                    if (wrong.getTransactionID() != null) {
                        builder.setTransactionID(wrong.getTransactionID().getOctets());
                    }
                    if (wrong.getRecipNonce() != null) {
                        builder.setRecipNonce(wrong.getRecipNonce().getOctets());
                    }
                    answer = builder.build(node.ca().newContentSigner())
                            .toASN1Structure()
                            .getEncoded();
                } else {
                    answer = new PKIMessage(wrong, new PKIBody(PKIBody.TYPE_CONFIRM, DERNull.INSTANCE)).getEncoded();
                }
                exchange.getResponseHeaders().set("Content-Type", CmpHttp.CONTENT_TYPE);
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        server.start();
        return new StandIn(server);
    }
}
