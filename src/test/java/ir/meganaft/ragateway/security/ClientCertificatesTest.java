package ir.meganaft.ragateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.support.TestCertificates;
import ir.meganaft.ragateway.support.TestCertificates.Issued;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientCertificatesTest {
    static final Issued CA = TestCertificates.ca("CN=Gateway Issuing CA,O=Test");
    static final Issued PARTNER_CA = TestCertificates.ca("CN=Partner CA,O=Partner");
    static final Issued STRANGER_CA = TestCertificates.ca("CN=Stranger CA,O=Elsewhere");
    static final Instant NOW = Instant.now();

    @TempDir
    Path dir;

    private ClientCertificates gatewayOnly(Set<BigInteger> revoked) {
        return new ClientCertificates(
                CA.certificate(), c -> revoked.contains(c.getSerialNumber()), List.of(), Clock.systemUTC());
    }

    private static GatewayException refusal(ClientCertificates check, X509Certificate... chain) {
        try {
            check.check(List.of(chain));
        } catch (GatewayException e) {
            return e;
        }
        throw new AssertionError("accepted");
    }

    @Test
    void accepts_a_current_client_certificate_of_the_gateways_ca_in_any_chain_order() {
        Issued client = TestCertificates.client("CN=system-1,O=Test", CA);
        assertThatCode(() -> gatewayOnly(Set.of()).check(List.of(client.certificate())))
                .doesNotThrowAnyException();
        assertThatCode(() -> gatewayOnly(Set.of()).check(List.of(client.certificate(), CA.certificate())))
                .doesNotThrowAnyException();
        Issued root = TestCertificates.ca("CN=Some Root,O=Test");
        assertThatCode(() -> gatewayOnly(Set.of())
                        .check(List.of(client.certificate(), root.certificate(), CA.certificate())))
                .doesNotThrowAnyException();
    }

    @Test
    void refuses_an_expired_or_not_yet_valid_certificate_as_expired() {
        Issued expired = TestCertificates.client(
                "CN=old,O=Test",
                CA.certificate(),
                TestCertificates.signer(CA.key()),
                NOW.minus(Duration.ofDays(30)),
                NOW.minus(Duration.ofDays(1)),
                KeyPurposeId.id_kp_clientAuth);
        Issued future = TestCertificates.client(
                "CN=future,O=Test",
                CA.certificate(),
                TestCertificates.signer(CA.key()),
                NOW.plus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(30)),
                KeyPurposeId.id_kp_clientAuth);
        assertThat(refusal(gatewayOnly(Set.of()), expired.certificate()).code())
                .isEqualTo(FaultCode.CLIENT_CERTIFICATE_EXPIRED);
        assertThat(refusal(gatewayOnly(Set.of()), future.certificate()).code())
                .isEqualTo(FaultCode.CLIENT_CERTIFICATE_EXPIRED);
    }

    @Test
    void refuses_a_certificate_of_another_ca_or_a_self_signed_one_as_untrusted() {
        Issued foreign = TestCertificates.client("CN=system-1,O=Test", STRANGER_CA);
        assertThat(refusal(gatewayOnly(Set.of()), foreign.certificate(), STRANGER_CA.certificate())
                        .code())
                .isEqualTo(FaultCode.CLIENT_CERTIFICATE_UNTRUSTED);
        // the same subject and issuer name as a real one, signed by another key
        Issued forged = TestCertificates.client(
                "CN=system-1,O=Test",
                CA.certificate(),
                TestCertificates.signer(STRANGER_CA.key()),
                NOW.minus(Duration.ofHours(1)),
                NOW.plus(Duration.ofDays(1)),
                KeyPurposeId.id_kp_clientAuth);
        assertThat(refusal(gatewayOnly(Set.of()), forged.certificate()).code())
                .isEqualTo(FaultCode.CLIENT_CERTIFICATE_UNTRUSTED);
        assertThat(refusal(gatewayOnly(Set.of()), CA.certificate()).code())
                .isEqualTo(FaultCode.CLIENT_CERTIFICATE_UNTRUSTED);
    }

    @Test
    void refuses_a_certificate_not_meant_for_tls_client_authentication() {
        Issued serverOnly = TestCertificates.client(
                "CN=server,O=Test",
                CA.certificate(),
                TestCertificates.signer(CA.key()),
                NOW.minus(Duration.ofHours(1)),
                NOW.plus(Duration.ofDays(1)),
                KeyPurposeId.id_kp_serverAuth);
        assertThat(refusal(gatewayOnly(Set.of()), serverOnly.certificate()).code())
                .isEqualTo(FaultCode.CLIENT_CERTIFICATE_UNTRUSTED);
    }

    @Test
    void refuses_a_certificate_the_gateway_revoked_or_holds() {
        Issued client = TestCertificates.client("CN=system-1,O=Test", CA);
        assertThat(refusal(gatewayOnly(Set.of(client.certificate().getSerialNumber())), client.certificate())
                        .code())
                .isEqualTo(FaultCode.CLIENT_CERTIFICATE_REVOKED);
    }

    @Test
    void checks_a_configured_anchors_certificates_against_its_crl_file_read_again_when_it_changes() throws Exception {
        Issued partner = TestCertificates.client("CN=partner-system,O=Partner", PARTNER_CA);
        Path crl = dir.resolve("partner.crl");
        writeCrl(crl, PARTNER_CA, NOW.plus(Duration.ofDays(1)));
        ClientCertificates check = new ClientCertificates(
                CA.certificate(),
                c -> false,
                List.of(new ClientCertificates.ForeignAnchor("partner", PARTNER_CA.certificate(), crl)),
                Clock.systemUTC());
        assertThatCode(() -> check.check(List.of(partner.certificate()))).doesNotThrowAnyException();

        writeCrl(
                crl,
                PARTNER_CA,
                NOW.plus(Duration.ofDays(1)),
                partner.certificate().getSerialNumber());
        Files.setLastModifiedTime(crl, java.nio.file.attribute.FileTime.from(NOW.plusSeconds(5)));
        assertThat(refusal(check, partner.certificate()).code()).isEqualTo(FaultCode.CLIENT_CERTIFICATE_REVOKED);
        assertThat(check.anchors()).hasSize(2);
    }

    @Test
    void refuses_every_certificate_of_an_anchor_whose_crl_is_past_its_next_update() throws Exception {
        Issued partner = TestCertificates.client("CN=partner-system,O=Partner", PARTNER_CA);
        Path crl = dir.resolve("stale.crl");
        writeCrl(crl, PARTNER_CA, NOW.minus(Duration.ofMinutes(1)));
        ClientCertificates check = new ClientCertificates(
                CA.certificate(),
                c -> false,
                List.of(new ClientCertificates.ForeignAnchor("partner", PARTNER_CA.certificate(), crl)),
                Clock.systemUTC());
        assertThat(refusal(check, partner.certificate())).satisfies(e -> {
            assertThat(e.code()).isEqualTo(FaultCode.CLIENT_CERTIFICATE_UNTRUSTED);
            assertThat(e.getMessage()).contains("out of date");
        });
    }

    @Test
    void refuses_to_start_with_a_crl_file_the_anchor_did_not_sign() throws Exception {
        Path crl = dir.resolve("wrong.crl");
        writeCrl(crl, STRANGER_CA, NOW.plus(Duration.ofDays(1)));
        assertThatThrownBy(() -> new ClientCertificates.ForeignAnchor("partner", PARTNER_CA.certificate(), crl))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway.tls.client-anchors.partner.crl");
    }

    static void writeCrl(Path file, Issued ca, Instant nextUpdate, BigInteger... revoked) throws Exception {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                Date.from(NOW.minus(Duration.ofHours(1))));
        builder.setNextUpdate(Date.from(nextUpdate));
        for (BigInteger serial : revoked) {
            builder.addCRLEntry(serial, Date.from(NOW.minus(Duration.ofMinutes(30))), CRLReason.keyCompromise);
        }
        Files.write(
                file,
                new JcaX509CRLConverter()
                        .getCRL(builder.build(TestCertificates.signer(ca.key())))
                        .getEncoded());
    }
}
