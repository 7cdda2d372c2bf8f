package ir.meganaft.ragateway.cpmis;

import ir.meganaft.ragateway.notification.DeliveryStatus;

/** How far a CPMIS registration (or disablement) got, as the request's status shows it. */
public enum CpmisStatus {
    AWAITING_ACCOUNT,
    PENDING,
    DONE,
    FAILED,
    NOT_CONFIGURED;

    static CpmisStatus of(DeliveryStatus delivery) {
        return switch (delivery) {
            case PENDING, QUEUED, RETRYING -> PENDING;
            case DELIVERED -> DONE;
            case DEAD -> FAILED;
            case SKIPPED -> NOT_CONFIGURED;
        };
    }
}
