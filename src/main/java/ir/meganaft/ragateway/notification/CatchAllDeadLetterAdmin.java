package ir.meganaft.ragateway.notification;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.errors.LogSafe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Integration admins' view of the broker's catch-all queues, DLQ and ExpiryQueue: list, show,
 * replay to the queue a message came from, purge. Who may call is the access policy's (admins
 * only); this class checks what is asked: a queue other than the catch-all ones is UNKNOWN_QUEUE, a
 * message that does not wait there UNKNOWN_DEAD_LETTER, a replay with nowhere to go
 * NO_ORIGINAL_QUEUE (the message stays). What it shows of a message (addresses, properties, the
 * start of the body) is bounded and escaped by {@link LogSafe}: any sender may have written it.
 * Replaying is safe for the gateway's own queues, whose consumers are idempotent; a replay goes
 * only to the message's original queue, never to other queues of its address.
 */
public final class CatchAllDeadLetterAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(CatchAllDeadLetterAdmin.class);
    /** The most messages one list or one replay of all handles. */
    public static final int MAX_LISTED = 500;
    /** The most characters of a body shown. */
    public static final int BODY_PREVIEW = 512;

    static final int MAX_PROPERTIES = 100;
    static final int PROPERTY_VALUE = 256;
    static final int NAME = 256;

    private final CatchAllDeadLetters broker;

    public CatchAllDeadLetterAdmin(CatchAllDeadLetters broker) {
        this.broker = broker;
    }

    /** The messages waiting in the queues named (none: every catch-all queue), each oldest first, at most {@code max}. */
    public List<CatchAllDeadLetter> list(String adminId, List<String> queues, Integer max) {
        List<String> asked =
                queues.isEmpty() ? broker.queues() : queues.stream().distinct().toList();
        asked.forEach(this::known);
        int limit = max == null ? MAX_LISTED : Math.min(max, MAX_LISTED);
        List<CatchAllDeadLetter> listed = new ArrayList<>();
        for (String queue : broker.queues()) {
            if (asked.contains(queue) && listed.size() < limit) {
                broker.list(queue, limit - listed.size()).stream()
                        .map(m -> safe(m, false))
                        .forEach(listed::add);
            }
        }
        LOG.debug("Admin {} listed {} message(s) of {}", adminId, listed.size(), asked);
        return listed;
    }

    /** One message with its properties and the start of its body, made safe to show. */
    public CatchAllDeadLetter show(String adminId, String queue, long messageId) {
        known(queue);
        return safe(waiting(queue, messageId, BODY_PREVIEW), true);
    }

    /** Where a replayed message went. */
    public record Replayed(long messageId, String toQueue, String toAddress) {}

    /** A message a replay of all left where it was, and why. */
    public record NotReplayed(long messageId, String reason) {}

    /** What a replay did, and how many messages the queue holds afterwards. */
    public record Replay(List<Replayed> replayed, List<NotReplayed> notReplayed, long remaining) {}

    /** Moves one message back to the queue it came from. */
    public Replay replay(String adminId, String queue, long messageId) {
        known(queue);
        CatchAllDeadLetter message = waiting(queue, messageId, 0);
        String refused = nowhereToGo(message, broker.brokerQueues());
        if (refused != null) {
            throw new GatewayException(
                    FaultCode.NO_ORIGINAL_QUEUE,
                    "Message " + messageId + " of " + queue + " stays there: " + refused,
                    "messageId",
                    null);
        }
        if (!broker.replay(queue, messageId)) {
            throw unknown(queue, messageId);
        }
        Replayed replayed = replayed(message);
        LOG.info(
                "Admin {} replayed message {} of {} to queue {} (address {})",
                adminId,
                messageId,
                queue,
                replayed.toQueue(),
                replayed.toAddress());
        return new Replay(List.of(replayed), List.of(), broker.count(queue));
    }

    /**
     * Moves every message of the queue (at most {@value #MAX_LISTED} a call, oldest first) back to the
     * queue it came from; those with nowhere to go stay, with the reason.
     */
    public Replay replayAll(String adminId, String queue) {
        known(queue);
        Set<String> existing = broker.brokerQueues();
        List<Replayed> replayed = new ArrayList<>();
        List<NotReplayed> notReplayed = new ArrayList<>();
        for (CatchAllDeadLetter message : broker.list(queue, MAX_LISTED)) {
            String refused = nowhereToGo(message, existing);
            if (refused != null) {
                notReplayed.add(new NotReplayed(message.messageId(), refused));
            } else if (broker.replay(queue, message.messageId())) {
                replayed.add(replayed(message));
            } else {
                notReplayed.add(new NotReplayed(message.messageId(), "it was taken off " + queue + " meanwhile"));
            }
        }
        long remaining = broker.count(queue);
        LOG.info(
                "Admin {} replayed {} message(s) of {} to their queues ({}); {} not replayed; {} remain",
                adminId,
                replayed.size(),
                queue,
                replayed.stream().map(Replayed::toQueue).distinct().toList(),
                notReplayed.size(),
                remaining);
        return new Replay(replayed, notReplayed, remaining);
    }

    /** Deletes one message for good. */
    public long purge(String adminId, String queue, long messageId) {
        known(queue);
        if (!broker.purge(queue, messageId)) {
            throw unknown(queue, messageId);
        }
        LOG.warn("Admin {} purged message {} of {}: it will not be delivered", adminId, messageId, queue);
        return messageId;
    }

    /** Deletes every message of the queue for good; how many there were. */
    public int purgeAll(String adminId, String queue) {
        known(queue);
        int purged = broker.purgeAll(queue);
        LOG.warn("Admin {} purged all {} message(s) of {}: they will not be delivered", adminId, purged, queue);
        return purged;
    }

    private void known(String queue) {
        if (queue == null || !broker.queues().contains(queue)) {
            throw new GatewayException(
                    FaultCode.UNKNOWN_QUEUE,
                    "No catch-all queue " + LogSafe.excerpt(queue) + ": " + String.join(" or ", broker.queues())
                            + " (the gateway's own dead letters are listed by channel)",
                    "queue",
                    null);
        }
    }

    private CatchAllDeadLetter waiting(String queue, long messageId, int bodyChars) {
        return broker.find(queue, messageId, bodyChars).orElseThrow(() -> unknown(queue, messageId));
    }

    private static GatewayException unknown(String queue, long messageId) {
        return new GatewayException(
                FaultCode.UNKNOWN_DEAD_LETTER, "No message " + messageId + " waits in " + queue, "messageId", null);
    }

    /** Why a message cannot go back, or null when it can. */
    private static String nowhereToGo(CatchAllDeadLetter message, Set<String> existing) {
        String original = message.originalQueue();
        if (original == null || original.isBlank()) {
            return "it names no queue it came from (_AMQ_ORIG_QUEUE)";
        }
        if (original.equals(message.queue())) {
            return "it came from " + message.queue() + " itself";
        }
        if (!existing.contains(original)) {
            return "its queue " + LogSafe.bounded(original, NAME) + " no longer exists on the broker";
        }
        return null;
    }

    private static Replayed replayed(CatchAllDeadLetter message) {
        return new Replayed(
                message.messageId(),
                LogSafe.bounded(message.originalQueue(), NAME),
                message.originalAddress() == null ? null : LogSafe.bounded(message.originalAddress(), NAME));
    }

    /** The message with every text any sender may have written bounded and escaped; properties and body only when shown. */
    private static CatchAllDeadLetter safe(CatchAllDeadLetter m, boolean whole) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (whole) {
            m.properties().entrySet().stream()
                    .limit(MAX_PROPERTIES)
                    .forEach(p -> properties.put(
                            LogSafe.bounded(p.getKey(), NAME),
                            LogSafe.bounded(String.valueOf(p.getValue()), PROPERTY_VALUE)));
        }
        String body = whole && m.body() != null ? LogSafe.bounded(m.body(), BODY_PREVIEW) : null;
        return new CatchAllDeadLetter(
                m.messageId(),
                m.queue(),
                bounded(m.originalAddress()),
                bounded(m.originalQueue()),
                m.originalMessageId(),
                bounded(m.jmsMessageId()),
                m.bodyType(),
                m.size(),
                m.durable(),
                m.priority(),
                m.sentAt(),
                m.expiredAt(),
                m.expiresAt(),
                properties,
                body,
                !whole || m.body() == null || (m.bodyComplete() && m.body().length() <= BODY_PREVIEW));
    }

    private static String bounded(String text) {
        return text == null ? null : LogSafe.bounded(text, NAME);
    }
}
