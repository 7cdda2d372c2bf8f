package ir.meganaft.ragateway.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.junit.jupiter.api.Test;

/** A profile applies its rules in order; the RA's and the CMP signer's are defined once, in ServiceProfiles. */
class ProfileTest {
    @Test
    void the_rules_apply_in_order_and_the_extensions_come_out_in_that_order() throws Exception {
        Profile profile = new Profile(
                "p",
                List.of(
                        new Validity(Duration.ofDays(1)),
                        CrlDistributionPoints.full("http://ca.example/crl"),
                        new EndEntity(),
                        new SubjectKeyId()));
        CertificateDraft draft = profile.shape(Drafts.of(Drafts.EC));

        assertThat(draft.extensions().stream().map(Extension::getExtnId))
                .containsExactly(
                        Extension.cRLDistributionPoints, Extension.basicConstraints, Extension.subjectKeyIdentifier);
    }

    @Test
    void the_first_rule_that_refuses_stops_the_rules_after_it() {
        Profile profile = new Profile(
                "seal",
                List.of(new EndEntity(), RequiredSubjectAttributes.of("organizationIdentifier"), new SubjectKeyId()));
        CertificateDraft draft = Drafts.of(Drafts.EC);

        assertThatThrownBy(() -> profile.shape(draft)).isInstanceOf(ProfileViolation.class);
        assertThat(draft.extensions()).hasSize(1);
    }

    @Test
    void a_profile_that_sets_an_extension_twice_is_an_error() {
        Profile twice = new Profile("p", List.of(new EndEntity(), new EndEntity()));
        assertThatThrownBy(() -> twice.shape(Drafts.of(Drafts.EC)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void a_profile_without_a_validity_builds_nothing() {
        assertThatThrownBy(() -> new Profile("p", List.of(new EndEntity()))
                        .shape(Drafts.of(Drafts.EC))
                        .builder(BigInteger.ONE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no validity");
    }

    private static X509Certificate issued(Profile profile) throws Exception {
        CertificateDraft draft = profile.shape(Drafts.now(Drafts.EC));
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(draft.builder(BigInteger.TEN)
                        .build(ir.meganaft.ragateway.support.TestCertificates.signer(Drafts.CA.key())));
        certificate.verify(Drafts.CA.certificate().getPublicKey());
        return certificate;
    }

    @Test
    void the_ra_certificate_signs_as_a_registration_authority_and_never_outlives_its_ca() throws Exception {
        X509Certificate ra = issued(ServiceProfiles.raCertificate(ServiceProfiles.RA_VALIDITY));

        assertThat(new org.bouncycastle.cert.jcajce.JcaX509CertificateHolder(ra)
                        .getExtensions()
                        .getExtensionOIDs())
                .containsExactly(
                        Extension.basicConstraints,
                        Extension.keyUsage,
                        Extension.extendedKeyUsage,
                        Extension.subjectKeyIdentifier,
                        Extension.authorityKeyIdentifier);
        assertThat(ra.getBasicConstraints()).isEqualTo(-1);
        assertThat(ra.getKeyUsage()).startsWith(true, false, false, false, false);
        assertThat(ra.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.28");
        // the test CA is valid a year, the RA profile three
        assertThat(ra.getNotAfter()).isEqualTo(Drafts.CA.certificate().getNotAfter());
    }

    @Test
    void the_cmp_signer_signs_for_its_ca() throws Exception {
        X509Certificate signer = issued(ServiceProfiles.cmpSigner(Duration.ofDays(30)));

        assertThat(signer.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.27");
        assertThat(signer.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(signer.getNotAfter()).isBefore(Drafts.CA.certificate().getNotAfter());
    }
}
