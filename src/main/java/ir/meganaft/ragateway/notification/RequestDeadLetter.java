package ir.meganaft.ragateway.notification;

import java.time.Instant;

/**
 * A vetting or issuance message that used up its deliveries and waits in its step's dead-letter
 * queue.
 *
 * @param id the broker's id of the message that died (unique per queue): what an admin replays
 * @param originalQueue the queue it died on, as the broker recorded it
 * @param queuedAt when it was put on that queue
 * @param attempts its deliveries: the retry policy's limit, at which the broker moves a message (the
 *     broker keeps no count on the dead letter itself, nor the time it moved it)
 */
public record RequestDeadLetter(
        long id, RequestQueue queue, String requestId, String originalQueue, Instant queuedAt, int attempts) {}
