package ir.meganaft.ragateway.request;

import java.util.EnumSet;
import java.util.Set;

/**
 * A request's states. The transitions allowed between them are per kind of request
 * ({@link RequestType}); anything else is refused, never ignored.
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

    /**
     * Where a request of some kind may go from this state: the union of the kinds' ways
     * ({@link RequestType#next}). A request's own kind decides what it may do: {@link RequestType#allows}.
     */
    public Set<RequestState> next() {
        Set<RequestState> next = EnumSet.noneOf(RequestState.class);
        for (RequestType type : RequestType.values()) {
            next.addAll(type.next(this));
        }
        return next;
    }

    /** Whether a request of some kind may move from this state to {@code target}; see {@link #next}. */
    public boolean canMoveTo(RequestState target) {
        return next().contains(target);
    }
}
