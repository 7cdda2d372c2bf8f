package ir.meganaft.ragateway.ca;

import ir.meganaft.ragateway.keys.Signer;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.util.Date;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.cmp.CMPObjectIdentifiers;
import org.bouncycastle.asn1.cmp.InfoTypeAndValue;
import org.bouncycastle.asn1.cmp.PKIBody;
import org.bouncycastle.asn1.crmf.CertReqMessages;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.cmp.CMPException;
import org.bouncycastle.cert.cmp.ProtectedPKIMessageBuilder;
import org.bouncycastle.cert.crmf.CRMFException;
import org.bouncycastle.cert.crmf.CertificateRequestMessageBuilder;

/**
 * Builds what the RA sends the CA: a CMP {@code cr} message (RFC 4210) whose CRMF template holds
 * the vetted subject, the CSR's public key and the e-mail as subjectAltName, with proof of
 * possession marked raVerified (the RA checked the CSR's signature), signed with the RA's key and
 * carrying the RA's certificate, with implicitConfirm. The transactionID is the gateway's request
 * id, so sending the request again is recognized as the same transaction. A remote CMP CA accepts
 * the same message.
 */
public final class RaSignedRequests {
    private final Signer raSigner;
    private final X500Name caName;
    private final X509CertificateHolder raCertificate;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    public RaSignedRequests(Signer raSigner, X500Name caName, Clock clock) {
        this.raSigner = raSigner;
        this.caName = caName;
        this.clock = clock;
        try {
            this.raCertificate =
                    new X509CertificateHolder(raSigner.certificate().getEncoded());
        } catch (IOException | CertificateEncodingException e) {
            throw new IllegalStateException("Unreadable RA certificate: " + e.getMessage(), e);
        }
    }

    /**
     * An {@code rr} message: revoke (or hold, or release with removeFromCRL) one certificate of the CA.
     *
     * @param reasonCode the RFC 5280 CRLReason code
     */
    public byte[] revocationRequest(
            String transactionId, BigInteger serial, int reasonCode, java.time.Instant invalidityDate) {
        try {
            org.bouncycastle.asn1.x509.ExtensionsGenerator entry = new org.bouncycastle.asn1.x509.ExtensionsGenerator();
            entry.addExtension(Extension.reasonCode, false, org.bouncycastle.asn1.x509.CRLReason.lookup(reasonCode));
            if (invalidityDate != null) {
                entry.addExtension(
                        Extension.invalidityDate,
                        false,
                        new org.bouncycastle.asn1.DERGeneralizedTime(Date.from(invalidityDate)));
            }
            org.bouncycastle.asn1.crmf.CertTemplate target = new org.bouncycastle.asn1.crmf.CertTemplateBuilder()
                    .setIssuer(caName)
                    .setSerialNumber(new org.bouncycastle.asn1.ASN1Integer(serial))
                    .build();
            org.bouncycastle.asn1.cmp.RevReqContent content = new org.bouncycastle.asn1.cmp.RevReqContent(
                    new org.bouncycastle.asn1.cmp.RevDetails(target, entry.generate()));
            return protect(transactionId, new PKIBody(PKIBody.TYPE_REVOCATION_REQ, content));
        } catch (CMPException | IOException e) {
            throw new IllegalStateException(
                    "Cannot build the RA-signed revocation for " + transactionId + ": " + e.getMessage(), e);
        }
    }

    private byte[] protect(String transactionId, PKIBody body) throws CMPException, IOException {
        return protect(transactionId.getBytes(StandardCharsets.US_ASCII), null, body, true, null);
    }

    /**
     * A later message of a transaction the RA started (certConf, pollReq), signed like the first:
     * the same transactionID, the CA's last senderNonce as recipNonce, a fresh senderNonce.
     */
    public byte[] followUp(byte[] transactionId, byte[] recipNonce, PKIBody body) {
        try {
            return protect(transactionId, recipNonce, body, false, null);
        } catch (CMPException | IOException e) {
            throw new IllegalStateException("Cannot build the RA-signed CMP message: " + e.getMessage(), e);
        }
    }

    /** The CA the requests are for, as they name it (recipient, and issuer of what is revoked). */
    public X500Name caName() {
        return caName;
    }

