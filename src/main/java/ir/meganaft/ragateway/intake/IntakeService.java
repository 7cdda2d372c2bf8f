package ir.meganaft.ragateway.intake;

import ir.meganaft.ragateway.csr.CsrChecks;
import ir.meganaft.ragateway.csr.ParsedCsr;
import ir.meganaft.ragateway.idempotency.ContentHash;
import ir.meganaft.ragateway.idempotency.Idempotency;
import ir.meganaft.ragateway.notification.CallbackAddresses;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.RequestType;
import ir.meganaft.ragateway.request.SubmittedDocument;
import ir.meganaft.ragateway.store.RequestStore;
import ir.meganaft.ragateway.vetting.ExpectedSubjects;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x500.style.RFC4519Style;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts submissions: checks the CSR at once so the caller learns of a bad one immediately,
 * makes retries idempotent on (caller system, clientRequestId), refuses a replyTo that is not
 * registered for the caller system, and stores the request as RECEIVED.
 * Queueing it for vetting is the route's next step.
 */
public final class IntakeService {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeService.class);
    private static final String ACTOR_PREFIX = "caller:";

    private final RequestStore requests;
    private final EvidenceScans evidence;
    private final CsrChecks checks;
    private final ApplicationRules rules;
    private final CallbackAddresses callbacks;
    private final Idempotency idempotency;
    private final Clock clock;

    public IntakeService(
            RequestStore requests,
            EvidenceScans evidence,
            CsrChecks checks,
            ApplicationRules rules,
            CallbackAddresses callbacks,
            Clock clock) {
        this.requests = requests;
        this.idempotency = new Idempotency(requests);
        this.evidence = evidence;
        this.checks = checks;
        this.rules = rules;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    public Receipt accept(Submission received) {
        Submission submission = rules.check(received);
        Idempotency.Key key = new Idempotency.Key(
                submission.callerSystemId(), submission.clientRequestId(), RequestType.ISSUE, submission.contentHash());
        return idempotency.once(key, () -> receive(submission, key.content()), Receipt::repeated);
    }

    private Receipt receive(Submission submission, ContentHash contentHash) {
        callbacks.requireAllowed(submission.callerSystemId(), submission.replyTo());
        ParsedCsr csr = submission.csrDer() != null
                ? checks.parser().parseDer(submission.csrDer())
                : checks.parser().parsePem(submission.csrPem());
        checks.checkKeyAndSignature(csr);
        checks.checkSubject(csr, ExpectedSubjects.of(submission.applicant()));

        CertificateRequest request = CertificateRequest.issue(
                new CertificateRequest.Sender(
                        submission.callerSystemId(),
                        submission.clientRequestId(),
                        submission.callerOperator(),
                        submission.replyTo()),
                contentHash.value(),
                submission.applicant(),
                submission.channel(),
                new CertificateRequest.Csr(
                        csr.der(), csr.publicKeyFingerprint(), RFC4519Style.INSTANCE.toString(csr.subject())),
                submission.profile(),
                submission.remarks(),
                clock.instant());
        List<SubmittedDocument> documents = storeEvidence(submission.documents());
        requests.insert(request, documents, ACTOR_PREFIX + submission.callerSystemId());
        ir.meganaft.ragateway.errors.LogContext.requestId(request.id());
        LOG.info(
                "Received request {} (client {}/{}) for {}",
                request.id(),
                submission.callerSystemId(),
                submission.clientRequestId(),
                request.requestedSubject());
        return Receipt.received(request);
    }

    private List<SubmittedDocument> storeEvidence(List<Submission.Document> documents) {
        List<SubmittedDocument> stored = new ArrayList<>();
        for (Submission.Document d : documents) {
            String sha256 = d.file() == null ? null : evidence.store(d.file());
            Long size = d.file() == null ? null : (long) d.file().length;
            stored.add(new SubmittedDocument(
                    d.type(),
                    d.holder(),
                    d.number(),
                    d.issuer(),
                    d.issueDate(),
                    d.expiryDate(),
                    d.description(),
                    d.fileName(),
                    sha256,
                    size));
        }
        return stored;
    }
}
