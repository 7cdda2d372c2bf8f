package ir.meganaft.ragateway.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

class KeyUsagesTest {
    private static final KeyUsages ALL = new KeyUsages(
            List.of("digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement"));

    private static KeyUsage applied(KeyUsages rule, java.security.KeyPair key) throws ProfileViolation {
        CertificateDraft draft = Drafts.of(key);
        rule.apply(draft);
        Extension extension = Drafts.only(draft);
        assertThat(extension.getExtnId()).isEqualTo(Extension.keyUsage);
        assertThat(extension.isCritical()).isTrue();
        return KeyUsage.getInstance(extension.getParsedValue());
    }

    @Test
    void an_rsa_key_gets_every_listed_usage_but_key_agreement() throws Exception {
        KeyUsage usage = applied(ALL, Drafts.RSA);
        assertThat(usage.hasUsages(KeyUsage.digitalSignature
                        | KeyUsage.nonRepudiation
                        | KeyUsage.keyEncipherment
                        | KeyUsage.dataEncipherment))
                .isTrue();
        assertThat(usage.hasUsages(KeyUsage.keyAgreement)).isFalse();
    }

    @Test
    void an_ec_key_gets_no_key_or_data_encipherment() throws Exception {
        KeyUsage usage = applied(ALL, Drafts.EC);
        assertThat(usage.hasUsages(KeyUsage.digitalSignature | KeyUsage.nonRepudiation | KeyUsage.keyAgreement))
                .isTrue();
        assertThat(usage.hasUsages(KeyUsage.keyEncipherment)).isFalse();
        assertThat(usage.hasUsages(KeyUsage.dataEncipherment)).isFalse();
    }

    @Test
    void names_are_case_insensitive_and_content_commitment_is_non_repudiation() throws Exception {
        KeyUsage usage = applied(new KeyUsages(List.of(" DIGITALSIGNATURE", "contentCommitment")), Drafts.EC);
        assertThat(usage.hasUsages(KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
                .isTrue();
    }

    @Test
    void an_ec_key_for_an_encipherment_only_profile_is_refused() {
        CertificateDraft draft = Drafts.of(Drafts.EC);
        assertThatThrownBy(() -> new KeyUsages(List.of("keyEncipherment", "dataEncipherment")).apply(draft))
                .isInstanceOf(ProfileViolation.class)
                .hasMessageContaining("none of this profile's key usages");
        assertThat(draft.extensions()).isEmpty();
    }

    @Test
    void an_rsa_key_for_a_key_agreement_only_profile_is_refused() {
        assertThatThrownBy(() -> new KeyUsages(List.of("keyAgreement")).apply(Drafts.of(Drafts.RSA)))
                .isInstanceOf(ProfileViolation.class)
                .hasMessageContaining("An RSA key");
    }

    @Test
    void an_unknown_or_missing_usage_stops_the_start() {
        assertThatThrownBy(() -> new KeyUsages(List.of("digitalSignature", "keyCertSign")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown key usage in profile: keyCertSign");
        assertThatThrownBy(() -> new KeyUsages(List.of())).hasMessageContaining("at least one key usage");
    }
}
