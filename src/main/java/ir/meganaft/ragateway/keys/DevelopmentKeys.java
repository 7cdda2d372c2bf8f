package ir.meganaft.ragateway.keys;

import ir.meganaft.ragateway.profile.CertificateDraft;
import ir.meganaft.ragateway.profile.ProfileViolation;
import ir.meganaft.ragateway.profile.ServiceProfiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DEVELOPMENT ONLY. On a first start with no keystores, creates a throw-away root CA, an
 * intermediate (issuing) CA and an RA key with certificates, so the gateway runs out of the box.
 * Every name says DEVELOPMENT; production keystores (or an HSM) are configured instead.
 */
public final class DevelopmentKeys {
    private static final Logger LOG = LoggerFactory.getLogger(DevelopmentKeys.class);
    private final SecureRandom random = new SecureRandom();

    /**
     * Creates the development keys in {@code keysDir} unless the CA keystore is already there.
     *
     * @return true when keys were created
     */
    public boolean createIfMissing(KeyLocations locations, String caKeySpec, String raKeySpec) {
        return createIfMissing(locations, caKeySpec, raKeySpec, null);
    }

    /** The file name of the development root's CRL, beside the keystores and served at /pki/crl/ (web/PkiFiles). */
    public static final String ROOT_CRL_FILE = "root-ca.crl";

    /** Where the root's CRL is served: beside the issuing CA's full CRL ({@code .../pki/crl/root-ca.crl}). */
    public static String rootCrlUrl(String issuingCaCrlUrl) {
        return issuingCaCrlUrl.substring(0, issuingCaCrlUrl.lastIndexOf('/') + 1) + ROOT_CRL_FILE;
    }

    /**
     * As above; the issuing CA's certificate gets a CRL distribution point naming {@code rootCrlUrl}
     * (where the gateway serves the root's CRL) when it is given.
     */
    public boolean createIfMissing(KeyLocations locations, String caKeySpec, String raKeySpec, String rootCrlUrl) {
        if (Files.exists(locations.caKeystore()) || Files.exists(locations.raKeystore())) {
            return false;
        }
        try {
            Files.createDirectories(locations.caKeystore().getParent());
            Files.createDirectories(locations.raKeystore().getParent());
            String fromEnvironment = locations.passwordEnvironmentVariable() == null
                    ? null
                    : System.getenv(locations.passwordEnvironmentVariable());
            char[] password = fromEnvironment != null && !fromEnvironment.isEmpty()
                    ? fromEnvironment.toCharArray()
                    : newPassword(locations.passwordFile());
            Instant now = Instant.now();

            KeyPair rootKeys = KeySpecs.generate(caKeySpec);
            X500Name rootName =
                    new X500Name("CN=MegaNaft DEVELOPMENT Root CA - NOT FOR PRODUCTION,O=MegaNaft Development,C=IR");
            X509Certificate root = caCertificate(
                    rootName,
                    rootKeys,
                    rootName,
                    rootKeys.getPrivate(),
                    rootKeys,
                    now,
                    Duration.ofDays(20 * 365),
                    null,
                    null);

            KeyPair caKeys = KeySpecs.generate(caKeySpec);
            X500Name caName =
                    new X500Name("CN=MegaNaft DEVELOPMENT Issuing CA - NOT FOR PRODUCTION,O=MegaNaft Development,C=IR");
            X509Certificate ca = caCertificate(
                    caName,
                    caKeys,
                    rootName,
                    rootKeys.getPrivate(),
                    rootKeys,
                    now,
                    Duration.ofDays(10 * 365),
                    0,
                    rootCrlUrl);

            KeyPair raKeys = KeySpecs.generate(raKeySpec);
            X500Name raName = new X500Name(
                    "CN=MegaNaft DEVELOPMENT Registration Authority - NOT FOR PRODUCTION,O=MegaNaft Development,C=IR");
            X509Certificate ra = raCertificate(raName, raKeys, caKeys, ca, now);

            Pkcs12Keys.write(
                    locations.caKeystore(), locations.caAlias(), caKeys.getPrivate(), List.of(ca, root), password);
            Pkcs12Keys.write(
                    locations.raKeystore(), locations.raAlias(), raKeys.getPrivate(), List.of(ra, ca, root), password);
            writePem(locations.caKeystore().resolveSibling("root-ca.pem"), List.of(root));
            writeRootCrl(locations.caKeystore().resolveSibling(ROOT_CRL_FILE), rootName, rootKeys, now);
            writePem(locations.caKeystore().resolveSibling("ca-chain.pem"), List.of(ca, root));
            LOG.warn(
                    "Created DEVELOPMENT CA and RA keys in {} (CA {}, RA {}). They are for trying the gateway out, never for production.",
                    locations.caKeystore().getParent(),
                    caKeySpec,
                    raKeySpec);
            return true;
        } catch (IOException
                | java.security.GeneralSecurityException
                | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("Cannot create development keys: " + e.getMessage(), e);
        }
    }

