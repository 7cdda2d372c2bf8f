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
public record CertificateProfile(
        Duration validity,
        List<String> keyUsage,
        List<String> extendedKeyUsage,
        String policyOid,
        String cpsUri,
        String crlUrl,
        String deltaCrlUrl,
        String caIssuersUrl,
        String ocspUrl) {

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

    /**
     * The profile under {@code prefix} ({@code gateway.profile.} for the gateway's in-process CA,
     * {@code ca-node.profile.} for a CA node): validity-days, key-usage, extended-key-usage,
     * policy-oid, cps-uri, crl-url, delta-crl-url, ca-issuers-url, ocsp-url.
     */
    public static CertificateProfile from(
            java.util.function.Function<String, java.util.Optional<String>> setting, String prefix) {
        java.util.function.Function<String, String> optional =
                k -> setting.apply(prefix + k).map(String::strip).orElse("");
        java.util.function.Function<String, String> required = k -> setting.apply(prefix + k)
                .map(String::strip)
                .filter(v -> !v.isEmpty())
                .orElseThrow(() -> new IllegalArgumentException("Setting " + prefix + k + " is missing"));
        java.util.function.Function<String, List<String>> list =
                k -> java.util.Arrays.stream(optional.apply(k).split(","))
                        .map(String::strip)
                        .filter(v -> !v.isEmpty())
                        .toList();
        return new CertificateProfile(
                Duration.ofDays(Long.parseLong(required.apply("validity-days"))),
                list.apply("key-usage"),
                list.apply("extended-key-usage"),
                required.apply("policy-oid"),
                optional.apply("cps-uri"),
                required.apply("crl-url"),
                optional.apply("delta-crl-url"),
                optional.apply("ca-issuers-url"),
                optional.apply("ocsp-url"));
    }
}
