package ir.meganaft.ragateway.notification;

import java.util.List;

/** The broker's dead-letter queue of callbacks and CPMIS calls (messaging/ArtemisDeadLetters). */
public interface DeadLetterQueue {

    /** The outbox ids of the dead letters, oldest first, at most {@code max}. */
    List<Long> list(int max);

    /**
     * Moves the dead letter of outbox entry {@code id} back to {@code queue} with a fresh count of
     * attempts.
     *
     * @return false when no dead letter for that entry is in the queue
     */
    boolean replay(long id, String groupId, String queue);

    /**
     * Deletes the dead letter of outbox entry {@code id} for good.
     *
     * @return false when no dead letter for that entry is in the queue
     */
    boolean purge(long id);
}
