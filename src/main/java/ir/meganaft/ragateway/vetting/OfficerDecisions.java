package ir.meganaft.ragateway.vetting;

import static ir.meganaft.ragateway.security.RaRole.COMPLIANCE_OFFICER;
import static ir.meganaft.ragateway.security.RaRole.INTAKE_OFFICER;
import static ir.meganaft.ragateway.security.RaRole.REGISTRAR;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.request.ApplicantKind;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.Channel;
import ir.meganaft.ragateway.request.Check;
import ir.meganaft.ragateway.request.CheckKind;
import ir.meganaft.ragateway.request.Delivery;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.security.Officers;
import ir.meganaft.ragateway.security.RaRole;
import ir.meganaft.ragateway.store.RequestStore;
import ir.meganaft.ragateway.store.RequestTransaction;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What RA officers record and decide, each in the role the center gives it (docs/domain.md):
 * payment (outside channel), the identity check (intake officer), the document check (compliance
 * officer, not the same person when four-eyes is on), registration (registrar), rejection, and
 * delivery of the token (registrar). Each runs with the request locked, keeps its evidence, and
 * refuses anything out of order with a fault naming the state: nothing is ever silently ignored.
 */
public final class OfficerDecisions {
    private static final Logger LOG = LoggerFactory.getLogger(OfficerDecisions.class);
    /** The states in which a request waits for an officer. */
    public static final Collection<RequestState> WAITING_FOR_OFFICERS = EnumSet.of(
            RequestState.AWAITING_PAYMENT,
            RequestState.PENDING_VETTING,
            RequestState.PENDING_APPROVAL,
            RequestState.ISSUED);

    private static final Collection<RequestState> OPEN = EnumSet.of(
            RequestState.RECEIVED,
            RequestState.AWAITING_PAYMENT,
            RequestState.PENDING_VETTING,
            RequestState.PENDING_APPROVAL);

    private final RequestStore requests;
    private final Officers officers;
    private final Tariff tariff;
    private final boolean fourEyes;
    private final DocumentRequirements documents;
    private final java.util.function.Function<
                    String, java.util.Optional<ir.meganaft.ragateway.request.CertificateStatus>>
            certificateStatus;
    private final Clock clock;

    public OfficerDecisions(
            RequestStore requests,
            Officers officers,
            Tariff tariff,
            boolean fourEyes,
            DocumentRequirements documents,
            java.util.function.Function<String, java.util.Optional<ir.meganaft.ragateway.request.CertificateStatus>>
                    certificateStatus,
            Clock clock) {
        this.requests = requests;
        this.documents = documents;
        this.certificateStatus = certificateStatus;
        this.officers = officers;
        this.tariff = tariff;
        this.fourEyes = fourEyes;
        this.clock = clock;
    }

    /** Requests waiting for officers (or in one state), oldest first. Any registered officer may look. */
    public List<CertificateRequest> waiting(String officerId, RequestState state, int maxResults, String after) {
        officers.require(officerId, RaRole.values());
        return requests.inStates(state == null ? WAITING_FOR_OFFICERS : EnumSet.of(state), maxResults, after);
    }

    /** Outside channel: the tariff was paid at the RA office. */
    public RequestState recordPayment(
            String requestId, String officerId, String paymentReference, long amountRials, String remarks) {
        RaRole role = officers.require(officerId, REGISTRAR, INTAKE_OFFICER);
        return locked(requestId, tx -> {
            requireState(tx, RequestState.AWAITING_PAYMENT, "record a payment for");
            if (amountRials != tariff.totalRials()) {
                throw new GatewayException(
                        FaultCode.PAYMENT_MISMATCH,
                        "The tariff is " + tariff.totalRials()
                                + " rials (token " + tariff.tokenRials() + ", issuance " + tariff.issuanceRials()
                                + "); "
                                + amountRials + " were recorded",
                        "amountRials",
                        requestId);
            }
            tx.recordPaymentReference(paymentReference);
            tx.addCheck(check(
                    CheckKind.PAYMENT,
                    officerId,
                    role,
                    "PAID",
                    null,
                    "reference " + paymentReference + ", " + amountRials + " rials",
                    remarks));
            tx.moveTo(RequestState.PENDING_VETTING, actor(officerId), "paid, reference " + paymentReference);
            LOG.info("Payment {} recorded for request {} by {}", paymentReference, requestId, officerId);
            return tx.request().state();
        });
    }

