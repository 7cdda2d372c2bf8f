package ir.meganaft.ragateway.ca;

import ir.meganaft.ragateway.csr.Fingerprints;
import ir.meganaft.ragateway.csr.Serials;
import ir.meganaft.ragateway.keys.Signer;
import ir.meganaft.ragateway.profile.CertificateDraft;
import ir.meganaft.ragateway.profile.Profile;
import ir.meganaft.ragateway.profile.ProfileViolation;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.cmp.PKIBody;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIHeader;
import org.bouncycastle.asn1.crmf.CertReqMessages;
import org.bouncycastle.asn1.crmf.CertTemplate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.cmp.ProtectedPKIMessage;
import org.bouncycastle.cert.crmf.CertificateRequestMessage;
import org.bouncycastle.operator.ContentSigner;

/**
 * The CA run inside the gateway. It issues only what a trusted RA signed: the CMP protection
 * must verify with the certificate of an RA configured as trusted, and the template must carry
 * RA-verified proof of possession (a {@code p10cr}'s PKCS#10 request proves it with its own signature). Subject and public key come from the template; everything
 * else (validity, usages, policy, CRL and AIA pointers) comes from the profile, never from the request.
 * The profile is a list of small rules ({@code profile/}, built by {@link CertificateProfile#rules}) that
 * also refuse a subject it does not allow; this class keeps the CMP checking, the ledger and the signature.
 */
