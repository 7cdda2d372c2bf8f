package ir.meganaft.ragateway.canode;

import ir.meganaft.ragateway.keys.HsmHealth;
import ir.meganaft.ragateway.keys.KeySpecs;
import ir.meganaft.ragateway.keys.Pkcs11Settings;
import ir.meganaft.ragateway.keys.Pkcs11Signer;
import ir.meganaft.ragateway.keys.Pkcs11Token;
import ir.meganaft.ragateway.keys.Pkcs12Keys;
import ir.meganaft.ragateway.keys.Signer;
import ir.meganaft.ragateway.profile.CertificateDraft;
import ir.meganaft.ragateway.profile.ProfileViolation;
import ir.meganaft.ragateway.profile.ServiceProfiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key the CA node signs its CMP answers with (RFC 9483, 3.1: a CMP protection certificate with
 * digitalSignature, which OpenSSL insists on). A CA key has keyCertSign and cRLSign only, so the node
 * keeps a CMP-signer key of its own, certified by the CA with the CMP signer's profile
 * ({@link ServiceProfiles#cmpSigner}: digitalSignature, EKU cmcCA): made at the first start, made anew
 * at a start when it nears its end or another CA key certified it, published at {@code /cmp-signer.cer}
 * and as {@code cmp-signer.pem} for the RAs' {@code gateway.ca.cmp-signer-certificate}.
 *
 * <p>It lives where the CA key lives: a PKCS#12 file under the data directory ({@link #loadOrCreate}),
 * or the CA key's PKCS#11 token ({@link #onToken}).
 */
final class CmpSignerKey {
    static final String ALIAS = "cmp";
    /** How health output and logs name the key. */
    static final String PURPOSE = "cmp-signer";

    private static final Logger LOG = LoggerFactory.getLogger(CmpSignerKey.class);
    private static final String ALGORITHM = "EC-P256";
    private static final Duration NEAR_ITS_END = Duration.ofDays(30);
    private static final DateTimeFormatter MADE_AT =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private CmpSignerKey() {}

    /** The key in the PKCS#12 file {@code keystore}, made there (or made anew) when it is not usable. */
    static Signer loadOrCreate(Path keystore, char[] password, Signer ca, Clock clock) {
        Instant now = clock.instant();
        if (Files.exists(keystore)) {
            Signer existing = Pkcs12Keys.load(keystore, ALIAS, password);
            boolean sameCa =
                    existing.chain().size() > 1 && existing.chain().get(1).equals(ca.certificate());
            if (sameCa && existing.certificate().getNotAfter().toInstant().isAfter(now.plus(NEAR_ITS_END))) {
                return existing;
            }
        }
        try {
            KeyPair keys = KeySpecs.generate(ALGORITHM);
            Files.createDirectories(keystore.getParent());
            Pkcs12Keys.write(
                    keystore, ALIAS, keys.getPrivate(), chain(certify(keys.getPublic(), ca, now), ca), password);
            return Pkcs12Keys.load(keystore, ALIAS, password);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot make the CA node's CMP-signer key: " + e.getMessage(), e);
        }
    }

    /**
     * The key on the CA key's token: the usable one (certified by {@code ca}, not near its end) named
     * {@code alias} or {@code alias-<yyyyMMddHHmmss>} with the latest end, else a new one generated on
     * the token (sensitive, never extractable, signing only: {@link Pkcs11Token#openToGenerate}), named
     * {@code alias-<now, UTC>}, certified by {@code ca} and stored with its chain. It signs through
     * {@link Pkcs11Signer}, so a token that goes away is retried on a restarted library and then reported
     * in {@code health} as the key {@value #PURPOSE}.
     *
     * <p>A key the node no longer uses is left on the token, never deleted: SunPKCS11 deletes a key
     * entry together with the certificates of its chain that no other certificate on the token names as
     * issuer, which would take the CA key's own certificate with it. A new key also gets a new name, so
     * that it never shares its CKA_ID with a key pair left without a certificate by a start that stopped
     * half-way (SunPKCS11 then refuses both).
     */
    static Signer onToken(Pkcs11Settings settings, String alias, Signer ca, HsmHealth health, Clock clock) {
        Instant now = clock.instant();
        Pkcs11Token token = Pkcs11Token.open(settings, PURPOSE);
        X509Certificate certificate;
        String name;
        Optional<String> usable = usableOnToken(token, alias, ca, now);
        if (usable.isPresent()) {
            name = usable.get();
            certificate = token.chain(name).get(0);
        } else {
            name = alias + "-" + MADE_AT.format(now);
            certificate = generateOnToken(settings, name, ca, now);
            LOG.info(
                    "Made the CMP-signer key '{}' on the PKCS#11 {} ({}, until {}); RAs must now trust {}",
                    name,
                    token.name(),
                    ALGORITHM,
                    certificate.getNotAfter().toInstant(),
                    certificate.getSubjectX500Principal().getName());
        }
        return Pkcs11Signer.openWithChain(PURPOSE, name, settings, chain(certificate, ca), health);
    }

    private static Optional<String> usableOnToken(Pkcs11Token token, String alias, Signer ca, Instant now) {
        Pattern names = Pattern.compile(Pattern.quote(alias) + "(-\\d{14})?");
        KeyStore store = token.keyStore();
        try {
            List<String> candidates = new ArrayList<>();
            for (String entry : Collections.list(store.aliases())) {
                if (names.matcher(entry).matches()
                        && store.isKeyEntry(entry)
                        && usable((X509Certificate) store.getCertificate(entry), ca, now)) {
                    candidates.add(entry);
                }
            }
            return candidates.stream()
                    .max(Comparator.comparing(
                            (String entry) -> certificate(store, entry).getNotAfter()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "Cannot list the keys on the PKCS#11 " + token.name() + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate certificate(KeyStore store, String entry) {
        try {
            return (X509Certificate) store.getCertificate(entry);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the certificate of '" + entry + "': " + e.getMessage(), e);
        }
    }

    /**
     * Certified by this CA key and not near its end. A certificate that already lasts as long as the CA's
     * own is kept even when that is near: a new one could not last longer, and each start would make one.
     */
    private static boolean usable(X509Certificate certificate, Signer ca, Instant now) {
        if (certificate == null
                || !certificate.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(ca.publicKey());
        } catch (GeneralSecurityException e) {
            return false;
        }
        Instant end = certificate.getNotAfter().toInstant();
        return end.isAfter(now)
                && (end.isAfter(now.plus(NEAR_ITS_END))
                        || !end.isBefore(ca.certificate().getNotAfter().toInstant()));
    }

    /** Generates the key pair {@code name} on the token, certifies it with {@code ca} and stores its chain there. */
    private static X509Certificate generateOnToken(Pkcs11Settings settings, String name, Signer ca, Instant now) {
        Pkcs11Token token = Pkcs11Token.openToGenerate(settings, name);
        KeyStore store = token.keyStore();
        try {
            if (store.containsAlias(name)) {
                throw new IllegalStateException("The PKCS#11 " + token.name() + " already has an entry '" + name
                        + "'; a key is never overwritten");
            }
            KeyPair keys = KeySpecs.generate(ALGORITHM, token.provider());
            X509Certificate certificate = certify(keys.getPublic(), ca, now);
            store.setKeyEntry(
                    name, keys.getPrivate(), null, chain(certificate, ca).toArray(new Certificate[0]));
            return certificate;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "Cannot store the CMP-signer key '" + name + "' on the PKCS#11 " + token.name() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static List<X509Certificate> chain(X509Certificate certificate, Signer ca) {
        List<X509Certificate> chain = new ArrayList<>(List.of(certificate));
        chain.addAll(ca.chain());
        return chain;
    }

    /** The CMP signer's certificate for {@code key}, signed by {@code ca}; its subject is the CA's C, O and CN. */
    private static X509Certificate certify(PublicKey key, Signer ca, Instant now) {
        try {
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
                            SubjectPublicKeyInfo.getInstance(key.getEncoded()),
                            null,
                            now));
            return new JcaX509CertificateConverter()
                    .getCertificate(draft.builder(new BigInteger(159, new SecureRandom()).setBit(152))
                            .build(ca.newContentSigner()));
        } catch (CertificateException | ProfileViolation e) {
            throw new IllegalStateException("Cannot certify the CA node's CMP-signer key: " + e.getMessage(), e);
        }
    }
}
