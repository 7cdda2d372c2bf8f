package ir.meganaft.ragateway.profile;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * Where relying parties fetch the CRL: cRLDistributionPoints for the full CRL ({@link #full}),
 * freshestCRL for the delta CRL ({@link #delta}); one URI each, not critical.
 */
public record CrlDistributionPoints(ASN1ObjectIdentifier type, String url) implements CertificateRule {
    public CrlDistributionPoints {
        if (!type.equals(Extension.cRLDistributionPoints) && !type.equals(Extension.freshestCRL)) {
            throw new IllegalArgumentException(type + " is neither cRLDistributionPoints nor freshestCRL");
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("A CRL distribution point needs a URL");
        }
    }

    public static CrlDistributionPoints full(String url) {
        return new CrlDistributionPoints(Extension.cRLDistributionPoints, url);
    }

    public static CrlDistributionPoints delta(String url) {
        return new CrlDistributionPoints(Extension.freshestCRL, url);
    }

    @Override
    public void apply(CertificateDraft draft) {
        DistributionPoint point = new DistributionPoint(
                new DistributionPointName(
                        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url))),
                null,
                null);
        draft.add(ExtensionValues.of(type, false, new CRLDistPoint(new DistributionPoint[] {point})));
    }
}
