package ir.meganaft.ragateway.request;

import static ir.meganaft.ragateway.request.RequestState.APPROVED;
import static ir.meganaft.ragateway.request.RequestState.AWAITING_PAYMENT;
import static ir.meganaft.ragateway.request.RequestState.CANCELLED;
import static ir.meganaft.ragateway.request.RequestState.COMPLETED;
import static ir.meganaft.ragateway.request.RequestState.DELIVERED;
import static ir.meganaft.ragateway.request.RequestState.ISSUED;
import static ir.meganaft.ragateway.request.RequestState.PENDING_APPROVAL;
import static ir.meganaft.ragateway.request.RequestState.PENDING_VETTING;
import static ir.meganaft.ragateway.request.RequestState.RECEIVED;
import static ir.meganaft.ragateway.request.RequestState.REJECTED;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The kinds of request, each with its own way through the states. The store refuses any other
 * transition ({@code store/RequestStore}), so a revocation can never be ISSUED nor an issue
 * COMPLETED.
 *
 * <ul>
 *   <li>ISSUE and RENEW are vetted: RECEIVED, automatic checks, payment outside the industry,
 *       identity and document checks, approval, the CA, then the token's delivery.</li>
 *   <li>REVOKE is stored in its first real state at once: PENDING_APPROVAL for a registrar, or
 *       APPROVED when it takes effect at once; approved, the CA carries it out (COMPLETED). RECEIVED
 *       is kept for revocations stored that way by earlier versions.</li>
 * </ul>
 */
public enum RequestType {
    ISSUE(vetted(), EnumSet.of(RECEIVED)),
    RENEW(vetted(), EnumSet.of(RECEIVED)),
    REVOKE(revocation(), EnumSet.of(PENDING_APPROVAL, APPROVED));

    private final Map<RequestState, Set<RequestState>> next;
    private final Set<RequestState> firstStates;

    RequestType(Map<RequestState, Set<RequestState>> next, Set<RequestState> firstStates) {
        this.next = next;
        this.firstStates = Collections.unmodifiableSet(firstStates);
    }

    /** Where a request of this kind may go from {@code from}; empty for a final state. */
    public Set<RequestState> next(RequestState from) {
        return next.getOrDefault(from, Set.of());
    }

    public boolean allows(RequestState from, RequestState to) {
        return next(from).contains(to);
    }

    /** The states a new request of this kind is stored in. */
    public Set<RequestState> firstStates() {
        return firstStates;
    }

    /** The kinds of request that may move from {@code from} to {@code to}; empty when none may. */
    public static Set<RequestType> allowing(RequestState from, RequestState to) {
        Set<RequestType> types = EnumSet.noneOf(RequestType.class);
        for (RequestType type : values()) {
            if (type.allows(from, to)) {
                types.add(type);
            }
        }
        return types;
    }

    private static Map<RequestState, Set<RequestState>> vetted() {
        Map<RequestState, Set<RequestState>> next = new EnumMap<>(RequestState.class);
        next.put(RECEIVED, EnumSet.of(AWAITING_PAYMENT, PENDING_VETTING, REJECTED, CANCELLED));
        next.put(AWAITING_PAYMENT, EnumSet.of(PENDING_VETTING, REJECTED, CANCELLED));
        next.put(PENDING_VETTING, EnumSet.of(PENDING_APPROVAL, REJECTED, CANCELLED));
        next.put(PENDING_APPROVAL, EnumSet.of(APPROVED, REJECTED, CANCELLED));
        next.put(APPROVED, EnumSet.of(ISSUED, REJECTED));
        next.put(ISSUED, EnumSet.of(DELIVERED));
        return frozen(next);
    }

    private static Map<RequestState, Set<RequestState>> revocation() {
        Map<RequestState, Set<RequestState>> next = new EnumMap<>(RequestState.class);
        next.put(RECEIVED, EnumSet.of(PENDING_APPROVAL, APPROVED, REJECTED, CANCELLED));
        next.put(PENDING_APPROVAL, EnumSet.of(APPROVED, REJECTED, CANCELLED));
        next.put(APPROVED, EnumSet.of(COMPLETED, REJECTED));
        return frozen(next);
    }

    private static Map<RequestState, Set<RequestState>> frozen(Map<RequestState, Set<RequestState>> next) {
        next.replaceAll((from, to) -> Collections.unmodifiableSet(to));
        return Collections.unmodifiableMap(next);
    }
}