public final class LocalCertificateAuthority implements CertificateAuthority {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalCertificateAuthority.class);
    /** How far a request's messageTime may be from the CA's clock. */
    static final Duration MESSAGE_TIME_TOLERANCE = Duration.ofMinutes(10);

    private final Signer caSigner;
    private final CaLedger ledger;
    private final RevocationRecords revocations;
    private final List<X509CertificateHolder> trustedRas;
    private final CertificateProfiles profiles;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final X509CertificateHolder caCertificate;
    /** Each profile's rules, built once. */
    private final java.util.Map<CertificateProfiles.Named, Profile> profileRules =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final AlgorithmIdentifier signatureAlgorithm;

    public LocalCertificateAuthority(
            Signer caSigner,
            List<X509Certificate> trustedRaCertificates,
            CertificateProfile profile,
            CaLedger ledger,
            RevocationRecords revocations,
            Clock clock) {
        this(caSigner, trustedRaCertificates, CertificateProfiles.single(profile), ledger, revocations, clock);
    }

    /**
     * @param profiles the profiles it issues with: the one a request names in its generalInfo
     *     certProfile (RFC 9483, 4.1.1), else the default
     */
    public LocalCertificateAuthority(
            Signer caSigner,
            List<X509Certificate> trustedRaCertificates,
            CertificateProfiles profiles,
            CaLedger ledger,
            RevocationRecords revocations,
            Clock clock) {
        this.caSigner = caSigner;
        this.ledger = ledger;
        this.revocations = revocations;
        this.profiles = profiles;
        this.clock = clock;
        try {
            this.caCertificate =
                    new X509CertificateHolder(caSigner.certificate().getEncoded());
            List<X509CertificateHolder> ras = new ArrayList<>();
            for (X509Certificate ra : trustedRaCertificates) {
                ras.add(new X509CertificateHolder(ra.getEncoded()));
            }
            this.trustedRas = List.copyOf(ras);
            this.signatureAlgorithm = caSigner.newContentSigner().getAlgorithmIdentifier();
        } catch (IOException | CertificateEncodingException e) {
            throw new IllegalStateException("Cannot set up the CA: " + e.getMessage(), e);
        }
    }

    @Override
    public X509Certificate issue(byte[] raSignedRequest) throws CaRefusedException {
        ProtectedPKIMessage message = verifiedRaMessage(raSignedRequest);
        CertTemplate template = template(message);
        X500Name subject = template.getSubject();
        SubjectPublicKeyInfo publicKey = template.getPublicKey();
        if (subject == null || publicKey == null) {
            throw new CaRefusedException("The certificate template lacks a subject or a public key");
        }
        String transactionId = transactionId(message);
        String keyHash;
        try {
            keyHash = Fingerprints.sha256Hex(publicKey.getEncoded());
        } catch (IOException e) {
            throw new CaRefusedException("Unreadable public key in the template", e);
        }
        Profile profile = profileRules.computeIfAbsent(
                profileOf(message), named -> named.profile().rules(named.name()));
        Instant now = clock.instant();
        BigInteger serial = serialNumber();
        // A certificate already kept for this transaction is the answer, whatever changed since (a crash after
        // the signature and before the gateway stored it, then a restart with another profile or JDK).
        java.util.Optional<CaLedger.Entry> kept = ledger.find(transactionId);
        if (kept.isPresent() && kept.get().certificate() != null) {
            if (!kept.get().publicKeySha256().equals(keyHash)) {
                throw new CaRefusedException(
                        "Transaction " + transactionId + " was already used for another public key");
            }
            return parse(kept.get().certificate());
        }
        CertificateDraft draft = shaped(transactionId, profile, template, now);
        Instant notBefore = draft.notBefore();
        Instant notAfter = draft.notAfter();
        byte[] content = tbsCertificate(serial, notBefore, notAfter, draft);
        // The request's own subject and key must make a certificate this CA can hand out (a key with explicit
        // EC parameters, say, makes one the JDK cannot read, RFC 5480). Refused before anything is reserved or
        // signed; a reservation kept by an earlier attempt for this transaction is marked abandoned, never signed.
        String unreadable = unreadable(content);
        if (unreadable != null) {
            String why = "the certificate cannot be built from this request's subject and key: " + unreadable;
            ledger.abandon(transactionId, why);
            throw new CaRefusedException("The CA does not issue transaction " + transactionId + ": " + why);
        }
        // What the ledger already holds was read above: only a new transaction is reserved now.
        CaLedger.Entry entry = kept.isPresent()
                ? kept.get()
                : ledger.reserve(
                        new CaLedger.Entry(transactionId, serial, notBefore, notAfter, keyHash, content, null));
        if (!entry.publicKeySha256().equals(keyHash)) {
            throw new CaRefusedException("Transaction " + transactionId + " was already used for another public key");
        }
        if (entry.certificate() != null) {
            return parse(entry.certificate());
        }
        // Reserved before: by this call, or by one that died before its signature was kept. Either way the
        // reserved content is what gets signed. (A reservation from before the ledger kept contents is
        // rebuilt from its serial and validity, as it was then.)
        byte[] tbs = entry.tbsCertificate() != null
                ? entry.tbsCertificate()
                : tbsCertificate(entry.serial(), entry.notBefore(), entry.notAfter(), draft);
        // only an earlier reservation can have been abandoned: one made by this call has not
        java.util.Optional<String> abandoned =
                kept.isPresent() ? ledger.abandoned(transactionId) : java.util.Optional.empty();
        if (abandoned.isPresent()) {
            throw new CaRefusedException(
                    "The CA abandoned its reservation for transaction " + transactionId + ": " + abandoned.get());
        }
        String unsignable = unsignable(TBSCertificate.getInstance(tbs));
        if (unsignable != null) {
            ledger.abandon(transactionId, unsignable);
            throw new CaRefusedException("The CA cannot complete its reservation of serial "
                    + entry.serial().toString(16) + " for transaction " + transactionId + ": " + unsignable);
        }
        return parse(ledger.signOnce(transactionId, reserved -> sign(transactionId, tbs)));
    }

    /**
     * The certificate the profile makes of the template, or the CA's refusal (badCertTemplate) of a
     * subject, alternative name or key the profile does not allow. Checked after a certificate already
     * kept for the transaction is answered: a refusal (the profile changed since, say) marks a
     * reservation of an earlier attempt abandoned, as one the CA cannot build is.
     */
    private CertificateDraft shaped(String transactionId, Profile profile, CertTemplate template, Instant now)
            throws CaRefusedException {
        CertificateDraft draft = new CertificateDraft(
                caSigner.certificate(), template.getSubject(), template.getPublicKey(), template.getExtensions(), now);
        try {
            return profile.shape(draft);
        } catch (ProfileViolation violation) {
            String why = "certificate profile " + profile.name() + " does not allow it: " + violation.getMessage();
            ledger.abandon(transactionId, why);
            throw new CaRefusedException(
                    "The CA does not issue transaction " + transactionId + ": " + why, PKIFailureInfo.badCertTemplate);
        }
    }

    /** The certificate's content, in DER, as the CA will sign it, with this serial and validity. Nothing is signed here. */
    private byte[] tbsCertificate(BigInteger serial, Instant notBefore, Instant notAfter, CertificateDraft draft) {
        draft.validity(notBefore, notAfter);
        try {
            return draft.builder(serial)
                    .build(new UnsignedContent(signatureAlgorithm))
                    .toASN1Structure()
                    .getTBSCertificate()
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("The CA failed to build a certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Why a certificate with this content could not be read back (as {@link #parse} reads what the CA
     * signed), or null. The content is checked with an empty signature: nothing is signed here.
     */
    private String unreadable(byte[] tbs) {
        try {
            byte[] unsigned = Certificate.getInstance(new DERSequence(new ASN1Encodable[] {
                        TBSCertificate.getInstance(tbs), signatureAlgorithm, new DERBitString(new byte[0])
                    }))
                    .getEncoded(ASN1Encoding.DER);
            java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(unsigned))
                    .getPublicKey();
            return null;
        } catch (CertificateException | IllegalArgumentException e) {
            return e.getMessage();
        } catch (IOException e) {
            throw new IllegalStateException("The CA failed to encode a certificate: " + e.getMessage(), e);
        }
    }

    /** Why this CA can no longer sign a reserved content (another CA name or key algorithm), or null. */
    private String unsignable(TBSCertificate tbs) {
        if (!tbs.getIssuer().equals(caCertificate.getSubject())) {
            return "it names the issuer " + tbs.getIssuer() + ", not this CA (" + caCertificate.getSubject() + ")";
        }
        if (!tbs.getSignature().equals(signatureAlgorithm)) {
            return "it was prepared for signature algorithm "
                    + tbs.getSignature().getAlgorithm() + ", and the CA key now signs with "
                    + signatureAlgorithm.getAlgorithm();
        }
        return null;
    }

    /** Signs a reserved content with the CA key (on the HSM where it lives); the certificate in DER. */
    private byte[] sign(String transactionId, byte[] tbs) {
        ContentSigner signer = caSigner.newContentSigner();
        try (OutputStream out = signer.getOutputStream()) {
            out.write(tbs);
        } catch (IOException e) {
            throw new IllegalStateException("The CA failed to sign: " + e.getMessage(), e);
        }
        TBSCertificate content = TBSCertificate.getInstance(tbs);
        byte[] signature = signer.getSignature();
        try {
            byte[] der = Certificate.getInstance(new DERSequence(
                            new ASN1Encodable[] {content, signer.getAlgorithmIdentifier(), new DERBitString(signature)
                            }))
                    .getEncoded(ASN1Encoding.DER);
            LOG.info(
                    "CA signed certificate {} for transaction {}",
                    Serials.hex(content.getSerialNumber().getValue()),
                    transactionId);
            return der;
        } catch (IOException e) {
            throw new IllegalStateException("The CA failed to encode a certificate: " + e.getMessage(), e);
        }
    }

    /** Gives a builder the CA's signature algorithm and no signature: what it builds is only the content. */
    private static final class UnsignedContent implements ContentSigner {
        private final AlgorithmIdentifier algorithm;

        UnsignedContent(AlgorithmIdentifier algorithm) {
            this.algorithm = algorithm;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return algorithm;
        }

        @Override
        public OutputStream getOutputStream() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public byte[] getSignature() {
            return new byte[0];
        }
    }

    @Override
    public void revoke(byte[] raSignedRequest) throws CaRefusedException {
        ProtectedPKIMessage message = verifiedRaMessage(raSignedRequest);
        transactionId(message);
        RevocationOrder.of(message.getBody(), caCertificate.getSubject())
                .applyTo(revocations, "ca:revocation", clock.instant());
    }

    private String transactionId(ProtectedPKIMessage message) throws CaRefusedException {
        PKIHeader header = message.getHeader();
        String transactionId = CmpProtection.transactionId(header);
        if (header.getMessageTime() == null) {
            throw new CaRefusedException("The request has no messageTime", PKIFailureInfo.badTime);
        }
        try {
            Instant sent = header.getMessageTime().getDate().toInstant();
            if (Duration.between(sent, clock.instant()).abs().compareTo(MESSAGE_TIME_TOLERANCE) > 0) {
                throw new CaRefusedException(
                        "The request's messageTime " + sent + " is more than " + MESSAGE_TIME_TOLERANCE.toMinutes()
                                + " minutes from the CA's clock",
                        PKIFailureInfo.badTime);
            }
        } catch (java.text.ParseException e) {
            throw new CaRefusedException("Unreadable messageTime", PKIFailureInfo.badTime);
        }
        return transactionId;
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("The CA ledger holds an unreadable certificate", e);
        }
    }

    @Override
    public List<X509Certificate> chain() {
        return caSigner.chain();
    }

    private ProtectedPKIMessage verifiedRaMessage(byte[] der) throws CaRefusedException {
        return CmpProtection.signedByOneOf(der, trustedRas, clock.instant(), "an RA this CA trusts");
    }

    /**
     * A follow-up message of the RA in a transaction (certConf, pollReq): its signature checked as a
     * request's, its transactionID read as the CA's ledger keys it.
     */
    public ProtectedPKIMessage verifiedFollowUp(byte[] raSigned) throws CaRefusedException {
        ProtectedPKIMessage message = verifiedRaMessage(raSigned);
        transactionId(message);
        return message;
    }

    /** The transactionID of a verified message, as the ledger keys it. */
    public static String ledgerKey(ProtectedPKIMessage message) throws CaRefusedException {
        return CmpProtection.transactionId(message.getHeader());
    }

    /** What the ledger holds for a transaction. */
    public java.util.Optional<CaLedger.Entry> recorded(String transactionId) {
        return ledger.find(transactionId);
    }

    private CertTemplate template(ProtectedPKIMessage message) throws CaRefusedException {
        PKIBody body = message.getBody();
        if (body.getType() == PKIBody.TYPE_P10_CERT_REQ) {
            return P10Request.template(body.getContent()); // its own signature is the proof of possession
        }
        if (body.getType() != PKIBody.TYPE_CERT_REQ
                && body.getType() != PKIBody.TYPE_INIT_REQ
                && body.getType() != PKIBody.TYPE_KEY_UPDATE_REQ) {
            throw new CaRefusedException(
                    "Unsupported CMP body type " + body.getType() + "; expected cr, ir, kur or p10cr",
                    PKIFailureInfo.badRequest);
        }
        CertReqMessages requests = CertReqMessages.getInstance(body.getContent());
        if (requests.toCertReqMsgArray().length != 1) {
            throw new CaRefusedException("Exactly one certificate request per message is accepted");
        }
        CertificateRequestMessage request = new CertificateRequestMessage(requests.toCertReqMsgArray()[0]);
        if (request.getProofOfPossessionType() != CertificateRequestMessage.popRaVerified) {
            throw new CaRefusedException(
                    "The RA must vouch for proof of possession (raVerified)", PKIFailureInfo.badPOP);
        }
        if (body.getType() == PKIBody.TYPE_KEY_UPDATE_REQ) {
            requireRenewable(request);
        }
        return request.getCertTemplate();
    }

    /** A kur names, in its oldCertID control, a certificate of this CA that is not revoked. */
    private void requireRenewable(CertificateRequestMessage request) throws CaRefusedException {
        org.bouncycastle.asn1.crmf.Controls controls =
                request.toASN1Structure().getCertReq().getControls();
        org.bouncycastle.asn1.crmf.AttributeTypeAndValue control = controls == null
                ? null
                : java.util.Arrays.stream(controls.toAttributeTypeAndValueArray())
                        .filter(c -> org.bouncycastle.asn1.crmf.CRMFObjectIdentifiers.id_regCtrl_oldCertID.equals(
                                c.getType()))
                        .findFirst()
                        .orElse(null);
        if (control == null) {
            throw new CaRefusedException(
                    "A kur must name the certificate it renews (oldCertID)", PKIFailureInfo.badCertId);
        }
        org.bouncycastle.asn1.crmf.CertId old = org.bouncycastle.asn1.crmf.CertId.getInstance(control.getValue());
        BigInteger serial = old.getSerialNumber().getValue();
        if (!old.getIssuer().equals(new GeneralName(caCertificate.getSubject()))) {
            throw new CaRefusedException(
                    "The certificate to renew (" + serial.toString(16) + ") is not this CA's",
                    PKIFailureInfo.badCertId);
        }
        ir.meganaft.ragateway.request.CertificateStatus status = revocations
                .status(serial)
                .orElseThrow(() -> new CaRefusedException(
                        "Certificate " + serial.toString(16) + " to renew was not issued by this CA",
                        PKIFailureInfo.badCertId));
        if (status == ir.meganaft.ragateway.request.CertificateStatus.REVOKED) {
            throw new CaRefusedException(
                    "Certificate " + serial.toString(16) + " to renew is revoked", PKIFailureInfo.certRevoked);
        }
    }

    /** The profile the request names in its header's generalInfo (id-it-certProfile), else the default one. */
    private CertificateProfiles.Named profileOf(ProtectedPKIMessage message) throws CaRefusedException {
        String name = null;
        org.bouncycastle.asn1.cmp.InfoTypeAndValue[] info = message.getHeader().getGeneralInfo();
        if (info != null) {
            for (org.bouncycastle.asn1.cmp.InfoTypeAndValue i : info) {
                if (org.bouncycastle.asn1.cmp.CMPObjectIdentifiers.id_it_certProfile.equals(i.getInfoType())
                        && i.getInfoValue() != null) {
                    org.bouncycastle.asn1.ASN1Sequence names =
                            org.bouncycastle.asn1.ASN1Sequence.getInstance(i.getInfoValue());
                    if (names.size() > 0) {
                        name = org.bouncycastle.asn1.ASN1UTF8String.getInstance(names.getObjectAt(0))
                                .getString();
                    }
                }
            }
        }
        String asked = name;
        return profiles.find(asked)
                .orElseThrow(() -> new CaRefusedException(
                        "The CA issues no certificate profile named " + asked + "; it issues "
                                + String.join(", ", profiles.names()),
                        PKIFailureInfo.badCertTemplate));
    }

    /** 159 random bits: positive, at most 20 octets, unguessable (CA/B Forum asks for >= 64 bits). */
    private BigInteger serialNumber() {
        return new BigInteger(159, random).setBit(152);
    }
}
