package ir.meganaft.ragateway.notification;

import ir.meganaft.ragateway.request.Delivery;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.Revocation;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * What a back-office system is told about one of its requests (the CertificateNotification contract).
 *
 * @param event REJECTED, AWAITING_PAYMENT, ISSUED, DELIVERED, REVOKED, ON_HOLD or HOLD_RELEASED
 * @param state the request's state: the one reached, or (REVOKED, ON_HOLD, HOLD_RELEASED) unchanged
 * @param certificate ISSUED only, with its {@code chain}
 * @param delivery DELIVERED only
 * @param revokedSerial REVOKED, ON_HOLD and HOLD_RELEASED only, with its {@code revocation} (reason
 *     certificateHold for ON_HOLD; removeFromCRL and the time the hold was lifted for HOLD_RELEASED)
 */
public record Notification(
        String notificationId,
        long sequence,
        String requestId,
        String clientRequestId,
        String callerSystemId,
        String event,
        RequestState state,
        Instant occurredAt,
        String rejectionCode,
        String rejectionReason,
        X509Certificate certificate,
        List<X509Certificate> chain,
        Delivery delivery,
        String revokedSerial,
        Revocation revocation) {}
