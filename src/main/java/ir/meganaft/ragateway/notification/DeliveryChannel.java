package ir.meganaft.ragateway.notification;

/** Where an outbox entry goes: a callback to the back-office system, or a call to CPMIS. */
public enum DeliveryChannel {
    CALLBACK,
    CPMIS
}
