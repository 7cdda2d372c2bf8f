package ir.meganaft.ragateway.security;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Whether a client certificate may authenticate a caller: it chains to a trust anchor, every
 * certificate on the path is within its validity, the leaf is fit for TLS client authentication,
 * and it is not revoked.
 * <ul>
 * <li>The gateway's own issuing CA is always an anchor (the center issues its partners' and
 * officers' certificates itself); whether one of its certificates is revoked or on hold is the
 * gateway's own certificate status, so a revocation counts at once, before any CRL.</li>
 * <li>Other anchors come from configuration, each with the CRL file its CA publishes; the file is
 * read again when it changes, and a CRL past its nextUpdate refuses every certificate of that CA
 * (fail closed) until a fresh one is in place.</li>
 * </ul>
 * The TLS layer only proves that the client holds the key; everything else is decided here, so
 * that each refusal has its own fault code instead of an anonymous handshake failure.
 */
public final class ClientCertificates {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EKU = "2.5.29.37.0";

    private final X509Certificate ownCa;
    private final Predicate<X509Certificate> revokedByOwnCa;
    private final List<ForeignAnchor> foreign;
    private final Clock clock;
    /** Every anchor, the gateway's CA first: fixed at start, so worked out once, not per call. */
    private final List<X509Certificate> anchorCertificates;

    private final Set<TrustAnchor> trustAnchors;

    /**
     * @param ownCa the gateway's issuing CA certificate
     * @param revokedByOwnCa whether a certificate of that CA is revoked or on hold now (the gateway's status)
     * @param foreign the other anchors, each with its CRL file
     */
    public ClientCertificates(
            X509Certificate ownCa,
            Predicate<X509Certificate> revokedByOwnCa,
            List<ForeignAnchor> foreign,
            Clock clock) {
        this.ownCa = standard(ownCa);
        this.revokedByOwnCa = revokedByOwnCa;
        this.foreign = List.copyOf(foreign);
        this.clock = clock;
        List<X509Certificate> all = new ArrayList<>();
        all.add(this.ownCa);
        foreign.forEach(a -> all.add(a.certificate()));
        this.anchorCertificates = List.copyOf(all);
        Set<TrustAnchor> trust = new HashSet<>();
        all.forEach(a -> trust.add(new TrustAnchor(a, null)));
        this.trustAnchors = Set.copyOf(trust);
    }

