package ir.meganaft.ragateway.notification;

import java.util.List;

/** The broker's dead-letter queues of vetting and issuance (messaging/ArtemisRequestDeadLetters). */
public interface RequestDeadLetters {

    /** The dead letters waiting in that step's dead-letter queue, oldest first, at most {@code max}. */
    List<RequestDeadLetter> list(RequestQueue queue, int max);

    /**
     * Takes dead letter {@code id} off that step's dead-letter queue and puts a fresh message for its
     * request (a new count of deliveries) on the step's queue, in one transaction.
     *
     * @return false when no such letter waits there
     */
    boolean replay(RequestQueue queue, long id);

    /**
     * Deletes dead letter {@code id} from that step's dead-letter queue for good.
     *
     * @return false when no such letter waits there
     */
    boolean purge(RequestQueue queue, long id);
}
