package ir.meganaft.ragateway.support;

import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Builds CSRs for tests: good ones, and each kind of bad one. */
public final class TestCsrs {
    static {
        java.security.Security.addProvider(new BouncyCastleProvider());
    }

    private TestCsrs() {}

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RSA key pair with the public exponent given (e.g. one above 2^256). */
    public static KeyPair rsa(int bits, java.math.BigInteger exponent) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", "BC");
            generator.initialize(new java.security.spec.RSAKeyGenParameterSpec(bits, exponent));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "BC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static X500Name person(String commonName, String serialNumber) {
        X500NameBuilder name =
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "IR").addRDN(BCStyle.CN, commonName);
        if (serialNumber != null) {
            name.addRDN(BCStyle.SERIALNUMBER, serialNumber);
        }
        return name.build();
    }

    public static byte[] csr(X500Name subject, KeyPair keys) {
        return csr(subject, keys, keys.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA");
    }

    public static byte[] csr(X500Name subject, KeyPair keys, String signatureAlgorithm) {
        try {
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm)
                            .setProvider("BC")
                            .build(keys.getPrivate()));
            return request.getEncoded();
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A CSR, correctly signed, for a P-256 key whose SubjectPublicKeyInfo spells out the curve
     * (explicit ECParameters) instead of naming it, which RFC 5480 forbids.
     */
    public static byte[] explicitCurveCsr(X500Name subject) {
        KeyPair keys = ec("secp256r1");
        org.bouncycastle.asn1.x9.X9ECParameters curve =
                org.bouncycastle.asn1.x9.ECNamedCurveTable.getByName("secp256r1");
        SubjectPublicKeyInfo named =
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
        SubjectPublicKeyInfo explicit = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(
                        org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey,
                        new org.bouncycastle.asn1.x9.X962Parameters(curve)),
                named.getPublicKeyData().getBytes());
        try {
            return new org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder(subject, explicit)
                    .build(new JcaContentSignerBuilder("SHA256withECDSA")
                            .setProvider("BC")
                            .build(keys.getPrivate()))
                    .getEncoded();
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A CSR for an RSA key with the given modulus size and exponent, whose "signature" is random
     * bytes: no key pair is generated (a 16384-bit one takes minutes), so it can only be refused.
     */
    public static byte[] rsaCsrWithGarbageSignature(X500Name subject, int modulusBits, java.math.BigInteger exponent) {
        java.security.SecureRandom random = new java.security.SecureRandom();
        java.math.BigInteger modulus = new java.math.BigInteger(modulusBits, random)
                .setBit(modulusBits - 1)
                .setBit(0);
        try {
            SubjectPublicKeyInfo key = new SubjectPublicKeyInfo(
                    new AlgorithmIdentifier(
                            org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption,
                            org.bouncycastle.asn1.DERNull.INSTANCE),
                    new org.bouncycastle.asn1.pkcs.RSAPublicKey(modulus, exponent));
            byte[] signature = new byte[modulusBits / 8];
            random.nextBytes(signature);
            org.bouncycastle.asn1.pkcs.CertificationRequestInfo info =
                    new org.bouncycastle.asn1.pkcs.CertificationRequestInfo(
                            subject, key, new org.bouncycastle.asn1.DERSet());
            return new org.bouncycastle.asn1.pkcs.CertificationRequest(
                            info,
                            new AlgorithmIdentifier(
                                    org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.sha256WithRSAEncryption,
                                    org.bouncycastle.asn1.DERNull.INSTANCE),
                            new org.bouncycastle.asn1.DERBitString(signature))
                    .getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CSR whose signature no longer matches: one bit of the signature flipped. */
    public static byte[] withBrokenSignature(byte[] der) {
        byte[] copy = der.clone();
        copy[copy.length - 5] ^= 0x01;
        return copy;
    }

    public static String pem(byte[] der) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new PKCS10CertificationRequest(der));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }
}
