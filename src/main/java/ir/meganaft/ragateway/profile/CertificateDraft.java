package ir.meganaft.ragateway.profile;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * The certificate a profile's rules are shaping: what the request brings (subject, public key, the
 * extensions it asks for), who issues it and when, and what the rules set so far (validity,
 * extensions in the order they were added). Serial number and signature are the issuer's business.
 */
public final class CertificateDraft {
    private final X509Certificate issuer;
    private final X500Name subject;
    private final SubjectPublicKeyInfo publicKey;
    private final Extensions requested;
    private final Instant now;
    private Instant notBefore;
    private Instant notAfter;
    private final Map<ASN1ObjectIdentifier, Extension> extensions = new LinkedHashMap<>();

    /**
     * @param issuer the issuing CA's certificate
     * @param requested the extensions the request asks for (a CMP template's, a CSR's), or null
     * @param now the issuer's clock
     */
    public CertificateDraft(
            X509Certificate issuer,
            X500Name subject,
            SubjectPublicKeyInfo publicKey,
            Extensions requested,
            Instant now) {
        this.issuer = issuer;
        this.subject = subject;
        this.publicKey = publicKey;
        this.requested = requested;
        this.now = now;
    }

    public X509Certificate issuer() {
        return issuer;
    }

    public X500Name issuerName() {
        return X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
    }

    public X500Name subject() {
        return subject;
    }

    public SubjectPublicKeyInfo publicKey() {
        return publicKey;
    }

    /** The extensions the request asks for, or null. */
    public Extensions requested() {
        return requested;
    }

    /** The subjectAltName the request asks for, or null. */
    public GeneralNames requestedAltNames() {
        return requested == null ? null : GeneralNames.fromExtensions(requested, Extension.subjectAlternativeName);
    }

    public Instant now() {
        return now;
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant notAfter() {
        return notAfter;
    }

    public void validity(Instant notBefore, Instant notAfter) {
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is not after notBefore " + notBefore);
        }
        this.notBefore = notBefore;
        this.notAfter = notAfter;
    }

    /** Adds an extension after those added before; a profile sets each extension once. */
    public void add(Extension extension) {
        if (extensions.putIfAbsent(extension.getExtnId(), extension) != null) {
            throw new IllegalStateException("The profile sets extension " + extension.getExtnId() + " twice");
        }
    }

    /** The extensions set so far, in the order they were added. */
    public List<Extension> extensions() {
        return List.copyOf(extensions.values());
    }

    /** A certificate builder with all of the draft: issuer, serial, validity, subject, key and extensions. */
    public X509v3CertificateBuilder builder(BigInteger serial) {
        if (notBefore == null) {
            throw new IllegalStateException("The profile set no validity");
        }
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                issuerName(), serial, Date.from(notBefore), Date.from(notAfter), subject, publicKey);
        try {
            for (Extension extension : extensions.values()) {
                builder.addExtension(extension);
            }
        } catch (CertIOException e) {
            throw new IllegalStateException("Cannot add an extension: " + e.getMessage(), e);
        }
        return builder;
    }
}
