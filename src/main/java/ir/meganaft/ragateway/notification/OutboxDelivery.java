package ir.meganaft.ragateway.notification;

import ir.meganaft.ragateway.store.OutboxStore;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer of the delivery queues: sends one outbox entry to its recipient and records how
 * it went. A failure is recorded and thrown, so the broker redelivers with exponential backoff and
 * after the last attempt moves the message to the dead-letter queue. An entry is sent only after
 * the earlier entries of its request and channel were delivered, so receivers see a request's
 * changes in order even when retries interleave.
 */
public final class OutboxDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDelivery.class);

    private final OutboxStore outbox;
    private final Map<DeliveryChannel, Recipient> recipients;
    private final Map<DeliveryChannel, Integer> maxAttempts;
    private final Clock clock;

    public OutboxDelivery(
            OutboxStore outbox,
            Map<DeliveryChannel, Recipient> recipients,
            Map<DeliveryChannel, Integer> maxAttempts,
            Clock clock) {
        this.outbox = outbox;
        this.recipients = Map.copyOf(recipients);
        this.maxAttempts = Map.copyOf(maxAttempts);
        this.clock = clock;
    }

    /**
     * Delivers entry {@code id}.
     *
     * @param deliveryCount the broker's count of this message's deliveries (1 the first time), or null
     */
    public void deliver(long id, Integer deliveryCount) {
        Optional<OutboxEntry> found = outbox.find(id);
        if (found.isEmpty()) {
            LOG.warn("Outbox entry {} does not exist; message dropped", id);
            return;
        }
        OutboxEntry entry = found.get();
        if (entry.status().settled()) {
            LOG.debug("Outbox entry {} was already {}; repeat ignored", id, entry.status());
            return;
        }
        int attempt = deliveryCount != null ? deliveryCount : entry.attempts() + 1;
        boolean last = attempt >= maxAttempts.get(entry.channel());
        Recipient recipient = recipients.get(entry.channel());
        Optional<OutboxEntry> earlier = outbox.earlierUnsettled(entry);
        if (earlier.isPresent()) {
            String why = "waits for the request's earlier " + entry.channel() + " "
                    + earlier.get().event() + " (#" + earlier.get().id() + ", "
                    + earlier.get().status() + ")";
            outbox.recordFailure(id, null, why, last, clock.instant());
            throw new DeliveryFailedException("Outbox entry " + id + " " + why, null);
        }
        Optional<String> target = recipient.target(entry);
        if (target.isEmpty()) {
            outbox.markSkipped(id, "no " + entry.channel() + " address for this request", clock.instant());
            LOG.debug("Outbox entry {} ({} {}) has nowhere to go: skipped", id, entry.channel(), entry.event());
            return;
        }
        try {
            recipient.send(entry, target.get());
        } catch (RuntimeException e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            outbox.recordFailure(id, target.get(), error, last, clock.instant());
            LOG.warn(
                    "{} {} of request {} to {} failed (attempt {}{}): {}",
                    entry.channel(),
                    entry.event(),
                    entry.requestId(),
                    target.get(),
                    attempt,
                    last ? ", the last: moved to the dead letters" : "",
                    error);
            throw new DeliveryFailedException("Delivery of outbox entry " + id + " to " + target.get() + " failed", e);
        }
        outbox.markDelivered(id, target.get(), clock.instant());
        LOG.info(
                "{} {} of request {} delivered to {} (#{}, sequence {})",
                entry.channel(),
                entry.event(),
                entry.requestId(),
                target.get(),
                id,
                entry.sequence());
    }
}