    /** The intake officer authenticated the applicant (and the representative, if any). */
    public RequestState recordIdentityCheck(
            String requestId, String officerId, String method, String representativeMethod, String remarks) {
        RaRole role = officers.require(officerId, INTAKE_OFFICER);
        return locked(requestId, tx -> {
            requireVetting(tx, "record an identity check for");
            requireNotDone(tx, CheckKind.IDENTITY_CHECK);
            requireOtherOfficer(tx, CheckKind.DOCUMENT_CHECK, officerId);
            boolean viaRepresentative = tx.request().applicant().representative() != null;
            if (viaRepresentative && representativeMethod == null) {
                throw new GatewayException(
                        FaultCode.INCOMPLETE_APPLICATION,
                        "The request came through a"
                                + " representative: record how the representative was identified too",
                        "representativeIdentificationMethod",
                        requestId);
            }
            String details = "applicant identified by " + method
                    + (viaRepresentative ? "; representative identified by " + representativeMethod : "");
            tx.addCheck(check(CheckKind.IDENTITY_CHECK, officerId, role, "PASSED", method, details, remarks));
            return completeVetting(tx, officerId);
        });
    }

    /**
     * The compliance officer checked the documents against the center's standards. Each document
     * named must be on file (type and holder, {@link DocumentRequirements#onFile}) and together they
     * must cover every required document of each holder; otherwise a fault and nothing is recorded.
     * The evidence names exactly the documents on file that were checked, as HOLDER:TYPE.
     */
    public RequestState recordDocumentCheck(
            String requestId, String officerId, List<DocumentRequirements.Named> checkedDocuments, String remarks) {
        RaRole role = officers.require(officerId, COMPLIANCE_OFFICER);
        return locked(requestId, tx -> {
            requireVetting(tx, "record a document check for");
            requireNotDone(tx, CheckKind.DOCUMENT_CHECK);
            requireOtherOfficer(tx, CheckKind.IDENTITY_CHECK, officerId);
            ApplicantKind kind = tx.request().applicant().kind();
            List<DocumentRequirements.Submitted> onFile = requests.documentsOnFile(requestId).stream()
                    .map(d -> new DocumentRequirements.Submitted(d.type(), d.holder(), d.expiryDate()))
                    .toList();
            List<DocumentRequirements.Submitted> checked = documents.onFile(kind, checkedDocuments, onFile, requestId);
            List<String> unchecked = documents.uncheckedRequirements(kind, checked, LocalDate.now(clock));
            if (!unchecked.isEmpty()) {
                throw new GatewayException(
                        FaultCode.MISSING_DOCUMENTS,
                        "The document check of an "
                                + kind + " request must cover every required document of each holder; not checked: "
                                + String.join(", ", unchecked),
                        String.join(", ", unchecked),
                        requestId);
            }
            tx.addCheck(check(
                    CheckKind.DOCUMENT_CHECK,
                    officerId,
                    role,
                    "PASSED",
                    null,
                    "documents checked: "
                            + String.join(
                                    ", ",
                                    checked.stream()
                                            .map(DocumentRequirements::describe)
                                            .toList()),
                    remarks));
            return completeVetting(tx, officerId);
        });
    }

    /**
     * The registrar registers a vetted request; the route then queues it for issuance. Returns its
     * id. The same registrar approving again (a retry after a lost answer) gets the same answer,
     * and the request is queued again, which is harmless: issuance acts only on APPROVED requests.
     */
    public String approve(String requestId, String officerId, String remarks) {
        RaRole role = officers.require(officerId, REGISTRAR);
        locked(requestId, tx -> {
            boolean alreadyMine = tx.checks().stream()
                    .anyMatch(c -> c.kind() == CheckKind.APPROVAL && c.actor().equals(actor(officerId)));
            if (alreadyMine
                    && EnumSet.of(RequestState.APPROVED, RequestState.ISSUED, RequestState.DELIVERED)
                            .contains(tx.request().state())) {
                return tx.request().state();
            }
            requireState(tx, RequestState.PENDING_APPROVAL, "approve");
            tx.addCheck(check(CheckKind.APPROVAL, officerId, role, "APPROVED", null, null, remarks));
            tx.moveTo(RequestState.APPROVED, actor(officerId), remarks == null ? "approved" : remarks);
            return tx.request().state();
        });
        LOG.info("Request {} approved by officer {}", requestId, officerId);
        return requestId;
    }

    public String reject(String requestId, String officerId, String reasonCode, String reason) {
        RaRole role = officers.require(officerId, INTAKE_OFFICER, COMPLIANCE_OFFICER, REGISTRAR);
        locked(requestId, tx -> {
            if (!OPEN.contains(tx.request().state())) {
                throw illegal(tx, "reject");
            }
            String code = reasonCode == null ? "REJECTED_BY_OFFICER" : reasonCode;
            tx.addCheck(check(CheckKind.REJECTION, officerId, role, code, null, null, reason));
            tx.reject(actor(officerId), code, reason);
            return tx.request().state();
        });
        LOG.info("Request {} rejected by officer {}: {}", requestId, officerId, reason);
        return requestId;
    }

