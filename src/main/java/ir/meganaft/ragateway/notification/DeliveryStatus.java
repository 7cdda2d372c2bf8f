package ir.meganaft.ragateway.notification;

/** How far the delivery of an outbox entry got. */
public enum DeliveryStatus {
    /** Written with the change it reports; not yet handed to the broker. */
    PENDING,
    /** On its delivery queue. */
    QUEUED,
    /** Failed at least once; the broker retries with backoff. */
    RETRYING,
    DELIVERED,
    /** Nowhere to send it (no callback address for the caller, or no CPMIS configured). */
    SKIPPED,
    /** Retries exhausted: waiting in the dead-letter queue for an admin's replay. */
    DEAD;

    /** Finished for ordering purposes: the request's next entry may go. */
    public boolean settled() {
        return this == DELIVERED || this == SKIPPED;
    }
}
