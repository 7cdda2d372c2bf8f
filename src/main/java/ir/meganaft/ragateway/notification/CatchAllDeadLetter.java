package ir.meganaft.ragateway.notification;

import java.time.Instant;
import java.util.Map;

/**
 * A message waiting in one of the broker's catch-all queues (DLQ, ExpiryQueue), as the broker
 * reports it: raw values, not yet made safe to show ({@link CatchAllDeadLetterAdmin} does that).
 *
 * @param messageId the broker's id of the message in {@code queue}: what an admin shows, replays or purges
 * @param originalAddress the address it was sent to, or null when it was sent to the queue directly
 * @param originalQueue the queue it died or expired on, or null
 * @param originalMessageId its broker id on that queue, or null
 * @param bodyType TEXT, BYTES, MAP, STREAM, OBJECT or EMPTY
 * @param size the message's size in bytes as the broker encodes it
 * @param sentAt null when the sender set no timestamp
 * @param expiredAt when its time to live ran out (ExpiryQueue), or null
 * @param expiresAt when it expires where it waits, or null for never
 * @param properties its properties, by name (values as text)
 * @param body the start of its body as text (TEXT, MAP, BYTES that are UTF-8) or hex (other BYTES), at
 *     least {@code bodyLength} characters when the body is that long; null for STREAM, OBJECT and EMPTY
 * @param bodyComplete whether {@code body} is the whole body
 */
public record CatchAllDeadLetter(
        long messageId,
        String queue,
        String originalAddress,
        String originalQueue,
        Long originalMessageId,
        String jmsMessageId,
        String bodyType,
        long size,
        boolean durable,
        int priority,
        Instant sentAt,
        Instant expiredAt,
        Instant expiresAt,
        Map<String, String> properties,
        String body,
        boolean bodyComplete) {}
