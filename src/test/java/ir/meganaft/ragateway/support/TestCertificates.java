package ir.meganaft.ragateway.support;

import ir.meganaft.ragateway.keys.KeySpecs;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates the tests make themselves: CAs, and client certificates good, expired, foreign or unfit. */
public final class TestCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCertificates() {}

    /** A key and its certificate. */
    public record Issued(KeyPair keys, X509Certificate certificate) {
        public PrivateKey key() {
            return keys.getPrivate();
        }
    }

    /** A self-signed CA. */
    public static Issued ca(String subject) {
        KeyPair keys = KeySpecs.generate("EC-P256");
        Instant now = Instant.now();
        return new Issued(
                keys,
                build(
                        subject,
                        keys.getPublic(),
                        subject,
                        signer(keys.getPrivate()),
                        now.minus(Duration.ofDays(1)),
                        now.plus(Duration.ofDays(365)),
                        true,
                        null));
    }

    /** A TLS client certificate valid from {@code notBefore} to {@code notAfter}, signed by {@code issuer}. */
    public static Issued client(
            String subject,
            X509Certificate issuerCertificate,
            ContentSigner issuer,
            Instant notBefore,
            Instant notAfter,
            KeyPurposeId purpose) {
        KeyPair keys = KeySpecs.generate("EC-P256");
        return new Issued(
                keys,
                build(
                        subject,
                        keys.getPublic(),
                        issuerCertificate.getSubjectX500Principal().getName(),
                        issuer,
                        notBefore,
                        notAfter,
                        false,
                        purpose));
    }

    /** A client certificate valid now, for TLS client authentication. */
    public static Issued client(String subject, Issued issuer) {
        Instant now = Instant.now();
        return client(
                subject,
                issuer.certificate(),
                signer(issuer.key()),
                now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(30)),
                KeyPurposeId.id_kp_clientAuth);
    }

    /** A TLS server certificate for 127.0.0.1 (IP SAN), signed by {@code issuer}. */
    public static Issued server(String subject, X509Certificate issuerCertificate, ContentSigner issuer) {
        KeyPair keys = KeySpecs.generate("EC-P256");
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(
                                    issuerCertificate.getSubjectX500Principal().getEncoded()),
                            new BigInteger(128, RANDOM),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
                    X500Name.getInstance(new javax.security.auth.x500.X500Principal(subject).getEncoded()),
                            keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                            org.bouncycastle.asn1.x509.GeneralName.iPAddress, "127.0.0.1")));
            return new Issued(keys, new JcaX509CertificateConverter().getCertificate(builder.build(issuer)));
        } catch (java.io.IOException | java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(
                            key.getAlgorithm().startsWith("EC") ? "SHA256withECDSA" : "SHA256withRSA")
                    .build(key);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate build(
            String subject,
            PublicKey key,
            String issuer,
            ContentSigner signer,
            Instant notBefore,
            Instant notAfter,
            boolean ca,
            KeyPurposeId purpose) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(new javax.security.auth.x500.X500Principal(issuer).getEncoded()),
                    new BigInteger(128, RANDOM),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    X500Name.getInstance(new javax.security.auth.x500.X500Principal(subject).getEncoded()),
                    key);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            if (purpose != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (java.io.IOException | java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
