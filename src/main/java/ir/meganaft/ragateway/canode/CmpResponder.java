package ir.meganaft.ragateway.canode;

import ir.meganaft.ragateway.ca.CaLedger;
import ir.meganaft.ragateway.ca.CaRefusedException;
import ir.meganaft.ragateway.ca.CmpStatus;
import ir.meganaft.ragateway.ca.LocalCertificateAuthority;
import ir.meganaft.ragateway.csr.DistinguishedNames;
import ir.meganaft.ragateway.csr.Fingerprints;
import ir.meganaft.ragateway.csr.Serials;
import ir.meganaft.ragateway.keys.HsmUnavailableException;
import ir.meganaft.ragateway.keys.Signer;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.store.CertificateStore;
import java.io.IOException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.cmp.CMPCertificate;
import org.bouncycastle.asn1.cmp.CMPObjectIdentifiers;
import org.bouncycastle.asn1.cmp.CertOrEncCert;
import org.bouncycastle.asn1.cmp.CertRepMessage;
import org.bouncycastle.asn1.cmp.CertResponse;
import org.bouncycastle.asn1.cmp.CertifiedKeyPair;
import org.bouncycastle.asn1.cmp.ErrorMsgContent;
import org.bouncycastle.asn1.cmp.InfoTypeAndValue;
import org.bouncycastle.asn1.cmp.PKIBody;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIFreeText;
import org.bouncycastle.asn1.cmp.PKIHeader;
import org.bouncycastle.asn1.cmp.PKIMessage;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.cmp.RevRepContentBuilder;
import org.bouncycastle.asn1.crmf.CertReqMessages;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.cmp.CMPException;
import org.bouncycastle.cert.cmp.CertificateConfirmationContent;
import org.bouncycastle.cert.cmp.CertificateStatus;
import org.bouncycastle.cert.cmp.ProtectedPKIMessage;
import org.bouncycastle.cert.cmp.ProtectedPKIMessageBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CA node's CMP server side: one answer, signed with its CMP-signer key, for every message received.
 * {@code cr}, {@code ir}, {@code kur} and {@code p10cr} from a trusted RA are issued by {@link LocalCertificateAuthority}
 * (its ledger answers a repeated transaction with the same certificate) and answered {@code cp}/{@code ip}/{@code kup}
 * ({@code cp} for a {@code p10cr}, whose PKCS#10 signature is its proof of possession);
 * {@code certConf} is checked against the ledger and answered {@code pkiConf}; {@code rr} is answered
 * {@code rp}. Every answer carries the request's transactionID and its senderNonce as recipNonce.
 * Bad input (not CMP, unprotected, signed by no trusted RA, a body this CA does not serve) gets a CMP
 * error message with a failInfo, never a stack trace.
 */
public final class CmpResponder {
    private static final Logger LOG = LoggerFactory.getLogger(CmpResponder.class);
    /** Refusals about the message rather than what it asks: answered with an error message body. */
    private static final int MESSAGE_FAILURES = PKIFailureInfo.badMessageCheck
            | PKIFailureInfo.notAuthorized
            | PKIFailureInfo.badDataFormat
            | PKIFailureInfo.badTime;

    private final LocalCertificateAuthority ca;
    private final Signer cmpSigner;
    private final X509CertificateHolder[] extraCerts;
    private final CertificateStore issued;
    private final Runnable afterRevocation;
    private final boolean grantImplicitConfirm;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param cmpSigner the key the answers are signed with (its certificate chain goes in extraCerts)
     * @param issued where issued certificates are kept for revocation and CRLs
     * @param afterRevocation run after each revocation the CA accepted (publishes a CRL)
     * @param grantImplicitConfirm whether an RA asking for implicitConfirm gets it (else it must send certConf)
     */
    public CmpResponder(
            LocalCertificateAuthority ca,
            Signer cmpSigner,
            CertificateStore issued,
            Runnable afterRevocation,
            boolean grantImplicitConfirm,
            Clock clock) {
        this.ca = ca;
        this.cmpSigner = cmpSigner;
        this.issued = issued;
        this.afterRevocation = afterRevocation;
        this.grantImplicitConfirm = grantImplicitConfirm;
        this.clock = clock;
        try {
            List<X509CertificateHolder> chain = new java.util.ArrayList<>();
            for (X509Certificate c : cmpSigner.chain()) {
                chain.add(new X509CertificateHolder(c.getEncoded()));
            }
            this.extraCerts = chain.toArray(new X509CertificateHolder[0]);
        } catch (IOException | CertificateEncodingException e) {
            throw new IllegalStateException("Unreadable CMP-signer certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The answer (DER) to one message (DER).
     *
     * @throws HsmUnavailableException when a key on a PKCS#11 token cannot sign (the CA's or the CMP
     *     signer's): there is no signed answer to give, not even an error
     */
    public byte[] answer(byte[] request) {
        PKIHeader header;
        PKIBody body;
        try {
            PKIMessage message = PKIMessage.getInstance(request);
            header = message.getHeader();
            body = message.getBody();
        } catch (RuntimeException e) {
            return error(null, PKIFailureInfo.badDataFormat, "Not a CMP PKIMessage");
        }
        try {
            return switch (body.getType()) {
                case PKIBody.TYPE_CERT_REQ,
                        PKIBody.TYPE_INIT_REQ,
                        PKIBody.TYPE_KEY_UPDATE_REQ,
                        PKIBody.TYPE_P10_CERT_REQ -> certify(request, header, body);
                case PKIBody.TYPE_CERT_CONFIRM -> confirm(request, header);
                case PKIBody.TYPE_REVOCATION_REQ -> revoke(request, header);
                default ->
                    error(header, PKIFailureInfo.badRequest, "CMP body type " + body.getType() + " is not served");
            };
        } catch (CaRefusedException e) {
            LOG.warn("CMP request refused: {}", e.getMessage());
            return error(header, e.failInfo(), e.getMessage());
        } catch (HsmUnavailableException e) {
            throw e; // no answer can be signed either when the token is away: CaNodeHttp answers 503
        } catch (RuntimeException e) {
            LOG.error("CMP request failed", e);
            return error(header, PKIFailureInfo.systemFailure, "The CA failed to process the request; try again later");
        }
    }

    private byte[] certify(byte[] request, PKIHeader header, PKIBody body) throws CaRefusedException {
        int repType = switch (body.getType()) {
            case PKIBody.TYPE_INIT_REQ -> PKIBody.TYPE_INIT_REP;
            case PKIBody.TYPE_KEY_UPDATE_REQ -> PKIBody.TYPE_KEY_UPDATE_REP;
            default -> PKIBody.TYPE_CERT_REP;
        };
        // a p10cr has no certReqId: its answer says -1 (RFC 9483, 4.1.4)
        org.bouncycastle.asn1.ASN1Integer certReqId = body.getType() == PKIBody.TYPE_P10_CERT_REQ
                ? new org.bouncycastle.asn1.ASN1Integer(-1)
                : CertReqMessages.getInstance(body.getContent())
                        .toCertReqMsgArray()[0]
                        .getCertReq()
                        .getCertReqId();
        X509Certificate certificate;
        try {
            certificate = ca.issue(request);
        } catch (CaRefusedException refused) {
            if ((refused.failInfo() & MESSAGE_FAILURES) != 0) {
                throw refused;
            }
            LOG.warn("CA refused to issue: {}", refused.getMessage());
            return respond(
                    header,
                    new PKIBody(repType, new CertRepMessage(null, new CertResponse[] {
                        new CertResponse(certReqId, rejection(refused.failInfo(), refused.getMessage()))
                    })),
                    false);
        }
        keep(certificate);
        try {
            CMPCertificate cmp =
                    new CMPCertificate(org.bouncycastle.asn1.x509.Certificate.getInstance(certificate.getEncoded()));
            CertResponse granted = new CertResponse(
                    certReqId,
                    new PKIStatusInfo(PKIStatus.granted),
                    new CertifiedKeyPair(new CertOrEncCert(cmp)),
                    null);
            return respond(
                    header,
                    new PKIBody(repType, new CertRepMessage(null, new CertResponse[] {granted})),
                    grantImplicitConfirm && asksImplicitConfirm(header));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] confirm(byte[] request, PKIHeader header) throws CaRefusedException {
        ProtectedPKIMessage message = ca.verifiedFollowUp(request);
        String transactionId = LocalCertificateAuthority.ledgerKey(message);
        CaLedger.Entry entry = ca.recorded(transactionId)
                .filter(e -> e.certificate() != null)
                .orElseThrow(() -> new CaRefusedException(
                        "No certificate was issued in transaction " + transactionId, PKIFailureInfo.badRequest));
        try {
            X509CertificateHolder certificate = new X509CertificateHolder(entry.certificate());
            for (CertificateStatus status : CertificateConfirmationContent.fromPKIBody(message.getBody())
                    .getStatusMessages()) {
                if (!status.isVerified(certificate, new JcaDigestCalculatorProviderBuilder().build())) {
                    throw new CaRefusedException(
                            "The certHash of transaction " + transactionId + " is not that of the certificate issued",
                            PKIFailureInfo.badCertId);
                }
                if (status.getStatusInfo() != null
                        && status.getStatusInfo().getStatus().intValue() == PKIStatus.REJECTION) {
                    LOG.warn(
                            "The RA did not accept certificate {} of transaction {}",
                            certificate.getSerialNumber().toString(16),
                            transactionId);
                }
            }
        } catch (IOException | CMPException | OperatorCreationException e) {
            throw new CaRefusedException("Unreadable certConf: " + e.getMessage(), PKIFailureInfo.badDataFormat);
        }
        return respond(header, new PKIBody(PKIBody.TYPE_CONFIRM, DERNull.INSTANCE), false);
    }

    private byte[] revoke(byte[] request, PKIHeader header) throws CaRefusedException {
        PKIStatusInfo status;
        try {
            ca.revoke(request);
            status = new PKIStatusInfo(PKIStatus.granted);
        } catch (CaRefusedException refused) {
            if ((refused.failInfo() & MESSAGE_FAILURES) != 0) {
                throw refused;
            }
            LOG.warn("CA refused a revocation: {}", refused.getMessage());
            return respond(
                    header,
                    new PKIBody(
                            PKIBody.TYPE_REVOCATION_REP,
                            new RevRepContentBuilder()
                                    .add(rejection(refused.failInfo(), refused.getMessage()))
                                    .build()),
                    false);
        }
        afterRevocation.run();
        return respond(
                header,
                new PKIBody(
                        PKIBody.TYPE_REVOCATION_REP,
                        new RevRepContentBuilder().add(status).build()),
                false);
    }

    private void keep(X509Certificate c) {
        try {
            byte[] der = c.getEncoded();
            issued.recordIssuedByCa(IssuedCertificate.issued(
                    Serials.hex(c.getSerialNumber()),
                    null,
                    DistinguishedNames.display(c.getIssuerX500Principal()),
                    DistinguishedNames.display(c.getSubjectX500Principal()),
                    c.getNotBefore().toInstant(),
                    c.getNotAfter().toInstant(),
                    Fingerprints.sha256Hex(der),
                    Fingerprints.sha256Hex(c.getPublicKey().getEncoded()),
                    der,
                    clock.instant()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean asksImplicitConfirm(PKIHeader header) {
        InfoTypeAndValue[] info = header.getGeneralInfo();
        return info != null
                && Arrays.stream(info).anyMatch(i -> CMPObjectIdentifiers.it_implicitConfirm.equals(i.getInfoType()));
    }

    private static PKIStatusInfo rejection(int failInfo, String text) {
        return new PKIStatusInfo(PKIStatus.rejection, new PKIFreeText(text), new PKIFailureInfo(failInfo));
    }

    private byte[] error(PKIHeader header, int failInfo, String text) {
        LOG.info("CMP error answered ({}): {}", String.join(",", CmpStatus.failures(failInfo)), text);
        return respond(header, new PKIBody(PKIBody.TYPE_ERROR, new ErrorMsgContent(rejection(failInfo, text))), false);
    }

    /** Signed with the CMP-signer key, its chain in extraCerts, the request's transactionID, its nonce echoed. */
    private byte[] respond(PKIHeader request, PKIBody body, boolean implicitConfirm) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        GeneralName recipient = request == null
                ? new GeneralName(new X500Name(new org.bouncycastle.asn1.x500.RDN[0]))
                : request.getSender();
        ProtectedPKIMessageBuilder builder = new ProtectedPKIMessageBuilder(
                        new GeneralName(extraCerts[0].getSubject()), recipient)
                .setMessageTime(Date.from(clock.instant()))
                .setSenderNonce(nonce)
                .setBody(body);
        for (X509CertificateHolder c : extraCerts) {
            builder.addCMPCertificate(c);
        }
        if (request != null && request.getTransactionID() != null) {
            builder.setTransactionID(request.getTransactionID().getOctets());
        }
        if (request != null && request.getSenderNonce() != null) {
            builder.setRecipNonce(request.getSenderNonce().getOctets());
        }
        if (implicitConfirm) {
            builder.addGeneralInfo(new InfoTypeAndValue(CMPObjectIdentifiers.it_implicitConfirm, DERNull.INSTANCE));
        }
        try {
            return builder.build(cmpSigner.newContentSigner()).toASN1Structure().getEncoded();
        } catch (CMPException | IOException e) {
            throw new IllegalStateException("Cannot sign the CMP answer: " + e.getMessage(), e);
        }
    }
}
