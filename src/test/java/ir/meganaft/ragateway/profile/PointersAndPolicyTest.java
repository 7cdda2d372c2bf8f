package ir.meganaft.ragateway.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.PolicyQualifierInfo;
import org.junit.jupiter.api.Test;

/** The rules that point relying parties somewhere: CRL distribution points, AIA, certificate policy. */
class PointersAndPolicyTest {
    private static Extension applied(CertificateRule rule) throws ProfileViolation {
        CertificateDraft draft = Drafts.of(Drafts.EC);
        rule.apply(draft);
        Extension extension = Drafts.only(draft);
        assertThat(extension.isCritical()).isFalse();
        return extension;
    }

    private static String uri(GeneralName name) {
        assertThat(name.getTagNo()).isEqualTo(GeneralName.uniformResourceIdentifier);
        return DERIA5String.getInstance(name.getName()).getString();
    }

    @Test
    void the_full_crl_is_a_crl_distribution_point_and_the_delta_a_freshest_crl() throws Exception {
        Extension full = applied(CrlDistributionPoints.full("http://ca.example/full.crl"));
        Extension delta = applied(CrlDistributionPoints.delta("http://ca.example/delta.crl"));

        assertThat(full.getExtnId()).isEqualTo(Extension.cRLDistributionPoints);
        assertThat(delta.getExtnId()).isEqualTo(Extension.freshestCRL);
        GeneralNames names = GeneralNames.getInstance(CRLDistPoint.getInstance(full.getParsedValue())
                .getDistributionPoints()[0]
                .getDistributionPoint()
                .getName());
        assertThat(uri(names.getNames()[0])).isEqualTo("http://ca.example/full.crl");
    }

    @Test
    void a_crl_pointer_without_a_url_or_for_another_extension_stops_the_start() {
        assertThatThrownBy(() -> CrlDistributionPoints.full(" ")).hasMessageContaining("needs a URL");
        assertThatThrownBy(() -> new CrlDistributionPoints(Extension.keyUsage, "http://ca.example/crl"))
                .hasMessageContaining("neither cRLDistributionPoints nor freshestCRL");
    }

    @Test
    void aia_names_the_ca_issuers_and_the_ocsp_responder() throws Exception {
        Extension aia = applied(new AuthorityInfoAccess("http://ca.example/ca.cer", "http://ocsp.example"));

        AccessDescription[] access =
                AuthorityInformationAccess.getInstance(aia.getParsedValue()).getAccessDescriptions();
        assertThat(access).hasSize(2);
        assertThat(access[0].getAccessMethod()).isEqualTo(AccessDescription.id_ad_caIssuers);
        assertThat(uri(access[0].getAccessLocation())).isEqualTo("http://ca.example/ca.cer");
        assertThat(access[1].getAccessMethod()).isEqualTo(AccessDescription.id_ad_ocsp);
    }

    @Test
    void aia_leaves_out_what_is_blank_and_is_absent_when_both_are() throws Exception {
        Extension aia = applied(new AuthorityInfoAccess("http://ca.example/ca.cer", ""));
        assertThat(AuthorityInformationAccess.getInstance(aia.getParsedValue()).getAccessDescriptions())
                .hasSize(1);

        CertificateDraft draft = Drafts.of(Drafts.EC);
        new AuthorityInfoAccess("", null).apply(draft);
        assertThat(draft.extensions()).isEmpty();
    }

    @Test
    void the_policy_carries_its_oid_and_the_cps_as_a_qualifier_when_given() throws Exception {
        PolicyInformation bare = CertificatePolicies.getInstance(
                        applied(new CertificatePolicy("2.25.1", "")).getParsedValue())
                .getPolicyInformation()[0];
        assertThat(bare.getPolicyIdentifier().getId()).isEqualTo("2.25.1");
        assertThat(bare.getPolicyQualifiers()).isNull();

        PolicyInformation withCps = CertificatePolicies.getInstance(
                        applied(new CertificatePolicy("2.25.1", "https://ca.example/cps"))
                                .getParsedValue())
                .getPolicyInformation()[0];
        assertThat(PolicyQualifierInfo.getInstance(withCps.getPolicyQualifiers().getObjectAt(0))
                        .getQualifier()
                        .toString())
                .isEqualTo("https://ca.example/cps");
    }

    @Test
    void a_policy_that_is_not_a_dotted_oid_stops_the_start() {
        assertThatThrownBy(() -> new CertificatePolicy("meganaft-cp", "")).hasMessageContaining("not a dotted OID");
        assertThatThrownBy(() -> new CertificatePolicy(null, "")).hasMessageContaining("not a dotted OID");
    }
}
