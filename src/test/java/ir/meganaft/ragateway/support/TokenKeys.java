package ir.meganaft.ragateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.keys.admin.KeyAdmin;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The key ceremony of docs/hsm.md, run through the key admin command line: a CA key and an RA key are
 * generated on the token, their CSRs signed (the CA's by a software test root, the RA's by the CA
 * key on the token, with {@code certify-ra}) and the chains imported.
 */
public final class TokenKeys {
    /** The test root and the chains now on the token. */
    public record Ceremony(X509Certificate root, List<X509Certificate> caChain, List<X509Certificate> raChain) {}

    private TokenKeys() {}

    public static String admin(SoftHsm.Token token, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine line = KeyAdmin.commandLine();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--token-label";
        all[args.length + 1] = token.label();
        all[args.length + 2] = "--pin-file";
        all[args.length + 3] = token.pinFile().toString();
        int status = line.execute(all);
        assertThat(status).as("key-admin %s: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    public static Ceremony ceremony(SoftHsm.Token token, Path work) throws Exception {
        return ceremony(token, work, "RSA-2048");
    }

    /** The same ceremony with the issuing CA's key of the given type (RSA-2048, EC-P256, ...). */
    public static Ceremony ceremony(SoftHsm.Token token, Path work, String caAlgorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair rootKeys = generator.generateKeyPair();
        X500Name rootName = new X500Name("CN=Test Root CA,O=MegaNaft Test,C=IR");
        X509Certificate root = certificate(
                rootName,
                rootName,
                rootKeys.getPublic(),
                true,
                new JcaContentSignerBuilder("SHA256withECDSA").build(rootKeys.getPrivate()));

        admin(token, "generate", "--key", "ca", "--algorithm", caAlgorithm);
        admin(
                token,
                "csr",
                "--key",
                "ca",
                "--subject",
                "CN=Test Issuing CA on HSM,O=MegaNaft Test,C=IR",
                "--out",
                work.resolve("ca.csr").toString());
        PKCS10CertificationRequest caCsr = readCsr(work.resolve("ca.csr"));
        X509Certificate ca = certificate(
                rootName,
                caCsr.getSubject(),
                new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest(caCsr).getPublicKey(),
                true,
                new JcaContentSignerBuilder("SHA256withECDSA").build(rootKeys.getPrivate()));
        writePem(work.resolve("ca-chain.pem"), List.of(ca, root));
        admin(
                token,
                "import-chain",
                "--key",
                "ca",
                "--chain",
                work.resolve("ca-chain.pem").toString());

        admin(token, "generate", "--key", "ra", "--algorithm", "EC-P256");
        admin(
                token,
                "csr",
                "--key",
                "ra",
                "--subject",
                "CN=Test RA on HSM,O=MegaNaft Test,C=IR",
                "--out",
                work.resolve("ra.csr").toString());
        admin(
                token,
                "certify-ra",
                "--csr",
                work.resolve("ra.csr").toString(),
                "--out",
                work.resolve("ra-chain.pem").toString());
        admin(
                token,
                "import-chain",
                "--key",
                "ra",
                "--chain",
                work.resolve("ra-chain.pem").toString());
        List<X509Certificate> raChain = readChain(work.resolve("ra-chain.pem"));
        return new Ceremony(root, List.of(ca, root), raChain);
    }

    private static X509Certificate certificate(
            X500Name issuer, X500Name subject, java.security.PublicKey key, boolean ca, ContentSigner signer)
            throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer,
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(365))),
                subject,
                key);
        builder.addExtension(
                Extension.basicConstraints, true, ca ? new BasicConstraints(0) : new BasicConstraints(false));
        builder.addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static List<X509Certificate> readChain(Path file) throws Exception {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast)
                    .toList();
        }
    }

    private static PKCS10CertificationRequest readCsr(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            return (PKCS10CertificationRequest) parser.readObject();
        }
    }

    private static void writePem(Path file, List<X509Certificate> certificates) throws Exception {
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(file, StandardCharsets.US_ASCII))) {
            for (X509Certificate c : certificates) {
                writer.writeObject(c);
            }
        }
    }
}
