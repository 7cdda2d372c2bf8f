package ir.meganaft.ragateway.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;

/** basicConstraints and the key identifiers that chain a certificate to its issuer. */
class IdentifiersAndConstraintsTest {
    @Test
    void an_end_entity_is_marked_critically_as_no_ca() {
        CertificateDraft draft = Drafts.of(Drafts.EC);
        new EndEntity().apply(draft);

        Extension extension = Drafts.only(draft);
        assertThat(extension.getExtnId()).isEqualTo(Extension.basicConstraints);
        assertThat(extension.isCritical()).isTrue();
        assertThat(BasicConstraints.getInstance(extension.getParsedValue()).isCA())
                .isFalse();
    }

    @Test
    void the_subject_key_identifier_is_the_sha1_of_the_subjects_key() throws Exception {
        CertificateDraft draft = Drafts.of(Drafts.RSA);
        new SubjectKeyId().apply(draft);

        byte[] key = SubjectPublicKeyInfo.getInstance(Drafts.RSA.getPublic().getEncoded())
                .getPublicKeyData()
                .getBytes();
        assertThat(SubjectKeyIdentifier.getInstance(Drafts.only(draft).getParsedValue())
                        .getKeyIdentifier())
                .isEqualTo(MessageDigest.getInstance("SHA-1").digest(key));
    }

    @Test
    void the_authority_key_identifier_is_the_issuers_key_identifier_and_nothing_else() {
        CertificateDraft draft = Drafts.of(Drafts.EC);
        new AuthorityKeyId().apply(draft);

        AuthorityKeyIdentifier aki =
                AuthorityKeyIdentifier.getInstance(Drafts.only(draft).getParsedValue());
        byte[] issuerSki = Drafts.CA.certificate().getExtensionValue(Extension.subjectKeyIdentifier.getId());
        byte[] expected = issuerSki == null
                ? KeyIdentifiers.authorityKeyIdentifier(Drafts.CA.certificate()).getKeyIdentifier()
                : SubjectKeyIdentifier.getInstance(
                                ASN1OctetString.getInstance(issuerSki).getOctets())
                        .getKeyIdentifier();
        assertThat(aki.getKeyIdentifier()).isEqualTo(expected);
        assertThat(aki.getAuthorityCertIssuer()).isNull();
        assertThat(aki.getAuthorityCertSerialNumber()).isNull();
    }
}
