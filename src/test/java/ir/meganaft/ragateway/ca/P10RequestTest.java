package ir.meganaft.ragateway.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.support.TestCsrs;
import java.security.KeyPair;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.crmf.CertTemplate;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A p10cr's PKCS#10 request read as the template a cr carries, its signature the proof of possession. */
class P10RequestTest {
    private static final X500Name SUBJECT = new X500Name("C=IR,CN=Reza Karimi");

    @BeforeAll
    static void provider() {
        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
    }

    @Test
    void a_csr_signed_by_its_own_key_becomes_a_template_with_its_subject_key_and_requested_extensions()
            throws Exception {
        KeyPair key = TestCsrs.rsa(2048);
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        GeneralNames email = new GeneralNames(new GeneralName(GeneralName.rfc822Name, "reza@example.ir"));
        extensions.addExtension(Extension.subjectAlternativeName, false, email);
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(SUBJECT, key.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                .build(new JcaContentSignerBuilder("SHA256withRSA")
                        .setProvider("BC")
                        .build(key.getPrivate()))
                .getEncoded();

        CertTemplate template = P10Request.template(CertificationRequest.getInstance(csr));

        assertThat(template.getSubject()).isEqualTo(SUBJECT);
        assertThat(template.getPublicKey())
                .isEqualTo(SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()));
        assertThat(GeneralNames.getInstance(
                        template.getExtensions().getExtensionParsedValue(Extension.subjectAlternativeName)))
                .isEqualTo(email);
    }

    @Test
    void a_csr_without_requested_extensions_becomes_a_template_without_extensions() throws Exception {
        CertTemplate template =
                P10Request.template(CertificationRequest.getInstance(TestCsrs.csr(SUBJECT, TestCsrs.ec("secp256r1"))));

        assertThat(template.getSubject()).isEqualTo(SUBJECT);
        assertThat(template.getExtensions()).isNull();
    }

    @Test
    void a_csr_whose_signature_does_not_verify_is_refused_with_badpop() {
        byte[] broken = TestCsrs.withBrokenSignature(TestCsrs.csr(SUBJECT, TestCsrs.ec("secp256r1")));

        assertThatThrownBy(() -> P10Request.template(CertificationRequest.getInstance(broken)))
                .isInstanceOfSatisfying(
                        CaRefusedException.class, e -> assertThat(e.failInfo()).isEqualTo(PKIFailureInfo.badPOP))
                .hasMessageContaining("proof of possession");
    }

    @Test
    void a_body_that_is_no_pkcs10_request_is_refused_with_baddataformat() {
        assertThatThrownBy(() -> P10Request.template(new DERUTF8String("not a CSR")))
                .isInstanceOfSatisfying(
                        CaRefusedException.class,
                        e -> assertThat(e.failInfo()).isEqualTo(PKIFailureInfo.badDataFormat));
    }
}
