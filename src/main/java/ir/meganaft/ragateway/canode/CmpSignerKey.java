package ir.meganaft.ragateway.canode;

import ir.meganaft.ragateway.keys.KeySpecs;
import ir.meganaft.ragateway.keys.Pkcs12Keys;
import ir.meganaft.ragateway.keys.Signer;
import ir.meganaft.ragateway.profile.CertificateDraft;
import ir.meganaft.ragateway.profile.ProfileViolation;
import ir.meganaft.ragateway.profile.ServiceProfiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

/**
 * The key the CA node signs its CMP answers with (RFC 9483, 3.1: a CMP protection certificate with
 * digitalSignature, which OpenSSL insists on). A CA key has keyCertSign and cRLSign only, so the node
 * keeps a CMP-signer key of its own, certified by the CA with the CMP signer's profile
 * ({@link ServiceProfiles#cmpSigner}: digitalSignature, EKU cmcCA), in a PKCS#12 file under its data
 * directory: made at the first start, renewed when it nears its end, published at
 * {@code /cmp-signer.cer} and as {@code cmp-signer.pem} for the RAs' {@code gateway.ca.cmp-signer-certificate}.
 */
final class CmpSignerKey {
    static final String ALIAS = "cmp";

    private CmpSignerKey() {}

    static Signer loadOrCreate(Path keystore, char[] password, Signer ca, Clock clock) {
        Instant now = clock.instant();
        if (Files.exists(keystore)) {
            Signer existing = Pkcs12Keys.load(keystore, ALIAS, password);
            boolean sameCa =
                    existing.chain().size() > 1 && existing.chain().get(1).equals(ca.certificate());
            if (sameCa && existing.certificate().getNotAfter().toInstant().isAfter(now.plus(Duration.ofDays(30)))) {
                return existing;
            }
        }
        try {
            KeyPair keys = KeySpecs.generate("EC-P256");
            X509Certificate caCertificate = ca.certificate();
            X500Name caName =
                    X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded());
            String caCn = caName.getRDNs(BCStyle.CN).length == 0
                    ? "CA"
                    : caName.getRDNs(BCStyle.CN)[0].getFirst().getValue().toString();
            String cn = "CMP signer - " + caCn;
            // ub-common-name is 64 (RFC 5280)
            X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, cn.length() > 64 ? cn.substring(0, 64).strip() : cn);
            if (caName.getRDNs(BCStyle.O).length > 0) {
                subject.addRDN(
                        BCStyle.O, caName.getRDNs(BCStyle.O)[0].getFirst().getValue());
            }
            if (caName.getRDNs(BCStyle.C).length > 0) {
                subject.addRDN(
                        BCStyle.C, caName.getRDNs(BCStyle.C)[0].getFirst().getValue());
            }
            CertificateDraft draft = ServiceProfiles.cmpSigner(ServiceProfiles.CMP_SIGNER_VALIDITY)
                    .shape(new CertificateDraft(
                            caCertificate,
                            subject.build(),
                            SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()),
                            null,
                            now));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(draft.builder(new BigInteger(159, new SecureRandom()).setBit(152))
                            .build(ca.newContentSigner()));
            List<X509Certificate> chain = new ArrayList<>(List.of(certificate));
            chain.addAll(ca.chain());
            Files.createDirectories(keystore.getParent());
            Pkcs12Keys.write(keystore, ALIAS, keys.getPrivate(), chain, password);
            return Pkcs12Keys.load(keystore, ALIAS, password);
        } catch (IOException | CertificateException | ProfileViolation e) {
            throw new IllegalStateException("Cannot make the CA node's CMP-signer key: " + e.getMessage(), e);
        }
    }
}
