package ir.meganaft.ragateway.support;

import java.io.IOException;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
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

    private TestCsrs() {
    }

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
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
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "IR").addRDN(BCStyle.CN, commonName);
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
                    .build(new JcaContentSignerBuilder(signatureAlgorithm).setProvider("BC").build(keys.getPrivate()));
            return request.getEncoded();
        } catch (IOException | OperatorCreationException e) {
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
