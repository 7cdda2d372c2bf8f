package ir.meganaft.ragateway.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

class ExtendedKeyUsagesTest {
    private static KeyPurposeId[] applied(List<String> names) {
        CertificateDraft draft = Drafts.of(Drafts.EC);
        new ExtendedKeyUsages(names).apply(draft);
        Extension extension = Drafts.only(draft);
        assertThat(extension.getExtnId()).isEqualTo(Extension.extendedKeyUsage);
        assertThat(extension.isCritical()).isFalse();
        return ExtendedKeyUsage.getInstance(extension.getParsedValue()).getUsages();
    }

    @Test
    void names_and_dotted_oids_come_out_in_the_order_given() {
        assertThat(applied(List.of("emailProtection", "clientauth", "1.3.6.1.5.5.7.3.36")))
                .containsExactly(
                        KeyPurposeId.id_kp_emailProtection,
                        KeyPurposeId.id_kp_clientAuth,
                        KeyPurposeId.getInstance(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.36")));
    }

    @Test
    void the_cmc_purposes_of_an_ra_and_a_cmp_signer_have_names() {
        assertThat(applied(List.of("cmcRA"))).containsExactly(KeyPurposeId.id_kp_cmcRA);
        assertThat(applied(List.of("cmcCA"))).containsExactly(KeyPurposeId.id_kp_cmcCA);
    }

    @Test
    void an_unknown_name_stops_the_start() {
        assertThatThrownBy(() -> new ExtendedKeyUsages(List.of("clientAuth", "webLogin")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown extended key usage in profile: webLogin");
    }

    @Test
    void an_empty_list_stops_the_start() {
        assertThatThrownBy(() -> new ExtendedKeyUsages(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one purpose");
    }
}
