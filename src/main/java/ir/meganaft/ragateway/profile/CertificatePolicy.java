package ir.meganaft.ragateway.profile;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.PolicyQualifierInfo;

/**
 * certificatePolicies, not critical: the CP's policy OID, with the CPS URI as its qualifier when one is given.
 *
 * @param cpsUri where the CPS is published, or blank
 */
public record CertificatePolicy(String policyOid, String cpsUri) implements CertificateRule {
    public CertificatePolicy {
        if (policyOid == null || !policyOid.matches("[0-2](\\.\\d+)+")) {
            throw new IllegalArgumentException("Profile policy OID is not a dotted OID: " + policyOid);
        }
    }

    @Override
    public void apply(CertificateDraft draft) {
        PolicyInformation policy = cpsUri == null || cpsUri.isBlank()
                ? new PolicyInformation(new ASN1ObjectIdentifier(policyOid))
                : new PolicyInformation(
                        new ASN1ObjectIdentifier(policyOid), new DERSequence(new PolicyQualifierInfo(cpsUri)));
        draft.add(ExtensionValues.of(Extension.certificatePolicies, false, new CertificatePolicies(policy)));
    }
}
