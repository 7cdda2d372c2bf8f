package ir.meganaft.ragateway.ca;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.crmf.CertTemplate;
import org.bouncycastle.asn1.crmf.CertTemplateBuilder;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The body of a {@code p10cr} (RFC 4210, 5.3.1: a PKCS#10 request) read as the certificate template a
 * {@code cr} carries, so the CA issues both the same way. The request's own signature is its proof of
 * possession: it must verify with the key it carries, or the message is refused ({@code badPOP}).
 * Subject, public key and the requested extensions (PKCS#9 extensionRequest) go into the template;
 * as for a {@code cr}, the CA takes only the subject, the key and the subjectAltName from it.
 */
final class P10Request {
    /**
     * PKCS#10 signatures are verified with Bouncy Castle's provider: Java 17's SunEC is several times
     * slower for ECDSA (docs/stack.md).
     */
    private static final java.security.Provider VERIFY_PROVIDER =
            new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private P10Request() {}

    /** The template of a p10cr body whose signature verifies; refused with badPOP or badDataFormat otherwise. */
    static CertTemplate template(ASN1Encodable p10crContent) throws CaRefusedException {
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(CertificationRequest.getInstance(p10crContent));
        } catch (RuntimeException e) {
            throw new CaRefusedException("The p10cr does not hold a PKCS#10 request", PKIFailureInfo.badDataFormat);
        }
        boolean verified;
        try {
            verified = csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .setProvider(VERIFY_PROVIDER)
                    .build(csr.getSubjectPublicKeyInfo()));
        } catch (Exception e) { // an unknown algorithm or an undecodable key proves nothing either
            verified = false;
        }
        if (!verified) {
            throw new CaRefusedException(
                    "The PKCS#10 request's signature does not verify with the key it carries (no proof of possession)",
                    PKIFailureInfo.badPOP);
        }
        CertTemplateBuilder template =
                new CertTemplateBuilder().setSubject(csr.getSubject()).setPublicKey(csr.getSubjectPublicKeyInfo());
        Extensions requested = requestedExtensions(csr);
        if (requested != null) {
            template.setExtensions(requested);
        }
        return template.build();
    }

    private static Extensions requestedExtensions(PKCS10CertificationRequest csr) throws CaRefusedException {
        Attribute[] attributes = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        if (attributes.length == 0) {
            return null;
        }
        try {
            return Extensions.getInstance(attributes[0].getAttrValues().getObjectAt(0));
        } catch (RuntimeException e) {
            throw new CaRefusedException(
                    "The PKCS#10 request's extensionRequest is unreadable", PKIFailureInfo.badCertTemplate);
        }
    }
}
