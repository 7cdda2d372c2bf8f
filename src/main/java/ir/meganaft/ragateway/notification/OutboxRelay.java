package ir.meganaft.ragateway.notification;

import ir.meganaft.ragateway.store.OutboxStore;
import java.util.List;
import java.util.Map;

/**
 * Moves outbox entries written with their state changes onto the broker (routes/notifications):
 * oldest first, each with its request's message group, then marks them queued. A crash between
 * the two sends an entry again; the broker drops the repeat by its duplicate id.
 */
public final class OutboxRelay {
    private final OutboxStore outbox;
    private final Map<DeliveryChannel, String> queues;
    private final int batchSize;

    public OutboxRelay(OutboxStore outbox, Map<DeliveryChannel, String> queues, int batchSize) {
        this.outbox = outbox;
        this.queues = Map.copyOf(queues);
        this.batchSize = batchSize;
    }

    /** The entries to put on the broker now. */
    public List<Publication> unpublished() {
        return outbox.unpublished(batchSize).stream()
                .map(e -> new Publication(e.id(), e.groupId(), queues.get(e.channel())))
                .toList();
    }

    public void published(long id) {
        outbox.markQueued(id);
    }

    public String queueOf(DeliveryChannel channel) {
        return queues.get(channel);
    }

    /** One entry as a message: its id (the body), its message group, its queue. */
    public record Publication(long id, String groupId, String queue) {}
}
