package ir.meganaft.ragateway.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key on a PKCS#11 token: Bouncy Castle builds the structure, the token computes the signature
 * (through SunPKCS11, which keeps a pool of sessions, so threads sign concurrently).
 *
 * <p>When a signature fails (the session, the token or the HSM link is gone), the PKCS#11 library is
 * restarted ({@link Pkcs11Library#restart}), the token opened again through a new provider, the key
 * found again by its label, and the signature retried, at most {@link Pkcs11Settings#retries()}
 * times. Then {@link HsmUnavailableException} is thrown and the key is reported down in
 * {@link HsmHealth} until a signature succeeds again. The key itself never changes: it is found by
 * label and checked against the configured certificate on every reopening.
 */
public final class Pkcs11Signer implements Signer {
    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11Signer.class);
    private static final byte[] SELF_TEST = "MegaNaft RA gateway: key self-test".getBytes(StandardCharsets.US_ASCII);

    private record Loaded(Pkcs11Token token, PrivateKey key) {}

    private final String purpose;
    private final String alias;
    private final Pkcs11Settings settings;
    private final Pkcs11Library library;
    private final HsmHealth health;
    private final List<X509Certificate> chain;
    private final String algorithm;
    private final AlgorithmIdentifier algorithmIdentifier;
    /** The digest algorithm of the signature; the content is hashed in the JVM, the digest signed on the token. */
    private final String digestAlgorithm;

    private final boolean rsa;
    private volatile Loaded loaded;

    private Pkcs11Signer(
            String purpose,
            String alias,
            Pkcs11Settings settings,
            HsmHealth health,
            Loaded loaded,
            List<X509Certificate> chain) {
        this.purpose = purpose;
        this.alias = alias;
        this.settings = settings;
        this.library = Pkcs11Library.of(settings.library());
        this.health = health;
        this.loaded = loaded;
        this.chain = List.copyOf(chain);
        this.algorithm = SignatureAlgorithms.forKey(chain.get(0).getPublicKey());
        this.algorithmIdentifier = new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm);
        this.digestAlgorithm = switch (algorithm) {
            case "SHA384withECDSA" -> "SHA-384";
            case "SHA512withECDSA" -> "SHA-512";
            default -> "SHA-256";
        };
        this.rsa = algorithm.endsWith("RSA");
        if (rsa && !algorithm.equals("SHA256withRSA")) {
            // the DigestInfo below names SHA-256; another RSA digest needs its own OID there
            throw new IllegalStateException("Unsupported RSA signature algorithm " + algorithm);
        }
    }

    /**
     * Opens the token, finds the key {@code alias} and its chain (from {@code chainFile} when given,
     * else from the token) and proves with a test signature that the key matches the certificate.
     *
     * @param purpose what the key is for ("ca", "ra"), used in logs and health output
     */
    public static Pkcs11Signer open(
            String purpose, String alias, Pkcs11Settings settings, Path chainFile, HsmHealth health) {
        return open(purpose, alias, settings, chainFile == null ? null : readChain(chainFile), chainFile, health);
    }

    /**
     * As {@link #open(String, String, Pkcs11Settings, Path, HsmHealth)}, with the chain given (leaf first):
     * for a key whose issuer's chain the caller holds (a CA node's CMP-signer key, certified by its CA key).
     */
    public static Pkcs11Signer openWithChain(
            String purpose, String alias, Pkcs11Settings settings, List<X509Certificate> chain, HsmHealth health) {
        return open(purpose, alias, settings, List.copyOf(chain), null, health);
    }

    private static Pkcs11Signer open(
            String purpose,
            String alias,
            Pkcs11Settings settings,
            List<X509Certificate> givenChain,
            Path chainFile,
            HsmHealth health) {
        Pkcs11Token token = Pkcs11Token.open(settings, purpose);
        PrivateKey key = token.privateKey(alias);
        List<X509Certificate> chain = givenChain == null ? token.chain(alias) : givenChain;
        if (chain.get(0).getSubjectX500Principal().getName().contains(Pkcs11Token.PLACEHOLDER_OU)) {
            throw new IllegalStateException("The " + purpose + " key '" + alias + "' on the PKCS#11 " + token.name()
                    + " has no certificate yet, only the placeholder made at generation; import its signed chain first "
                    + "(key-admin import-chain)");
        }
        Pkcs11Signer signer = new Pkcs11Signer(purpose, alias, settings, health, new Loaded(token, key), chain);
        signer.selfTest();
        LOG.info(
                "The {} key '{}' is on the PKCS#11 {} ({}, signs {}); certificate {}",
                purpose,
                alias,
                token.name(),
                givenChain == null
                        ? "chain from the token"
                        : chainFile == null ? "chain given" : "chain from " + chainFile,
                signer.algorithm,
                signer.certificate().getSubjectX500Principal().getName());
        health.up(purpose, settings.tokenName());
        health.watch(purpose, signer::probe);
        return signer;
    }

    /**
     * The content is hashed as it is written (a CRL of a million entries is never held in memory)
     * and only the digest goes to the token, which signs it with the private key (CKM_RSA_PKCS over
     * the DigestInfo, or CKM_ECDSA): the same signature as SHA256withRSA / SHAnnnwithECDSA computed
     * on the token, and a retry after a token failure needs only the digest.
     */
    @Override
    public ContentSigner newContentSigner() {
        MessageDigest digest = newDigest();
        OutputStream hashing = new DigestOutputStream(OutputStream.nullOutputStream(), digest);
        return new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return algorithmIdentifier;
            }

            @Override
            public OutputStream getOutputStream() {
                return hashing;
            }

            private byte[] signature;

            @Override
            public byte[] getSignature() {
                if (signature == null) { // digest() resets the digest: sign once, answer the same after
                    signature = signDigest(digest.digest());
                }
                return signature.clone();
            }
        };
    }

    private MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(digestAlgorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(digestAlgorithm + " is missing from the JDK", e);
        }
    }

    @Override
    public List<X509Certificate> chain() {
        return chain;
    }

    /** Signs a test message: true when the token signs with this key again (used to probe after an outage). */
    public boolean probe() {
        try {
            sign(SELF_TEST);
            return true;
        } catch (HsmUnavailableException e) {
            return false;
        }
    }

    /** Signs {@code content} on the token, restarting the library and retrying on failure. */
    public byte[] sign(byte[] content) {
        return signDigest(newDigest().digest(content));
    }

    private byte[] signDigest(byte[] digest) {
        byte[] input;
        try {
            // PKCS#1 v1.5 signs the DER DigestInfo; ECDSA signs the digest itself
            input = rsa
                    ? new DigestInfo(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE), digest)
                            .getEncoded(ASN1Encoding.DER)
                    : digest;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot encode a DigestInfo", e);
        }
        Exception last = null;
        for (int attempt = 0; attempt <= settings.retries(); attempt++) {
            int generation = library.generation();
            Loaded current = null;
            java.util.concurrent.locks.Lock signing = library.signingLock();
            signing.lock();
            try {
                current = current();
                Signature signature = Signature.getInstance(
                        rsa ? "NONEwithRSA" : "NONEwithECDSA", current.token().provider());
                signature.initSign(current.key());
                signature.update(input);
                byte[] value = signature.sign();
                health.up(purpose, settings.tokenName());
                return value;
            } catch (GeneralSecurityException | RuntimeException e) {
                last = e;
                LOG.warn(
                        "The {} key '{}' failed to sign on the PKCS#11 {} (try {} of {}): {}",
                        purpose,
                        alias,
                        settings.tokenName(),
                        attempt + 1,
                        settings.retries() + 1,
                        Pkcs11Token.rootMessage(e));
            } finally {
                signing.unlock();
            }
            // outside the signing lock: restarting the library waits for every signature in flight
            forget(current, current == null ? generation : current.token().generation());
        }
        String detail = Pkcs11Token.rootMessage(last);
        health.down(purpose, settings.tokenName(), detail);
        throw new HsmUnavailableException(
                "The " + purpose + " key '" + alias + "' cannot sign: the PKCS#11 " + settings.tokenName()
                        + " is unavailable (" + detail + ")",
                last);
    }

    private Loaded current() {
        Loaded l = loaded;
        if (l != null && l.token().generation() == library.generation()) {
            return l;
        }
        synchronized (this) {
            l = loaded;
            if (l != null && l.token().generation() == library.generation()) {
                return l;
            }
            Pkcs11Token token = Pkcs11Token.open(settings, purpose);
            PrivateKey key = token.privateKey(alias);
            List<X509Certificate> onToken = token.chain(alias);
            if (!onToken.get(0).getPublicKey().equals(chain.get(0).getPublicKey())) {
                throw new IllegalStateException("The key '" + alias + "' on the PKCS#11 " + token.name()
                        + " is not the key this gateway started with; refusing to sign with it");
            }
            l = new Loaded(token, key);
            loaded = l;
            LOG.info(
                    "The {} key '{}' reopened on the PKCS#11 {} (library generation {})",
                    purpose,
                    alias,
                    token.name(),
                    token.generation());
            return l;
        }
    }

    private void forget(Loaded failed, int generation) {
        boolean restart;
        synchronized (this) {
            restart = failed == null || loaded == failed;
            if (restart) {
                loaded = null;
            }
        }
        if (restart) {
            // not under this signer's monitor: a thread reopening the key holds the signing lock and wants the monitor
            library.restart(generation);
        }
    }

    private void selfTest() {
        try {
            byte[] value = sign(SELF_TEST);
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(certificate().getPublicKey());
            verify.update(SELF_TEST);
            if (!verify.verify(value)) {
                throw new IllegalStateException("The " + purpose + " key '" + alias + "' on the PKCS#11 "
                        + settings.tokenName() + " does not match its certificate "
                        + certificate().getSubjectX500Principal().getName());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "Cannot check the " + purpose + " key '" + alias + "': " + e.getMessage(), e);
        }
    }

    /** Certificates in PEM or DER, leaf first. */
    static List<X509Certificate> readChain(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                chain.add((X509Certificate) c);
            }
            if (chain.isEmpty()) {
                throw new IllegalStateException("No certificate in " + file);
            }
            return chain;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the certificate chain " + file + ": " + e.getMessage(), e);
        }
    }
}