    private byte[] protect(
            byte[] transactionId,
            byte[] recipNonce,
            PKIBody body,
            boolean implicitConfirm,
            InfoTypeAndValue certProfile)
            throws CMPException, IOException {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        ProtectedPKIMessageBuilder builder = new ProtectedPKIMessageBuilder(
                        new GeneralName(raCertificate.getSubject()), new GeneralName(caName))
                .setTransactionID(transactionId)
                .setSenderNonce(nonce)
                .setMessageTime(Date.from(clock.instant()))
                .setBody(body)
                .addCMPCertificate(raCertificate);
        if (recipNonce != null) {
            builder.setRecipNonce(recipNonce);
        }
        if (implicitConfirm) {
            builder.addGeneralInfo(new InfoTypeAndValue(CMPObjectIdentifiers.it_implicitConfirm, DERNull.INSTANCE));
        }
        if (certProfile != null) {
            builder.addGeneralInfo(certProfile);
        }
        return builder.build(raSigner.newContentSigner()).toASN1Structure().getEncoded();
    }

    public byte[] certificationRequest(String requestId, X500Name subject, PublicKey publicKey, String email) {
        return certificationRequest(requestId, subject, publicKey, email, null);
    }

    /**
     * @param profile the certificate profile asked for (generalInfo id-it-certProfile, RFC 9483, 4.1.1),
     *     or null or blank for the CA's default
     */
    public byte[] certificationRequest(
            String requestId, X500Name subject, PublicKey publicKey, String email, String profile) {
        return request(PKIBody.TYPE_CERT_REQ, requestId, subject, publicKey, email, profile, null);
    }

    /**
     * A {@code kur} message for a re-key renewal (RFC 4210, 5.3.5): as {@link #certificationRequest}
     * for the new key, naming the certificate it replaces in the oldCertID control.
     *
     * @param oldSerial the serial of this CA's certificate being renewed
     */
    public byte[] keyUpdateRequest(
            String requestId, X500Name subject, PublicKey newKey, String email, String profile, BigInteger oldSerial) {
        return request(PKIBody.TYPE_KEY_UPDATE_REQ, requestId, subject, newKey, email, profile, oldSerial);
    }

    private byte[] request(
            int bodyType,
            String requestId,
            X500Name subject,
            PublicKey publicKey,
            String email,
            String profile,
            BigInteger oldSerial) {
        try {
            CertificateRequestMessageBuilder template = new CertificateRequestMessageBuilder(BigInteger.ZERO)
                    .setSubject(subject)
                    .setPublicKey(SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()))
                    .setProofOfPossessionRaVerified();
            if (email != null) {
                template.addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(new GeneralName(GeneralName.rfc822Name, email)));
            }
            if (oldSerial != null) {
                org.bouncycastle.asn1.crmf.CertId old =
                        new org.bouncycastle.asn1.crmf.CertId(new GeneralName(caName), oldSerial);
                template.addControl(new org.bouncycastle.cert.crmf.Control() {
                    @Override
                    public org.bouncycastle.asn1.ASN1ObjectIdentifier getType() {
                        return org.bouncycastle.asn1.crmf.CRMFObjectIdentifiers.id_regCtrl_oldCertID;
                    }

                    @Override
                    public org.bouncycastle.asn1.ASN1Encodable getValue() {
                        return old;
                    }
                });
            }
            // implicitConfirm asked, no certConf round trip needed: the CA's ledger makes a repeated request return the
            // same certificate. A CA over the wire that does not grant it gets a certConf (RemoteCertificateAuthority).
            InfoTypeAndValue certProfile = profile == null || profile.isBlank()
                    ? null
                    : new InfoTypeAndValue(
                            CMPObjectIdentifiers.id_it_certProfile,
                            new org.bouncycastle.asn1.DERSequence(
                                    new org.bouncycastle.asn1.DERUTF8String(profile.strip())));
            return protect(
                    requestId.getBytes(StandardCharsets.US_ASCII),
                    null,
                    new PKIBody(bodyType, new CertReqMessages(template.build().toASN1Structure())),
                    true,
                    certProfile);
        } catch (CRMFException | CMPException | IOException e) {
            throw new IllegalStateException(
                    "Cannot build the RA-signed request for " + requestId + ": " + e.getMessage(), e);
        }
    }
}
