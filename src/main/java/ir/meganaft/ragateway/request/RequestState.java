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
    CANCELLED(null);

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
            case RECEIVED -> EnumSet.of(PENDING_APPROVAL, AWAITING_PAYMENT, PENDING_VETTING, REJECTED, CANCELLED);
            case AWAITING_PAYMENT -> EnumSet.of(PENDING_VETTING, PENDING_APPROVAL, CANCELLED, REJECTED);
            case PENDING_VETTING -> EnumSet.of(PENDING_APPROVAL, REJECTED, CANCELLED);
            case PENDING_APPROVAL -> EnumSet.of(APPROVED, REJECTED, CANCELLED);
            case APPROVED -> EnumSet.of(ISSUED, REJECTED);
            case ISSUED -> EnumSet.of(DELIVERED);
            case DELIVERED, REJECTED, CANCELLED -> EnumSet.noneOf(RequestState.class);
        };
    }

    public boolean canMoveTo(RequestState target) {
        return next().contains(target);
    }
}