    /** The certificate as the JDK's own provider reads it, so that it compares equal to the ones TLS presents. */
    static X509Certificate standard(X509Certificate certificate) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not a usable certificate: " + e.getMessage(), e);
        }
    }

    /** Every anchor's certificate: sent in the TLS CertificateRequest so that clients pick a fitting certificate. */
    public List<X509Certificate> anchors() {
        return anchorCertificates;
    }

    /**
     * Checks the chain a client presented (leaf first).
     *
     * @throws GatewayException CLIENT_CERTIFICATE_UNTRUSTED, CLIENT_CERTIFICATE_EXPIRED or CLIENT_CERTIFICATE_REVOKED
     */
    public void check(List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw refused(FaultCode.CLIENT_CERTIFICATE_UNTRUSTED, "No client certificate was presented");
        }
        X509Certificate leaf = chain.get(0);
        Date now = Date.from(clock.instant());
        for (X509Certificate c : chain) {
            if (now.before(c.getNotBefore()) || now.after(c.getNotAfter())) {
                throw refused(
                        FaultCode.CLIENT_CERTIFICATE_EXPIRED,
                        c == leaf
                                ? "The client certificate is outside its validity period"
                                : "A CA certificate in the client's chain is outside its validity period");
            }
        }
        requireClientAuthentication(leaf);
        TrustAnchor anchor = validatePath(chain, now);
        X509Certificate anchorCertificate = anchor.getTrustedCert();
        if (anchorCertificate.equals(ownCa)) {
            if (revokedByOwnCa.test(leaf)) {
                throw refused(FaultCode.CLIENT_CERTIFICATE_REVOKED, "The client certificate is revoked or on hold");
            }
            return;
        }
        for (ForeignAnchor a : foreign) {
            if (a.certificate().equals(anchorCertificate)) {
                a.requireNotRevoked(chain, anchorCertificate, clock);
                return;
            }
        }
        throw refused(FaultCode.CLIENT_CERTIFICATE_UNTRUSTED, "The client certificate's CA is not trusted");
    }

    private static void requireClientAuthentication(X509Certificate leaf) {
        boolean[] usage = leaf.getKeyUsage();
        if (usage != null && !usage[0]) {
            throw refused(
                    FaultCode.CLIENT_CERTIFICATE_UNTRUSTED,
                    "The client certificate's key usage excludes digitalSignature");
        }
        try {
            List<String> eku = leaf.getExtendedKeyUsage();
            if (eku != null && !eku.contains(CLIENT_AUTH) && !eku.contains(ANY_EKU)) {
                throw refused(
                        FaultCode.CLIENT_CERTIFICATE_UNTRUSTED,
                        "The client certificate's extended key usage does not include TLS client authentication");
            }
        } catch (java.security.cert.CertificateParsingException e) {
            throw refused(
                    FaultCode.CLIENT_CERTIFICATE_UNTRUSTED,
                    "The client certificate's extended key usage is unreadable");
        }
    }

    private TrustAnchor validatePath(List<X509Certificate> chain, Date now) {
        // the path runs from the leaf up by issuer names through what the client presented (in any order),
        // up to (not including) an anchor
        List<X509Certificate> path = new ArrayList<>();
        List<X509Certificate> anchorList = anchorCertificates;
        X509Certificate current = chain.get(0);
        while (current != null && !anchorList.contains(current) && path.size() <= chain.size()) {
            path.add(current);
            X509Certificate child = current;
            boolean issuedByAnchor = anchorList.stream()
                    .anyMatch(a -> a.getSubjectX500Principal().equals(child.getIssuerX500Principal()));
            current = issuedByAnchor || child.getIssuerX500Principal().equals(child.getSubjectX500Principal())
                    ? null
                    : chain.stream()
                            .filter(c ->
                                    c != child && c.getSubjectX500Principal().equals(child.getIssuerX500Principal()))
                            .findFirst()
                            .orElse(null);
        }
        if (path.isEmpty()) {
            throw refused(FaultCode.CLIENT_CERTIFICATE_UNTRUSTED, "A CA certificate cannot authenticate a caller");
        }
        try {
            PKIXParameters parameters = new PKIXParameters(trustAnchors);
            parameters.setRevocationEnabled(false); // decided per anchor, below
            parameters.setDate(now);
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return ((java.security.cert.PKIXCertPathValidatorResult)
                            CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(path), parameters))
                    .getTrustAnchor();
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                throw refused(
                        FaultCode.CLIENT_CERTIFICATE_EXPIRED,
                        "A certificate in the client's chain is outside its validity period");
            }
            throw refused(
                    FaultCode.CLIENT_CERTIFICATE_UNTRUSTED,
                    e.getReason() == PKIXReason.NO_TRUST_ANCHOR
                            ? "The client certificate does not chain to a CA the gateway trusts"
                            : "The client certificate's chain is not valid");
        } catch (GeneralSecurityException e) {
            throw refused(FaultCode.CLIENT_CERTIFICATE_UNTRUSTED, "The client certificate's chain is not valid");
        }
    }

    private static GatewayException refused(FaultCode code, String message) {
        return new GatewayException(code, message, null, null);
    }

    /** A configured anchor other than the gateway's CA, with the CRL file its CA publishes. */
    public static final class ForeignAnchor {
        private final String name;
        private final X509Certificate certificate;
        private final Path crlFile;
        private volatile FileTime loadedAt;
        private volatile X509CRL crl;

        public ForeignAnchor(String name, X509Certificate certificate, Path crlFile) {
            this.name = name;
            this.certificate = standard(certificate);
            this.crlFile = crlFile;
            currentCrl(); // a missing or foreign CRL file stops the start
        }

        /** Reads {@code gateway.tls.client-anchors.<name>.certificate} (PEM or DER) and {@code .crl}. */
        public static ForeignAnchor load(String name, Path certificateFile, Path crlFile) {
            try (InputStream in = Files.newInputStream(certificateFile)) {
                X509Certificate ca = (X509Certificate)
                        CertificateFactory.getInstance("X.509").generateCertificate(in);
                return new ForeignAnchor(name, ca, crlFile);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("gateway.tls.client-anchors." + name + ".certificate: cannot read "
                        + certificateFile + " as an X.509 certificate");
            }
        }

        public X509Certificate certificate() {
            return certificate;
        }

        void requireNotRevoked(List<X509Certificate> chain, X509Certificate anchor, Clock clock) {
            X509CRL current = currentCrl();
            if (current.getNextUpdate() != null
                    && current.getNextUpdate().toInstant().isBefore(clock.instant())) {
                throw refused(
                        FaultCode.CLIENT_CERTIFICATE_UNTRUSTED,
                        "The revocation list of the client certificate's CA is out of "
                                + "date; certificates of that CA are refused until a current one is configured");
            }
            X509Certificate leaf = chain.get(0);
            if (!leaf.getIssuerX500Principal().equals(anchor.getSubjectX500Principal())) {
                // one CRL per anchor: an intermediate's revocations would go unchecked, so none are accepted
                throw refused(
                        FaultCode.CLIENT_CERTIFICATE_UNTRUSTED,
                        "Certificates of a configured CA must be issued by it " + "directly, not by an intermediate");
            }
            if (current.getRevokedCertificate(leaf.getSerialNumber()) != null) {
                throw refused(FaultCode.CLIENT_CERTIFICATE_REVOKED, "The client certificate is revoked");
            }
        }

        private X509CRL currentCrl() {
            try {
                FileTime modified = Files.getLastModifiedTime(crlFile);
                if (crl == null || !modified.equals(loadedAt)) {
                    try (InputStream in = Files.newInputStream(crlFile)) {
                        X509CRL read = (X509CRL)
                                CertificateFactory.getInstance("X.509").generateCRL(in);
                        read.verify(certificate.getPublicKey());
                        crl = read;
                        loadedAt = modified;
                    }
                }
                return crl;
            } catch (IOException | GeneralSecurityException e) {
                if (crl != null) {
                    return crl; // a file being replaced: keep the last good one
                }
                throw new IllegalArgumentException("gateway.tls.client-anchors." + name + ".crl: " + crlFile
                        + " is not a CRL signed by that anchor");
            }
        }
    }
}
