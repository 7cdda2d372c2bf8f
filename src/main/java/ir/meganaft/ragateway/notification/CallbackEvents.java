package ir.meganaft.ragateway.notification;

import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.request.RequestState;
import java.util.Optional;
import java.util.Set;

/**
 * Which changes a caller hears about through its callback, and as which event. The store asks at
 * every change and writes the outbox entry in the change's own transaction.
 *
 * <ul>
 *   <li>A request reaching REJECTED, AWAITING_PAYMENT, ISSUED or DELIVERED: the state's name.</li>
 *   <li>A certificate becoming REVOKED, ON_HOLD (certificateHold), or GOOD again from a hold
 *       (removeFromCRL): REVOKED, ON_HOLD, HOLD_RELEASED, told for the request it was issued for.</li>
 * </ul>
 */
public final class CallbackEvents {
    /** The request states a caller hears about. */
    private static final Set<RequestState> NOTIFIED =
            Set.of(RequestState.REJECTED, RequestState.AWAITING_PAYMENT, RequestState.ISSUED, RequestState.DELIVERED);

    /** The events about the request's certificate rather than the request: REVOKED, ON_HOLD, HOLD_RELEASED. */
    static final Set<String> CERTIFICATE_EVENTS = Set.of("REVOKED", "ON_HOLD", "HOLD_RELEASED");

    private CallbackEvents() {}

    /** The event a request's move to {@code to} is told as; empty when the caller does not hear of it. */
    public static Optional<String> ofRequestState(RequestState to) {
        return NOTIFIED.contains(to) ? Optional.of(to.name()) : Optional.empty();
    }

    /**
     * The event a certificate's status change is told to its request's caller as: REVOKED, ON_HOLD
     * (certificateHold), HOLD_RELEASED (a hold lifted, removeFromCRL: back to GOOD); empty for a
     * change the caller does not hear about (none today).
     */
    public static Optional<String> ofCertificateStatus(CertificateStatus from, CertificateStatus to) {
        return Optional.ofNullable(
                switch (to) {
                    case REVOKED -> "REVOKED";
                    case ON_HOLD -> "ON_HOLD";
                    case GOOD -> from == CertificateStatus.ON_HOLD ? "HOLD_RELEASED" : null;
                });
    }

    /** True for an event about the request's certificate, which leaves the request's state as it is. */
    static boolean aboutCertificate(String event) {
        return CERTIFICATE_EVENTS.contains(event);
    }
}
