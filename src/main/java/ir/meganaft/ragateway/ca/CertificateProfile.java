package ir.meganaft.ragateway.ca;

import ir.meganaft.ragateway.profile.AltNamesFromRequest;
import ir.meganaft.ragateway.profile.AuthorityInfoAccess;
import ir.meganaft.ragateway.profile.AuthorityKeyId;
import ir.meganaft.ragateway.profile.CertificatePolicy;
import ir.meganaft.ragateway.profile.CertificateRule;
import ir.meganaft.ragateway.profile.CrlDistributionPoints;
import ir.meganaft.ragateway.profile.EndEntity;
import ir.meganaft.ragateway.profile.ExtendedKeyUsages;
import ir.meganaft.ragateway.profile.KeyUsages;
import ir.meganaft.ragateway.profile.Profile;
import ir.meganaft.ragateway.profile.SubjectKeyId;
import ir.meganaft.ragateway.profile.SubjectPolicy;
import ir.meganaft.ragateway.profile.Validity;
import ir.meganaft.ragateway.profile.ValidityWithinIssuer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What every certificate of a profile carries (config/ keys {@code gateway.profile.*}), and the
 * subject rules it holds requests to; {@link #rules} makes it the list of small rules the CA applies.
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
 * @param subject which subject attributes and alternative names its certificates must and may carry
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
        String ocspUrl,
        SubjectPolicy subject) {

    public CertificateProfile {
        if (crlUrl == null || crlUrl.isBlank()) {
            throw new IllegalArgumentException("Profile needs a CRL distribution point URL");
        }
        keyUsage = List.copyOf(keyUsage);
        extendedKeyUsage = List.copyOf(extendedKeyUsage);
        subject = subject == null ? SubjectPolicy.ANY : subject;
        rules(
                keyUsage,
                extendedKeyUsage,
                validity,
                policyOid,
                cpsUri,
                crlUrl,
                deltaCrlUrl,
                caIssuersUrl,
                ocspUrl,
                subject);
    }

    /** A profile with no subject rules: any subject and any alternative names. */
    public CertificateProfile(
            Duration validity,
            List<String> keyUsage,
            List<String> extendedKeyUsage,
            String policyOid,
            String cpsUri,
            String crlUrl,
            String deltaCrlUrl,
            String caIssuersUrl,
            String ocspUrl) {
        this(
                validity,
                keyUsage,
                extendedKeyUsage,
                policyOid,
                cpsUri,
                crlUrl,
                deltaCrlUrl,
                caIssuersUrl,
                ocspUrl,
                SubjectPolicy.ANY);
    }

    /**
     * The profile as the rules the CA applies, in the order of the certificate's extensions: the
     * subject rules (refusing a subject they do not allow), then validity (capped by the CA's own),
     * basicConstraints, keyUsage, the key identifiers, extendedKeyUsage, CRL distribution points and
     * freshestCRL, authorityInfoAccess, certificatePolicies, and the request's subjectAltName.
     */
    public Profile rules(String name) {
        return new Profile(
                name,
                rules(
                        keyUsage,
                        extendedKeyUsage,
                        validity,
                        policyOid,
                        cpsUri,
                        crlUrl,
                        deltaCrlUrl,
                        caIssuersUrl,
                        ocspUrl,
                        subject));
    }

    private static List<CertificateRule> rules(
            List<String> keyUsage,
            List<String> extendedKeyUsage,
            Duration validity,
            String policyOid,
            String cpsUri,
            String crlUrl,
            String deltaCrlUrl,
            String caIssuersUrl,
            String ocspUrl,
            SubjectPolicy subject) {
        List<CertificateRule> rules = new ArrayList<>(subject.rules());
        rules.add(new Validity(validity));
        rules.add(new ValidityWithinIssuer());
        rules.add(new EndEntity());
        rules.add(new KeyUsages(keyUsage));
        rules.add(new SubjectKeyId());
        rules.add(new AuthorityKeyId());
        if (!extendedKeyUsage.isEmpty()) {
            rules.add(new ExtendedKeyUsages(extendedKeyUsage));
        }
        rules.add(CrlDistributionPoints.full(crlUrl));
        if (deltaCrlUrl != null && !deltaCrlUrl.isBlank()) {
            rules.add(CrlDistributionPoints.delta(deltaCrlUrl));
        }
        rules.add(new AuthorityInfoAccess(caIssuersUrl, ocspUrl));
        rules.add(new CertificatePolicy(policyOid, cpsUri));
        rules.add(new AltNamesFromRequest());
        return rules;
    }

    /**
     * The profile under {@code prefix} ({@code gateway.profile.} for the gateway's in-process CA,
     * {@code ca-node.profile.} for a CA node): validity-days, key-usage, extended-key-usage,
     * policy-oid, cps-uri, crl-url, delta-crl-url, ca-issuers-url, ocsp-url, and the subject rules
     * subject-required, subject-optional, alt-names ({@link SubjectPolicy}).
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
                optional.apply("ocsp-url"),
                new SubjectPolicy(
                        optional.apply("subject-required"),
                        optional.apply("subject-optional"),
                        optional.apply("alt-names")));
    }
}
