package ir.meganaft.ragateway.security;

import ir.meganaft.ragateway.keys.KeySpecs;
import ir.meganaft.ragateway.keys.Pkcs12Keys;
import ir.meganaft.ragateway.keys.Signer;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development-only TLS material, made on a start in development mode when it is missing (issue 12,
 * "keep the two commands"): the gateway's TLS server certificate, and a client certificate for
 * every configured principal mapped by subject (the example back-office system, officers and
 * admin of config/). All are issued by the gateway's issuing CA, so they are trusted like any
 * certificate the center issues; all are PKCS#12 files under {@code <data-dir>/tls}, protected by
 * one random password kept in {@code <data-dir>/tls/password}, readable only by the gateway's user.
 * In production set gateway.tls.development-certificates = false and configure gateway.tls.keystore.
 */
public final class DevelopmentTls {
    private static final Logger LOG = LoggerFactory.getLogger(DevelopmentTls.class);
    public static final String SERVER_FILE = "server.p12";
    public static final String ALIAS = "tls";
    private final Path dir;
    private final Signer ca;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public DevelopmentTls(Path dir, Signer ca, Clock clock) {
        this.dir = dir;
        this.ca = ca;
        this.clock = clock;
    }

    /** Where a principal's development client certificate is kept: {@code <dir>/clients/<kind>-<id>.p12}. */
    public static Path clientFile(Path dir, Caller caller) {
        return dir.resolve("clients")
                .resolve(caller.kind().name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + caller.id() + ".p12");
    }

    public Path serverKeystore() {
        return dir.resolve(SERVER_FILE);
    }

    public Path passwordFile() {
        return dir.resolve("password");
    }

    /**
     * Creates what is missing: the server certificate for {@code hostNames} (DNS names or IP
     * literals) and a client certificate per subject-mapped principal.
     *
     * @return the password of every file
     */
    public char[] createMissing(List<String> hostNames, Principals principals) {
        try {
            Files.createDirectories(dir.resolve("clients"));
            // the CA chain first: a client that finds its certificate also finds what to trust
            Files.writeString(dir.resolve("ca.pem"), pem(ca.chain()), StandardCharsets.US_ASCII);
            char[] password = password();
            List<String> made = new ArrayList<>();
            if (!Files.exists(serverKeystore())) {
                KeyPair keys = KeySpecs.generate("EC-P256");
                X509Certificate server = issue(
                        new X500Principal(
                                "CN=" + hostNames.get(0) + ",OU=DEVELOPMENT ONLY,O=MegaNaft Development,C=IR"),
                        keys,
                        hostNames,
                        true);
                write(serverKeystore(), keys, server, password);
                made.add("server (" + String.join(", ", hostNames) + ")");
            }
            for (Principals.Entry e : principals.entries()) {
                X500Principal subject = e.match().developmentSubject();
                Path file = clientFile(dir, e.caller());
                if (subject != null && !Files.exists(file)) {
                    KeyPair keys = KeySpecs.generate("EC-P256");
                    write(file, keys, issue(subject, keys, List.of(), false), password);
                    made.add(e.caller().getName());
                }
            }
            if (!made.isEmpty()) {
                LOG.warn(
                        "Created DEVELOPMENT TLS certificates in {} (PKCS#12, password in {}): {}. They are for trying the "
                                + "gateway out, never for production (gateway.tls.development-certificates = false).",
                        dir,
                        passwordFile(),
                        String.join("; ", made));
            } else {
                LOG.info("DEVELOPMENT TLS certificates in {} (PKCS#12, password in {})", dir, passwordFile());
            }
            return password;
        } catch (IOException
                | java.security.GeneralSecurityException
                | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(
                    "Cannot create the development TLS certificates in " + dir + ": " + e.getMessage(), e);
        }
    }

    private X509Certificate issue(X500Principal subject, KeyPair keys, List<String> hostNames, boolean server)
            throws IOException, java.security.GeneralSecurityException,
                    org.bouncycastle.operator.OperatorCreationException {
        Instant now = clock.instant();
        X509Certificate issuer = ca.certificate();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()), new BigInteger(159, random),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(server ? 730 : 365))),
                X500Name.getInstance(subject.getEncoded()), keys.getPublic());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        // the server certificate is also the gateway's client certificate when a callback receiver asks for one
        builder.addExtension(
                Extension.extendedKeyUsage,
                false,
                server
                        ? new ExtendedKeyUsage(
                                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth})
                        : new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer));
        if (!hostNames.isEmpty()) {
            List<GeneralName> names = new ArrayList<>();
            for (String host : hostNames) {
                names.add(
                        host.matches("[0-9.]+|.*:.*")
                                ? new GeneralName(GeneralName.iPAddress, host)
                                : new GeneralName(GeneralName.dNSName, host));
            }
            builder.addExtension(
                    Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(ca.newContentSigner()));
    }

    private void write(Path file, KeyPair keys, X509Certificate certificate, char[] password) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(ca.chain());
        Pkcs12Keys.write(file, ALIAS, keys.getPrivate(), chain, password);
    }

    private char[] password() throws IOException {
        Path file = passwordFile();
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip().toCharArray();
        }
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, password + "\n", StandardCharsets.US_ASCII);
        return password.toCharArray();
    }

    private static String pem(List<X509Certificate> certificates)
            throws java.security.cert.CertificateEncodingException {
        StringBuilder out = new StringBuilder();
        for (X509Certificate c : certificates) {
            out.append("-----BEGIN CERTIFICATE-----\n")
                    .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(c.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return out.toString();
    }
}