    /** The registrar handed over the token; inside the industry it goes back to the R&D unit by default. */
    public RequestState recordDelivery(
            String requestId, String officerId, String tokenSerialNumber, String deliveredTo, String remarks) {
        RaRole role = officers.require(officerId, REGISTRAR);
        return locked(requestId, tx -> {
            requireState(tx, RequestState.ISSUED, "record the delivery of");
            certificateStatus
                    .apply(requestId)
                    .filter(status -> status != ir.meganaft.ragateway.request.CertificateStatus.GOOD)
                    .ifPresent(status -> {
                        throw new GatewayException(
                                FaultCode.ILLEGAL_STATE,
                                "The certificate of request " + requestId + " is " + status
                                        + "; a token holding it is not handed over",
                                "requestId",
                                requestId);
                    });
            CertificateRequest r = tx.request();
            String recipient = deliveredTo != null
                    ? deliveredTo
                    : r.channel().channel() == Channel.INSIDE_INDUSTRY
                            ? "R&D unit " + r.channel().rdUnit()
                            : r.applicant().kind() == ApplicantKind.ORGANIZATION
                                    ? "representative "
                                            + r.applicant().representative().fullName()
                                    : "applicant " + r.applicant().displayName();
            Delivery delivery = new Delivery(tokenSerialNumber, recipient, officerId, clock.instant());
            tx.recordDelivery(delivery);
            tx.addCheck(check(
                    CheckKind.DELIVERY,
                    officerId,
                    role,
                    "DELIVERED",
                    null,
                    "token " + tokenSerialNumber + " delivered to " + recipient,
                    remarks));
            tx.moveTo(RequestState.DELIVERED, actor(officerId), "token " + tokenSerialNumber + " to " + recipient);
            LOG.info(
                    "Token {} for request {} delivered to {} by {}",
                    tokenSerialNumber,
                    requestId,
                    recipient,
                    officerId);
            return tx.request().state();
        });
    }

    private RequestState completeVetting(RequestTransaction tx, String officerId) {
        List<Check> checks = tx.checks();
        boolean identity = checks.stream().anyMatch(c -> c.kind() == CheckKind.IDENTITY_CHECK);
        boolean documents = checks.stream().anyMatch(c -> c.kind() == CheckKind.DOCUMENT_CHECK);
        if (identity && documents) {
            tx.moveTo(RequestState.PENDING_APPROVAL, actor(officerId), "identity and documents checked");
        }
        return tx.request().state();
    }

    private void requireOtherOfficer(RequestTransaction tx, CheckKind otherCheck, String officerId) {
        if (!fourEyes) {
            return;
        }
        Optional<Check> other =
                tx.checks().stream().filter(c -> c.kind() == otherCheck).findFirst();
        if (other.isPresent() && other.get().actor().equals(actor(officerId))) {
            throw new GatewayException(
                    FaultCode.FOUR_EYES_VIOLATION,
                    "Officer " + officerId + " already recorded the "
                            + otherCheck.name().toLowerCase().replace('_', ' ') + " of request "
                            + tx.request().id()
                            + "; the identity and document checks need two different officers",
                    "officer/officerId",
                    tx.request().id());
        }
    }

    private static void requireNotDone(RequestTransaction tx, CheckKind kind) {
        tx.checks().stream().filter(c -> c.kind() == kind).findFirst().ifPresent(done -> {
            throw new GatewayException(
                    FaultCode.ILLEGAL_STATE,
                    "The " + kind.name().toLowerCase().replace('_', ' ') + " of request "
                            + tx.request().id() + " was already recorded by " + done.actor() + " at " + done.at(),
                    "requestId",
                    tx.request().id());
        });
    }

    private static void requireVetting(RequestTransaction tx, String action) {
        if (tx.request().state() == RequestState.AWAITING_PAYMENT) {
            throw paymentRequired(tx, action);
        }
        requireState(tx, RequestState.PENDING_VETTING, action);
    }

    private static void requireState(RequestTransaction tx, RequestState expected, String action) {
        if (tx.request().state() == RequestState.AWAITING_PAYMENT && expected != RequestState.AWAITING_PAYMENT) {
            throw paymentRequired(tx, action);
        }
        if (tx.request().state() != expected) {
            throw illegal(tx, action);
        }
    }

    private static GatewayException paymentRequired(RequestTransaction tx, String action) {
        return new GatewayException(
                FaultCode.PAYMENT_REQUIRED,
                "Request " + tx.request().id() + " waits for payment at the RA office; record the payment before you "
                        + action + " it",
                "requestId",
                tx.request().id());
    }

    private static GatewayException illegal(RequestTransaction tx, String action) {
        return new GatewayException(
                FaultCode.ILLEGAL_STATE,
                "Request " + tx.request().id() + " is " + tx.request().state() + "; you cannot " + action + " it now",
                "requestId",
                tx.request().id());
    }

    private <T> T locked(String requestId, Function<RequestTransaction, T> work) {
        return requests.locked(requestId, work).orElseThrow(() -> GatewayException.unknownRequest(requestId));
    }

    private Check check(
            CheckKind kind,
            String officerId,
            RaRole role,
            String outcome,
            String method,
            String details,
            String remarks) {
        return new Check(kind, actor(officerId), role.name(), outcome, method, details, remarks, clock.instant());
    }

    private static String actor(String officerId) {
        return "officer:" + officerId;
    }
}
