package ir.meganaft.ragateway.notification;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The broker's catch-all queues, DLQ and ExpiryQueue, where the broker parks what it could not
 * deliver on an address with no policy of its own, and what expired (messaging/ArtemisCatchAllDeadLetters,
 * the same on the embedded broker and an external one).
 */
public interface CatchAllDeadLetters {

    /** The catch-all queues' names, in the order they are listed. */
    List<String> queues();

    /** The messages waiting in {@code queue}, oldest first, at most {@code max}; bodies and properties left out. */
    List<CatchAllDeadLetter> list(String queue, int max);

    /**
     * One message of {@code queue} with its properties and at most {@code bodyChars} characters of its body.
     */
    Optional<CatchAllDeadLetter> find(String queue, long messageId, int bodyChars);

    /** The names of the queues the broker has now. */
    Set<String> brokerQueues();

    /**
     * Moves message {@code messageId} of {@code queue} back to the queue it came from, and only to that
     * queue, as a new message with a fresh series of deliveries.
     *
     * @return false when no such message waits there
     */
    boolean replay(String queue, long messageId);

    /**
     * Deletes message {@code messageId} of {@code queue} for good.
     *
     * @return false when no such message waits there
     */
    boolean purge(String queue, long messageId);

    /** Deletes every message of {@code queue} for good; how many there were. */
    int purgeAll(String queue);

    /** How many messages {@code queue} holds. */
    long count(String queue);
}
