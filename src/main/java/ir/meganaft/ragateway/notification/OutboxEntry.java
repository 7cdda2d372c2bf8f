package ir.meganaft.ragateway.notification;

import java.time.Instant;

/**
 * One notification or CPMIS call, written in the same transaction as the change it reports.
 *
 * @param sequence 1, 2, 3, ... per request and channel
 * @param event CALLBACK: REJECTED, AWAITING_PAYMENT, ISSUED, DELIVERED, REVOKED; CPMIS: REGISTER, DISABLE
 * @param serialNumber the certificate concerned (REVOKED, REGISTER, DISABLE), else null
 */
public record OutboxEntry(
        long id,
        String notificationId,
        String requestId,
        DeliveryChannel channel,
        String event,
        long sequence,
        String serialNumber,
        Instant occurredAt,
        DeliveryStatus status,
        String target,
        int attempts,
        String lastError,
        Instant lastAttemptAt) {

    /** The broker's message group: one request's entries on one channel are taken in order. */
    public String groupId() {
        return channel + ":" + requestId;
    }
}
