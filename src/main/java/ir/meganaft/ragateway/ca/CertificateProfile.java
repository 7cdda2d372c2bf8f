package ir.meganaft.ragateway.ca;

import java.time.Duration;
import java.util.List;

/**
 * What every certificate of a profile carries (config/ keys {@code gateway.profile.*}).
 *
 * @param validity how long a certificate is valid (never past the CA's own notAfter)
 * @param keyUsage key usage names of RFC 5280, e.g. digitalSignature, nonRepudiation, keyEncipherment
 * @param extendedKeyUsage names (clientAuth, emailProtection, ...) or dotted OIDs
 * @param policyOid the certificate policy OID of the center's CP
 * @param cpsUri where the CPS is published, or blank
 * @param crlUrl the CRL distribution point (the full CRL)
 * @param deltaCrlUrl the delta CRL (freshestCRL), or blank
 * @param caIssuersUrl the AIA caIssuers URL (the CA certificate), or blank
 * @param ocspUrl the AIA OCSP URL, or blank while no responder is offered
 */
public record CertificateProfile(Duration validity, List<String> keyUsage, List<String> extendedKeyUsage,
        String policyOid, String cpsUri, String crlUrl, String deltaCrlUrl, String caIssuersUrl, String ocspUrl) {

    public CertificateProfile {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("Profile validity must be positive");
        }
        if (policyOid == null || !policyOid.matches("[0-2](\\.\\d+)+")) {
            throw new IllegalArgumentException("Profile policy OID is not a dotted OID: " + policyOid);
        }
        if (crlUrl == null || crlUrl.isBlank()) {
            throw new IllegalArgumentException("Profile needs a CRL distribution point URL");
        }
        keyUsage = List.copyOf(keyUsage);
        extendedKeyUsage = List.copyOf(extendedKeyUsage);
    }
}
