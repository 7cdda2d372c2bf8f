package ir.meganaft.ragateway.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.cmp.CMPCertificate;
import org.bouncycastle.asn1.cmp.CMPObjectIdentifiers;
import org.bouncycastle.asn1.cmp.CertConfirmContent;
import org.bouncycastle.asn1.cmp.CertRepMessage;
import org.bouncycastle.asn1.cmp.CertResponse;
import org.bouncycastle.asn1.cmp.CertStatus;
import org.bouncycastle.asn1.cmp.ErrorMsgContent;
import org.bouncycastle.asn1.cmp.InfoTypeAndValue;
import org.bouncycastle.asn1.cmp.PKIBody;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIFreeText;
import org.bouncycastle.asn1.cmp.PKIHeader;
import org.bouncycastle.asn1.cmp.PKIMessage;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.cmp.PollRepContent;
import org.bouncycastle.asn1.cmp.PollReqContent;
import org.bouncycastle.asn1.cmp.RevRepContent;
import org.bouncycastle.asn1.crmf.CertReqMessages;
import org.bouncycastle.asn1.crmf.CertTemplate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.cmp.CMPException;
import org.bouncycastle.cert.cmp.CertificateConfirmationContentBuilder;
import org.bouncycastle.cert.cmp.ProtectedPKIMessage;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CA elsewhere, reached by CMP over HTTP (RFC 4210, RFC 6712, the lightweight profile of RFC 9483
 * where it applies). It sends the RA-signed {@code cr}, {@code kur} or {@code rr} as it is, and checks every
 * answer before believing it: signed (never MAC) by the configured CMP-signer certificate, the same
 * transactionID, our last senderNonce as its recipNonce. It polls ({@code pollReq}) a CA that answers
 * {@code waiting}, for at most the polling bound; confirms the certificate ({@code certConf}, then
 * {@code pkiConf}) unless the CA granted implicitConfirm; and hands back only a certificate for the
 * requested key and subject.
 *
 * <p>What the CA decided, in a protected answer, is final: a rejection is a {@link CaRefusedException}
 * (the request ends REJECTED with the CA's reason). What is not a decision (no answer, a timeout, an
 * answer that cannot be trusted, the CA's systemUnavail or systemFailure, still waiting after the
 * bound) is a {@link CaUnavailableException}, and a CA not heard at all its {@link CaNotHeardException}:
 * the message is delivered again (the broker's backoff, or for a CA not heard, back on the queue for as
 * long as it is away), the retry carries the same transactionID (the gateway's request id), and the CA
 * answers it from its ledger, never issuing twice.
 *
 * <p>A revocation the CA accepted is applied to the RA's own records too (its CRL view and status
 * answers), as the in-process CA applies it to the shared ones.
 */
