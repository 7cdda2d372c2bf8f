package ir.meganaft.ragateway.profile;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * authorityInfoAccess, not critical: where the issuer's certificate is (caIssuers) and its OCSP
 * responder, each left out when blank; no extension when both are.
 */
public record AuthorityInfoAccess(String caIssuersUrl, String ocspUrl) implements CertificateRule {
    @Override
    public void apply(CertificateDraft draft) {
        List<AccessDescription> access = new ArrayList<>();
        if (caIssuersUrl != null && !caIssuersUrl.isBlank()) {
            access.add(new AccessDescription(
                    AccessDescription.id_ad_caIssuers,
                    new GeneralName(GeneralName.uniformResourceIdentifier, caIssuersUrl)));
        }
        if (ocspUrl != null && !ocspUrl.isBlank()) {
            access.add(new AccessDescription(
                    AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier, ocspUrl)));
        }
        if (!access.isEmpty()) {
            draft.add(ExtensionValues.of(
                    Extension.authorityInfoAccess,
                    false,
                    new AuthorityInformationAccess(access.toArray(new AccessDescription[0]))));
        }
    }
}
