package ir.meganaft.ragateway.intake;

import ir.meganaft.ragateway.csr.CsrChecks;
import ir.meganaft.ragateway.csr.Fingerprints;
import ir.meganaft.ragateway.csr.ParsedCsr;
import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.notification.CallbackAddresses;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.RequestType;
import ir.meganaft.ragateway.request.SubmittedDocument;
import ir.meganaft.ragateway.store.RequestStore;
import ir.meganaft.ragateway.vetting.ExpectedSubjects;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bouncycastle.asn1.x500.style.RFC4519Style;
import org.jdbi.v3.core.JdbiException;
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
    private final EvidenceFiles evidence;
    private final CsrChecks checks;
    private final ApplicationRules rules;
    private final CallbackAddresses callbacks;
    private final Clock clock;

    public IntakeService(RequestStore requests, EvidenceFiles evidence, CsrChecks checks, ApplicationRules rules,
            CallbackAddresses callbacks, Clock clock) {
        this.requests = requests;
        this.evidence = evidence;
        this.checks = checks;
        this.rules = rules;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    public Receipt accept(Submission received) {
        Submission submission = rules.check(received);
        String contentHash = contentHash(submission);
        Optional<CertificateRequest> earlier = requests.findByClientRequestId(submission.callerSystemId(),
                submission.clientRequestId());
        if (earlier.isPresent()) {
            return duplicateOf(earlier.get(), contentHash);
        }
        callbacks.requireAllowed(submission.callerSystemId(), submission.replyTo());
        ParsedCsr csr = submission.csrDer() != null ? checks.parser().parseDer(submission.csrDer()) : checks.parser().parsePem(submission.csrPem());
        checks.checkKeyAndSignature(csr);
        checks.checkSubject(csr, ExpectedSubjects.of(submission.applicant()));

        Instant now = clock.instant();
        CertificateRequest request = new CertificateRequest(UUID.randomUUID().toString(), submission.callerSystemId(),
                submission.clientRequestId(), contentHash, RequestType.ISSUE, submission.applicant(),
                submission.channel(), RequestState.RECEIVED, csr.der(), csr.publicKeyFingerprint(),
                RFC4519Style.INSTANCE.toString(csr.subject()), submission.profile(), submission.remarks(),
                submission.replyTo(), submission.callerOperator(), null, null, null, null, null, now, now);
        List<SubmittedDocument> documents = storeEvidence(submission.documents());
        try {
            requests.insert(request, documents, ACTOR_PREFIX + submission.callerSystemId());
        } catch (JdbiException e) {
            // Two identical submissions raced: the unique (caller, clientRequestId) key let one in.
            Optional<CertificateRequest> winner = requests.findByClientRequestId(submission.callerSystemId(),
                    submission.clientRequestId());
            if (winner.isPresent()) {
                return duplicateOf(winner.get(), contentHash);
            }
            throw e;
        }
        LOG.info("Received request {} (client {}/{}) for {}", request.id(), submission.callerSystemId(),
                submission.clientRequestId(), request.requestedSubject());
        return new Receipt(request.id(), request.clientRequestId(), request.state(), request.receivedAt(), false);
    }

    private static Receipt duplicateOf(CertificateRequest original, String contentHash) {
        if (!original.contentHash().equals(contentHash)) {
            throw new GatewayException(FaultCode.IDEMPOTENCY_CONFLICT, "clientRequestId " + original.clientRequestId()
                    + " was already used for request " + original.id() + " with different content; use a new"
                    + " clientRequestId for a new request", "header/clientRequestId", original.id());
        }
        LOG.info("Repeated submission of {}/{} answered with request {}", original.callerSystemId(),
                original.clientRequestId(), original.id());
        return new Receipt(original.id(), original.clientRequestId(), original.state(), original.receivedAt(), true);
    }

    private List<SubmittedDocument> storeEvidence(List<Submission.Document> documents) {
        List<SubmittedDocument> stored = new ArrayList<>();
        for (Submission.Document d : documents) {
            String sha256 = d.file() == null ? null : evidence.store(d.file());
            Long size = d.file() == null ? null : (long) d.file().length;
            stored.add(new SubmittedDocument(d.type(), d.holder(), d.number(), d.issuer(), d.issueDate(),
                    d.expiryDate(), d.description(), d.fileName(), sha256, size));
        }
        return stored;
    }

    /**
     * A digest of what the caller asked for, so a retry can be told from a different request. The
     * fields are listed one by one (not a record's toString) so that adding a field to the model
     * does not turn yesterday's retries into conflicts.
     */
    static String contentHash(Submission s) {
        java.util.List<Object> fields = new ArrayList<>();
        var a = s.applicant();
        java.util.Collections.addAll(fields, a.kind(), a.givenName(), a.surname(), a.givenNameLatin(), a.surnameLatin(),
                a.nationalCode(), a.birthDate(), a.email(), a.mobile(), a.postalCode(), a.organizationName(),
                a.organizationNameLatin(), a.organizationalUnit(), a.legalId(), a.jobTitle(), a.contractType(),
                a.personnelNumber(), a.identificationMethod());
        var r = a.representative();
        if (r != null) {
            java.util.Collections.addAll(fields, r.givenName(), r.surname(), r.nationalCode(), r.email(), r.mobile(),
                    r.identificationMethod(), r.authorizationReference(), r.authorizationTerms(), r.authorizationValidUntil());
        }
        var c = s.channel();
        java.util.Collections.addAll(fields, c.channel(), c.companyName(), c.rdUnit(), c.contractingAuthority(),
                c.raOffice(), c.paymentReference(), s.profile(), s.replyTo());
        for (Submission.Document d : s.documents()) {
            java.util.Collections.addAll(fields, d.type(), d.holder(), d.number(), d.issuer(), d.issueDate(),
                    d.expiryDate(), d.file() == null ? null : Fingerprints.sha256Hex(d.file()));
        }
        StringBuilder canonical = new StringBuilder();
        for (Object field : fields) {
            String text = field == null ? "" : field.toString();
            canonical.append(text.length()).append(':').append(text).append(';');
        }
        byte[] text = canonical.toString().getBytes(StandardCharsets.UTF_8);
        byte[] csr = s.csrDer() != null ? s.csrDer() : s.csrPem().strip().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[text.length + csr.length];
        System.arraycopy(text, 0, all, 0, text.length);
        System.arraycopy(csr, 0, all, text.length, csr.length);
        return Fingerprints.sha256Hex(all);
    }
}