public final class RemoteCertificateAuthority implements CertificateAuthority, CaHealth {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteCertificateAuthority.class);

    private final CmpHttp http;
    private final RaSignedRequests ra;
    private final List<X509Certificate> chain;
    private final X509CertificateHolder cmpSigner;
    private final Duration pollBound;
    private final RevocationRecords raRecords;
    private final Clock clock;

    /**
     * @param chain the issuing CA's certificate first, then the CAs above it
     * @param cmpSigner the certificate that protects the CA's CMP answers (the CA's own, or its CMP signer's)
     * @param pollBound how long a CA that answers {@code waiting} is polled before the request is retried later
     * @param raRecords the RA's certificate records, where an accepted revocation is applied
     */
    public RemoteCertificateAuthority(
            CmpHttp http,
            RaSignedRequests ra,
            List<X509Certificate> chain,
            X509Certificate cmpSigner,
            Duration pollBound,
            RevocationRecords raRecords,
            Clock clock) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("The remote CA's certificate chain is empty");
        }
        this.http = http;
        this.ra = ra;
        this.chain = List.copyOf(chain);
        this.pollBound = pollBound;
        this.raRecords = raRecords;
        this.clock = clock;
        try {
            this.cmpSigner = new X509CertificateHolder(cmpSigner.getEncoded());
        } catch (IOException | CertificateEncodingException e) {
            throw new IllegalArgumentException("Unreadable CMP-signer certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public X509Certificate issue(byte[] raSignedRequest) throws CaRefusedException {
        PKIMessage request = PKIMessage.getInstance(raSignedRequest);
        CertTemplate template = requestedTemplate(request.getBody());
        BigInteger certReqId = CertReqMessages.getInstance(request.getBody().getContent())
                .toCertReqMsgArray()[0]
                .getCertReq()
                .getCertReqId()
                .getValue();
        byte[] transactionId = request.getHeader().getTransactionID().getOctets();
        String tid = CmpProtection.transactionId(request.getHeader());
        ProtectedPKIMessage answer = exchange(raSignedRequest);
        Instant pollUntil = clock.instant().plus(pollBound);
        while (true) {
            PKIBody body = answer.getBody();
            switch (body.getType()) {
                case PKIBody.TYPE_CERT_REP, PKIBody.TYPE_INIT_REP, PKIBody.TYPE_KEY_UPDATE_REP -> {
                    CertResponse response =
                            single(CertRepMessage.getInstance(body.getContent()).getResponse(), tid);
                    int status = response.getStatus().getStatus().intValue();
                    if (status == PKIStatus.WAITING) {
                        answer = poll(transactionId, answer, certReqId, 1, pollUntil, tid);
                        continue;
                    }
                    if (status != PKIStatus.GRANTED && status != PKIStatus.GRANTED_WITH_MODS) {
                        throw refusal("The CA refused to issue transaction " + tid, response.getStatus());
                    }
                    X509CertificateHolder certificate = certificateOf(response, tid);
                    String wrong = mismatch(certificate, template);
                    if (wrong != null) {
                        rejectQuietly(transactionId, answer, certificate, certReqId, wrong);
                        throw new CaRefusedException(
                                "The CA answered transaction " + tid + " with a certificate for " + wrong,
                                PKIFailureInfo.badCertTemplate);
                    }
                    if (!implicitlyConfirmed(answer.getHeader())) {
                        confirm(transactionId, answer, certificate, certReqId, tid);
                    }
                    return toX509(certificate);
                }
                case PKIBody.TYPE_POLL_REP ->
                    answer = poll(
                            transactionId,
                            answer,
                            certReqId,
                            checkAfter(PollRepContent.getInstance(body.getContent())),
                            pollUntil,
                            tid);
                case PKIBody.TYPE_ERROR -> throw errorOf(answer, tid);
                default ->
                    throw new CaUnavailableException("The CA answered transaction " + tid + " with a CMP body of type "
                            + body.getType() + ", not ip, cp, kup, pollRep or error");
            }
        }
    }

    @Override
    public void revoke(byte[] raSignedRequest) throws CaRefusedException {
        PKIMessage request = PKIMessage.getInstance(raSignedRequest);
        String tid = CmpProtection.transactionId(request.getHeader());
        RevocationOrder order = RevocationOrder.of(request.getBody(), ra.caName());
        ProtectedPKIMessage answer = exchange(raSignedRequest);
        PKIBody body = answer.getBody();
        if (body.getType() == PKIBody.TYPE_ERROR) {
            throw errorOf(answer, tid);
        }
        if (body.getType() != PKIBody.TYPE_REVOCATION_REP) {
            throw new CaUnavailableException(
                    "The CA answered revocation " + tid + " with a CMP body of type " + body.getType() + ", not rp");
        }
        PKIStatusInfo[] statuses = RevRepContent.getInstance(body.getContent()).getStatus();
        if (statuses.length != 1) {
            throw new CaUnavailableException(
                    "The CA answered revocation " + tid + " with " + statuses.length + " statuses");
        }
        int status = statuses[0].getStatus().intValue();
        if (status != PKIStatus.GRANTED && status != PKIStatus.GRANTED_WITH_MODS) {
            throw refusal("The CA refused revocation " + tid, statuses[0]);
        }
        order.applyTo(raRecords, "ca:revocation", clock.instant());
    }

    @Override
    public List<X509Certificate> chain() {
        return chain;
    }

    /** Up when the CA's CMP port accepts a connection; an admin sees which CA and why not. */
    @Override
    public Status health() {
        java.net.URI url = http.url();
        int port = url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(url.getHost(), port), 2000);
            return new Status(true, "CA over CMP at " + url + " reachable");
        } catch (IOException e) {
            return new Status(false, "CA over CMP at " + url + " unreachable: " + e.getMessage());
        }
    }

    /** Sends a message and returns the answer once its protection, transactionID and recipNonce are right. */
    private ProtectedPKIMessage exchange(byte[] sent) {
        PKIHeader ours = PKIMessage.getInstance(sent).getHeader();
        byte[] answer = http.exchange(sent);
        String tid;
        try {
            tid = CmpProtection.transactionId(ours);
        } catch (CaRefusedException e) {
            throw new IllegalStateException(e);
        }
        ProtectedPKIMessage message;
        try {
            message = CmpProtection.signedBy(answer, cmpSigner, clock.instant());
        } catch (CaRefusedException e) {
            throw new CaUnavailableException(
                    "The CA's answer to transaction " + tid + " is not to be trusted: " + e.getMessage());
        }
        PKIHeader theirs = message.getHeader();
        if (theirs.getTransactionID() == null
                || !Arrays.equals(
                        theirs.getTransactionID().getOctets(),
                        ours.getTransactionID().getOctets())) {
            throw new CaUnavailableException(
                    "The CA's answer to transaction " + tid + " carries another transactionID");
        }
        if (theirs.getRecipNonce() == null
                || !Arrays.equals(
                        theirs.getRecipNonce().getOctets(),
                        ours.getSenderNonce().getOctets())) {
            throw new CaUnavailableException("The CA's answer to transaction " + tid + " does not carry our nonce");
        }
        return message;
    }

    private ProtectedPKIMessage poll(
            byte[] transactionId,
            ProtectedPKIMessage last,
            BigInteger certReqId,
            long checkAfterSeconds,
            Instant until,
            String tid) {
        Instant next = clock.instant().plusSeconds(Math.max(0, checkAfterSeconds));
        if (next.isAfter(until)) {
            throw new CaNotHeardException(
                    "The CA is still working on transaction " + tid + " after " + pollBound.toSeconds()
                            + " s (next poll in " + checkAfterSeconds + " s); the request is retried later");
        }
        try {
            Thread.sleep(Duration.between(clock.instant(), next).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaUnavailableException("Interrupted while polling the CA for transaction " + tid, e);
        } catch (IllegalArgumentException e) {
            // the time to wait has passed already
        }
        LOG.debug("Polling the CA for transaction {}", tid);
        return exchange(ra.followUp(
                transactionId, senderNonce(last), new PKIBody(PKIBody.TYPE_POLL_REQ, new PollReqContent(certReqId))));
    }

    private void confirm(
            byte[] transactionId,
            ProtectedPKIMessage last,
            X509CertificateHolder certificate,
            BigInteger certReqId,
            String tid) {
        try {
            CertConfirmContent content = new CertificateConfirmationContentBuilder()
                    .addAcceptedCertificate(certificate, certReqId)
                    .build(new JcaDigestCalculatorProviderBuilder().build())
                    .toASN1Structure();
            ProtectedPKIMessage answer = exchange(
                    ra.followUp(transactionId, senderNonce(last), new PKIBody(PKIBody.TYPE_CERT_CONFIRM, content)));
            if (answer.getBody().getType() == PKIBody.TYPE_ERROR) {
                throw new CaUnavailableException("The CA did not take the confirmation of transaction " + tid + ": "
                        + describe(ErrorMsgContent.getInstance(answer.getBody().getContent())
                                .getPKIStatusInfo()));
            }
            if (answer.getBody().getType() != PKIBody.TYPE_CONFIRM) {
                throw new CaUnavailableException("The CA answered the confirmation of transaction " + tid
                        + " with a CMP body of type " + answer.getBody().getType() + ", not pkiConf");
            }
        } catch (CMPException | OperatorCreationException e) {
            throw new IllegalStateException(
                    "Cannot build the certConf of transaction " + tid + ": " + e.getMessage(), e);
        }
    }

    /** Tells the CA its certificate is not accepted; its answer changes nothing here. */
    private void rejectQuietly(
            byte[] transactionId,
            ProtectedPKIMessage last,
            X509CertificateHolder certificate,
            BigInteger certReqId,
            String why) {
        try {
            // the certHash as an acceptance would carry it (the hash of the certificate's signature algorithm),
            // and no hashAlg: RFC 9480 wants it only where that algorithm names no hash, and OpenSSL 3.0 cannot
            // parse a CertStatus that has one
            byte[] hash = new CertificateConfirmationContentBuilder()
                    .addAcceptedCertificate(certificate, certReqId)
                    .build(new JcaDigestCalculatorProviderBuilder().build())
                    .toASN1Structure()
                    .toCertStatusArray()[0]
                    .getCertHash()
                    .getOctets();
            CertStatus rejected = new CertStatus(
                    hash,
                    certReqId,
                    new PKIStatusInfo(
                            PKIStatus.rejection,
                            new PKIFreeText("certificate for " + why),
                            new PKIFailureInfo(PKIFailureInfo.badCertTemplate)));
            http.exchange(ra.followUp(
                    transactionId,
                    senderNonce(last),
                    new PKIBody(PKIBody.TYPE_CERT_CONFIRM, CertConfirmContent.getInstance(new DERSequence(rejected)))));
        } catch (RuntimeException | CMPException | OperatorCreationException e) {
            LOG.warn("The CA was not told that its certificate is refused: {}", e.getMessage());
        }
    }

    private static boolean implicitlyConfirmed(PKIHeader header) {
        InfoTypeAndValue[] info = header.getGeneralInfo();
        return info != null
                && Arrays.stream(info).anyMatch(i -> CMPObjectIdentifiers.it_implicitConfirm.equals(i.getInfoType()));
    }

    private static byte[] senderNonce(ProtectedPKIMessage message) {
        return message.getHeader().getSenderNonce() == null
                ? null
                : message.getHeader().getSenderNonce().getOctets();
    }

    private static long checkAfter(PollRepContent content) {
        return content.size() == 0 ? 1 : content.getCheckAfter(0).getValue().longValue();
    }

    private static CertTemplate requestedTemplate(PKIBody body) {
        if (body.getType() != PKIBody.TYPE_CERT_REQ
                && body.getType() != PKIBody.TYPE_INIT_REQ
                && body.getType() != PKIBody.TYPE_KEY_UPDATE_REQ) {
            throw new IllegalArgumentException("Not a cr, ir or kur: CMP body type " + body.getType());
        }
        return CertReqMessages.getInstance(body.getContent())
                .toCertReqMsgArray()[0]
                .getCertReq()
                .getCertTemplate();
    }

    private static CertResponse single(CertResponse[] responses, String tid) {
        if (responses.length != 1) {
            throw new CaUnavailableException("The CA answered transaction " + tid + " with " + responses.length
                    + " certificate responses, not one");
        }
        return responses[0];
    }

    private static X509CertificateHolder certificateOf(CertResponse response, String tid) {
        if (response.getCertifiedKeyPair() == null
                || response.getCertifiedKeyPair().getCertOrEncCert() == null) {
            throw new CaUnavailableException("The CA granted transaction " + tid + " without a certificate");
        }
        CMPCertificate certificate =
                response.getCertifiedKeyPair().getCertOrEncCert().getCertificate();
        if (certificate == null || !certificate.isX509v3PKCert()) {
            throw new CaUnavailableException(
                    "The CA granted transaction " + tid + " with an encrypted or non-X.509 certificate");
        }
        return new X509CertificateHolder(certificate.getX509v3PKCert());
    }

    /** What is wrong with the certificate for the template ("another key", "another subject ..."), or null. */
    private String mismatch(X509CertificateHolder certificate, CertTemplate template) {
        if (!certificate.getSubjectPublicKeyInfo().equals(template.getPublicKey())) {
            return "another key";
        }
        X500Name subject = certificate.getSubject();
        if (template.getSubject() != null && !subject.equals(template.getSubject())) {
            return "another subject (" + subject + ")";
        }
        X500Name issuer =
                X500Name.getInstance(chain.get(0).getSubjectX500Principal().getEncoded());
        if (!certificate.getIssuer().equals(issuer)) {
            return "another issuer (" + certificate.getIssuer() + ")";
        }
        return null;
    }

    private static X509Certificate toX509(X509CertificateHolder holder) {
        try {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(holder.getEncoded()));
        } catch (CertificateException | IOException e) {
            throw new CaUnavailableException("The CA returned an unreadable certificate: " + e.getMessage(), e);
        }
    }

    /** The CA's error message: final, unless it says the CA is down for now. */
    private static RuntimeException errorOrThrow(PKIStatusInfo status, String what) {
        return new CaUnavailableException(what + ": " + describe(status));
    }

    private static CaRefusedException errorOf(ProtectedPKIMessage answer, String tid) {
        PKIStatusInfo status =
                ErrorMsgContent.getInstance(answer.getBody().getContent()).getPKIStatusInfo();
        int failInfo = failInfo(status);
        if ((failInfo
                        & (PKIFailureInfo.systemUnavail
                                | PKIFailureInfo.systemFailure
                                | PKIFailureInfo.transactionIdInUse))
                != 0) {
            throw errorOrThrow(status, "The CA cannot handle transaction " + tid + " now");
        }
        return refusal("The CA refused transaction " + tid, status);
    }

    private static CaRefusedException refusal(String what, PKIStatusInfo status) {
        int failInfo = failInfo(status);
        return new CaRefusedException(
                what + ": " + describe(status), failInfo == 0 ? PKIFailureInfo.badRequest : failInfo);
    }

    private static int failInfo(PKIStatusInfo status) {
        return status.getFailInfo() == null ? 0 : status.getFailInfo().intValue();
    }

    /** The status, its failInfo names and the CA's text, for the request's rejection reason. */
    static String describe(PKIStatusInfo status) {
        List<String> parts = new ArrayList<>();
        parts.add(CmpStatus.name(status.getStatus().intValue()));
        int failInfo = failInfo(status);
        if (failInfo != 0) {
            parts.add("failInfo " + String.join(",", CmpStatus.failures(failInfo)));
        }
        PKIFreeText text = status.getStatusString();
        if (text != null) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < text.size(); i++) {
                lines.add(text.getStringAtUTF8(i).getString());
            }
            parts.add("\"" + String.join("; ", lines) + "\"");
        }
        return String.join(" ", parts);
    }
}
