package ir.meganaft.ragateway.lifecycle;

import ir.meganaft.ragateway.csr.CsrChecks;
import ir.meganaft.ragateway.csr.Fingerprints;
import ir.meganaft.ragateway.csr.ParsedCsr;
import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.idempotency.ContentHash;
import ir.meganaft.ragateway.idempotency.Idempotency;
import ir.meganaft.ragateway.intake.CertificateNames;
import ir.meganaft.ragateway.intake.Receipt;
import ir.meganaft.ragateway.notification.CallbackAddresses;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.request.RequestType;
import ir.meganaft.ragateway.security.Caller;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.RequestStore;
import ir.meganaft.ragateway.vetting.ExpectedSubjects;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.style.RFC4519Style;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renewal: a new certificate for the same vetted subject with a new validity. It is vetted again
 * (automatic checks, identity and document checks, registration) with the previous certificate as
 * context, so no documents are sent again. A new CSR re-keys; without one the previous key is kept
 * if the profile allows it ({@code gateway.renewal.same-key-allowed}). The previous certificate is
 * revoked as superseded when the new one is delivered.
 */
public final class RenewalService {
    private static final Logger LOG = LoggerFactory.getLogger(RenewalService.class);

    public record Submission(
            Caller caller,
            String clientRequestId,
            String callerOperator,
            String replyTo,
            CertificateReference certificate,
            byte[] csrDer,
            String csrPem,
            String remarks) {
        /** The system that asks: the authenticated caller (issue 12). */
        public String callerSystemId() {
            return caller.id();
        }

        /**
         * What the caller asked for: the certificate named, the CSR as sent (none keeps the key) and
         * replyTo. Remarks and the operator are not content.
         */
        public ContentHash contentHash() {
            byte[] csr = csrDer != null
                    ? csrDer
                    : csrPem != null ? csrPem.strip().getBytes(StandardCharsets.US_ASCII) : null;
            return ContentHash.of(
                            Arrays.asList(
                                    certificate.requestId(),
                                    certificate.issuer(),
                                    certificate.serialNumber(),
                                    replyTo,
                                    csrDer != null ? "DER" : csrPem != null ? "PEM" : "NONE"),
                            csr)
                    .orAsStoredBefore(asStoredBefore());
        }

        /**
         * The content hash the gateway stored for renewals before this definition (it hashed the
         * reference's record text, the CSR in lower-case hex, the PEM and replyTo joined by "|"),
         * written out so a retry of a renewal stored then is still recognized.
         */
        private String asStoredBefore() {
            String reference = "CertificateReference[requestId=" + certificate.requestId() + ", issuer="
                    + certificate.issuer() + ", serialNumber=" + certificate.serialNumber() + "]";
            return Fingerprints.sha256Hex((reference + "|"
                            + (csrDer == null ? "" : HexFormat.of().formatHex(csrDer)) + "|" + csrPem + "|" + replyTo)
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private final RequestStore requests;
    private final Certificates finder;
    private final CsrChecks checks;
    private final boolean sameKeyAllowed;
    private final CallbackAddresses callbacks;
    private final Idempotency idempotency;
    private final Clock clock;

    public RenewalService(
            RequestStore requests,
            CertificateStore certificates,
            javax.security.auth.x500.X500Principal caName,
            CsrChecks checks,
            boolean sameKeyAllowed,
            CallbackAddresses callbacks,
            Clock clock) {
        this.requests = requests;
        this.idempotency = new Idempotency(requests);
        this.finder = new Certificates(certificates, requests, caName);
        this.checks = checks;
        this.sameKeyAllowed = sameKeyAllowed;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    public Receipt request(Submission s) {
        Idempotency.Key key =
                new Idempotency.Key(s.callerSystemId(), s.clientRequestId(), RequestType.RENEW, s.contentHash());
        return idempotency.once(key, () -> renew(s, key.content()), Receipt::repeated);
    }

    private Receipt renew(Submission s, ContentHash contentHash) {
        callbacks.requireAllowed(s.callerSystemId(), s.replyTo());
        Certificates.Found found = finder.find(s.certificate(), s.caller());
        CertificateRequest origin = found.origin();
        if (found.certificate().status() != CertificateStatus.GOOD) {
            throw new GatewayException(
                    FaultCode.RENEWAL_NOT_ALLOWED,
                    "Certificate " + found.certificate().serialNumber() + " is "
                            + found.certificate().status() + "; only a good certificate is renewed",
                    "certificate",
                    null);
        }
        requests.openRenewalOf(found.certificate().serialNumber()).ifPresent(open -> {
            throw new GatewayException(
                    FaultCode.RENEWAL_NOT_ALLOWED,
                    "Certificate " + found.certificate().serialNumber() + " is already being renewed (request " + open
                            + ")",
                    "certificate",
                    open);
        });
        // the vetted subject is issued again: it must still fit a certificate (data stored before these rules)
        CertificateNames.requireFitForCertificate(origin.applicant(), origin.channel());
        String remarks = CertificateNames.freeText(s.remarks(), "remarks");
        ParsedCsr csr;
        if (s.csrDer() == null && s.csrPem() == null) {
            if (!sameKeyAllowed) {
                throw new GatewayException(
                        FaultCode.RENEWAL_NOT_ALLOWED,
                        "The profile wants a new key at renewal:" + " send a CSR for a new key pair",
                        "csr",
                        null);
            }
            csr = checks.parser().parseDer(origin.csrDer());
        } else {
            csr = s.csrDer() != null
                    ? checks.parser().parseDer(s.csrDer())
                    : checks.parser().parsePem(s.csrPem());
            checks.checkKeyAndSignature(csr);
            checks.checkSubject(csr, ExpectedSubjects.of(origin.applicant()));
        }
        CertificateRequest renewal = CertificateRequest.renewal(
                new CertificateRequest.Sender(s.callerSystemId(), s.clientRequestId(), s.callerOperator(), s.replyTo()),
                contentHash.value(),
                origin,
                found.certificate().serialNumber(),
                new CertificateRequest.Csr(
                        csr.der(), csr.publicKeyFingerprint(), RFC4519Style.INSTANCE.toString(csr.subject())),
                remarks,
                clock.instant());
        requests.insert(renewal, List.of(), "caller:" + s.callerSystemId());
        LOG.info(
                "Renewal {} of certificate {} received from {} ({})",
                renewal.id(),
                found.certificate().serialNumber(),
                s.callerSystemId(),
                csr.publicKeyFingerprint().equals(origin.publicKeySha256()) ? "same key" : "new key");
        return Receipt.received(renewal);
    }
}
