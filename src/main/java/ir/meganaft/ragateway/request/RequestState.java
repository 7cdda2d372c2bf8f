package ir.meganaft.ragateway.request;

import java.util.EnumSet;
import java.util.Set;

/**
 * A request's states and the transitions allowed between them. Anything else is refused with
 * ILLEGAL_STATE, never ignored. (Payment, vetting by roles and delivery join with the vetting issue.)
 */
public enum RequestState {
    RECEIVED("automatic checks"),
    AWAITING_PAYMENT("payment of the tariff at the RA office"),
    PENDING_VETTING("identity and document checks by RA officers"),
    PENDING_APPROVAL("RA officer approval"),
    APPROVED("issuance by the CA"),
    ISSUED("delivery of the token"),
    DELIVERED(null),
    REJECTED(null),
    CANCELLED(null),
    /** A revocation request that took effect. */
    COMPLETED(null);

    private final String waitingFor;

    RequestState(String waitingFor) {
        this.waitingFor = waitingFor;
    }

    /** What a request in this state waits for, in words, or null when it is final. */
    public String waitingFor() {
        return waitingFor;
    }

    public Set<RequestState> next() {
        return switch (this) {
            // a revocation goes straight to approval, or is approved at once (keyCompromise, RA finding)
            case RECEIVED -> EnumSet.of(PENDING_APPROVAL, AWAITING_PAYMENT, PENDING_VETTING, APPROVED, REJECTED, CANCELLED);
            case AWAITING_PAYMENT -> EnumSet.of(PENDING_VETTING, PENDING_APPROVAL, CANCELLED, REJECTED);
            case PENDING_VETTING -> EnumSet.of(PENDING_APPROVAL, REJECTED, CANCELLED);
            case PENDING_APPROVAL -> EnumSet.of(APPROVED, REJECTED, CANCELLED);
            case APPROVED -> EnumSet.of(ISSUED, COMPLETED, REJECTED);
            case ISSUED -> EnumSet.of(DELIVERED);
            case DELIVERED, REJECTED, CANCELLED, COMPLETED -> EnumSet.noneOf(RequestState.class);
        };
    }

    public boolean canMoveTo(RequestState target) {
        return next().contains(target);
    }
}
