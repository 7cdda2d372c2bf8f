package ir.meganaft.ragateway.vetting;

import ir.meganaft.ragateway.csr.CsrChecks;
import ir.meganaft.ragateway.csr.ParsedCsr;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.identity.CivilRegistry;
import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.ApplicantKind;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.Channel;
import ir.meganaft.ragateway.request.Check;
import ir.meganaft.ragateway.request.CheckKind;
import ir.meganaft.ragateway.request.Representative;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.RequestStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks run on a RECEIVED request before an officer sees it: the CSR checks again (the
 * record, not the caller, is what gets vetted), that its key is not already certified or
 * requested elsewhere, and the civil-registry inquiry for each person named. Passing moves it to
 * AWAITING_PAYMENT (outside the industry) or PENDING_VETTING (inside); failing to REJECTED with the
 * reason. Every outcome is kept as evidence. Consuming the same message twice is harmless: only a
 * RECEIVED request is vetted.
 */
public final class AutomaticVetting {
    private static final Logger LOG = LoggerFactory.getLogger(AutomaticVetting.class);
    static final String ACTOR = "gateway:automatic-vetting";
    static final String REGISTRY_ACTOR = "gateway:civil-registry";

    private final RequestStore requests;
    private final CertificateStore certificates;
    private final CsrChecks checks;
    private final CivilRegistry registry;
    private final Clock clock;

    public AutomaticVetting(
            RequestStore requests,
            CertificateStore certificates,
            CsrChecks checks,
            CivilRegistry registry,
            Clock clock) {
        this.requests = requests;
        this.certificates = certificates;
        this.checks = checks;
        this.registry = registry;
        this.clock = clock;
    }

    /** Vets one request; returns the state it ends in (or is already in). */
    public RequestState vet(String requestId) {
        CertificateRequest request = requests.find(requestId).orElse(null);
        if (request == null) {
            LOG.warn("Vetting message for unknown request {} dropped", requestId);
            return null;
        }
        if (request.state() != RequestState.RECEIVED) {
            LOG.debug("Request {} is already {}; nothing to vet", requestId, request.state());
            return request.state();
        }
        String refusalCode = null;
        String refusal = null;
        try {
            // The CSR's signature was verified at intake (or renewal) before the request was stored; the
            // stored DER is ours, so it is not verified a second time here.
            ParsedCsr csr = checks.parser().parseDer(request.csrDer());
            checks.checkKey(csr);
            checks.checkSubject(csr, ExpectedSubjects.of(request.applicant()));
            boolean renewalKeepingItsKey = request.type() == ir.meganaft.ragateway.request.RequestType.RENEW
                    && certificates
                            .bySerial(request.targetSerial())
                            .map(previous -> previous.publicKeySha256().equals(request.publicKeySha256()))
                            .orElse(false);
            if (!renewalKeepingItsKey
                    && (certificates.publicKeyCertified(request.publicKeySha256())
                            || requests.publicKeyInOtherRequest(request.publicKeySha256(), requestId))) {
                refusalCode = "KEY_REUSED";
                refusal =
                        "The CSR's public key is already certified or requested in another request; generate a new key pair";
            }
        } catch (GatewayException refused) {
            refusalCode = refused.code().name();
            refusal = refused.getMessage();
        }
        // The inquiries run outside the row lock: a slow registry must not hold a database lock.
        List<Check> inquiries = refusal == null ? inquire(request.applicant()) : List.of();
        String code = refusalCode;
        String reason = refusal;
        return requests.locked(requestId, tx -> {
                    if (tx.request().state() != RequestState.RECEIVED) {
                        return tx.request().state();
                    }
                    inquiries.forEach(tx::addCheck);
                    String mismatch = inquiries.stream()
                            .filter(c -> c.outcome().equals("MISMATCH")
                                    || c.outcome().equals("NOT_FOUND"))
                            .map(Check::details)
                            .findFirst()
                            .orElse(null);
                    if (reason != null || mismatch != null) {
                        String rejectionCode = reason != null ? code : "CIVIL_REGISTRY_MISMATCH";
                        String rejection = reason != null
                                ? reason
                                : "The civil registry does not confirm the identity: " + mismatch;
                        tx.addCheck(new Check(
                                CheckKind.AUTOMATIC_CHECKS,
                                ACTOR,
                                null,
                                "FAILED",
                                null,
                                rejection,
                                null,
                                clock.instant()));
                        tx.reject(ACTOR, rejectionCode, rejection);
                        LOG.info(
                                "Request {} rejected by automatic vetting: {} {}", requestId, rejectionCode, rejection);
                        return RequestState.REJECTED;
                    }
                    tx.addCheck(new Check(
                            CheckKind.AUTOMATIC_CHECKS,
                            ACTOR,
                            null,
                            "PASSED",
                            null,
                            "key strength, subject and key uniqueness (the CSR signature was verified at submission)",
                            null,
                            clock.instant()));
                    RequestState next = tx.request().channel().channel() == Channel.OUTSIDE_INDUSTRY
                            ? RequestState.AWAITING_PAYMENT
                            : RequestState.PENDING_VETTING;
                    tx.moveTo(next, ACTOR, "automatic checks passed");
                    LOG.info("Request {} passed automatic vetting and is {}", requestId, next);
                    return next;
                })
                .orElse(null);
    }

    private List<Check> inquire(Applicant applicant) {
        List<Check> out = new ArrayList<>();
        if (applicant.kind() != ApplicantKind.ORGANIZATION) {
            out.add(inquiry(
                    "applicant", applicant.nationalCode(), applicant.givenName(), applicant.surname(), applicant));
        }
        Representative r = applicant.representative();
        if (r != null) {
            out.add(inquiry("representative", r.nationalCode(), r.givenName(), r.surname(), null));
        }
        return out;
    }

    private Check inquiry(String who, String nationalCode, String givenName, String surname, Applicant applicant) {
        CivilRegistry.Answer answer =
                registry.inquire(nationalCode, givenName, surname, applicant == null ? null : applicant.birthDate());
        return new Check(
                CheckKind.CIVIL_REGISTRY_INQUIRY,
                REGISTRY_ACTOR,
                null,
                answer.outcome().name(),
                null,
                who + " " + nationalCode + ": " + answer.detail(),
                null,
                clock.instant());
    }
}