    private char[] newPassword(Path passwordFile) throws IOException {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.createDirectories(passwordFile.getParent());
        FilePermissions.createOwnerOnly(passwordFile);
        Files.writeString(passwordFile, password + "\n", StandardCharsets.US_ASCII);
        return password.toCharArray();
    }

    private X509Certificate caCertificate(
            X500Name subject,
            KeyPair subjectKeys,
            X500Name issuer,
            PrivateKey issuerKey,
            KeyPair issuerKeys,
            Instant now,
            Duration validity,
            Integer pathLength,
            String crlUrl)
            throws IOException, CertificateException, org.bouncycastle.operator.OperatorCreationException,
                    java.security.NoSuchAlgorithmException {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer,
                serial(),
                Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(validity)),
                subject,
                subjectKeys.getPublic());
        builder.addExtension(
                Extension.basicConstraints,
                true,
                pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(
                Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKeys.getPublic()));
        builder.addExtension(
                Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
        if (crlUrl != null && !crlUrl.isBlank()) {
            // where relying parties fetch the issuer's CRL, to check this certificate too (the whole chain)
            org.bouncycastle.asn1.x509.GeneralNames names =
                    new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                            org.bouncycastle.asn1.x509.GeneralName.uniformResourceIdentifier, crlUrl));
            builder.addExtension(
                    Extension.cRLDistributionPoints,
                    false,
                    new org.bouncycastle.asn1.x509.CRLDistPoint(new org.bouncycastle.asn1.x509.DistributionPoint[] {
                        new org.bouncycastle.asn1.x509.DistributionPoint(
                                new org.bouncycastle.asn1.x509.DistributionPointName(names), null, null)
                    }));
        }
        return sign(builder, issuerKey, issuerKeys);
    }

    /** The RA's certificate, with the RA certificate's profile ({@link ServiceProfiles#raCertificate}). */
    private X509Certificate raCertificate(
            X500Name subject, KeyPair raKeys, KeyPair caKeys, X509Certificate ca, Instant now)
            throws CertificateException, org.bouncycastle.operator.OperatorCreationException {
        CertificateDraft draft;
        try {
            draft = ServiceProfiles.raCertificate(ServiceProfiles.RA_VALIDITY)
                    .shape(new CertificateDraft(
                            ca,
                            subject,
                            SubjectPublicKeyInfo.getInstance(raKeys.getPublic().getEncoded()),
                            null,
                            now));
        } catch (ProfileViolation e) {
            throw new IllegalStateException("The development RA does not fit the RA profile: " + e.getMessage(), e);
        }
        return sign(draft.builder(serial()), caKeys.getPrivate(), caKeys);
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key, KeyPair keys)
            throws CertificateException, org.bouncycastle.operator.OperatorCreationException {
        ContentSigner signer = new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(
                        SignatureAlgorithms.forKey(keys.getPublic()))
                .setProvider(SignatureAlgorithms.preferredProvider(key))
                .build(key);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private BigInteger serial() {
        return new BigInteger(159, random);
    }

    /**
     * The development root's CRL (empty, valid a year), so relying parties can check the whole chain
     * (openssl verify -crl_check_all). The root key is not kept: after a year, recreate the data
     * directory's development keys.
     */
    private static void writeRootCrl(Path file, X500Name rootName, KeyPair rootKeys, Instant now)
            throws IOException, org.bouncycastle.operator.OperatorCreationException,
                    java.security.NoSuchAlgorithmException {
        org.bouncycastle.cert.X509v2CRLBuilder crl =
                new org.bouncycastle.cert.X509v2CRLBuilder(rootName, Date.from(now));
        crl.setNextUpdate(Date.from(now.plus(Duration.ofDays(365))));
        crl.addExtension(Extension.cRLNumber, false, new org.bouncycastle.asn1.x509.CRLNumber(BigInteger.ONE));
        crl.addExtension(
                Extension.authorityKeyIdentifier,
                false,
                new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(rootKeys.getPublic()));
        ContentSigner signer = new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(
                        SignatureAlgorithms.forKey(rootKeys.getPublic()))
                .setProvider(SignatureAlgorithms.preferredProvider(rootKeys.getPrivate()))
                .build(rootKeys.getPrivate());
        Files.write(file, crl.build(signer).getEncoded());
    }

    private static void writePem(Path file, List<X509Certificate> certificates) throws IOException {
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(file, StandardCharsets.US_ASCII))) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        }
    }
}
