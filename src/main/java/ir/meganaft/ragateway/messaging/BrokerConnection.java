package ir.meganaft.ragateway.messaging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker the gateway talks to: its own {@link EmbeddedBroker} (the default, when
 * {@code gateway.broker.url} is blank) or an external Artemis broker or primary/backup pair at that
 * URL, e.g. {@code (tcp://a:61616,tcp://b:61616)?ha=true&reconnectAttempts=-1}.
 *
 * <p>Either way the gateway's queues get the same policies: each step's retry policy ending in its
 * own durable dead-letter queue, and {@value EmbeddedBroker#DEAD_LETTERS} and
 * {@value EmbeddedBroker#EXPIRED} as durable queues holding what waits for an admin. The embedded
 * broker is configured with them; on an external broker {@link #start()} declares them through the
 * management API (address settings and queues, stored in the broker's journal and so replicated to
 * its backup) and refuses to go on when the broker would lose messages (persistence or journal sync
 * off). What the broker holds out of a browser's sight is asked of its management API too
 * ({@link #heldRequestIds}), never of broker internals, so recovery works the same on both.
 */
public final class BrokerConnection implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerConnection.class);
    /** The property naming the request on every vetting and issuance message (routes/*.camel.yaml). */
    public static final String REQUEST_ID = "requestId";

    /** How to reach an external broker; a blank url means the embedded one. */
    public record External(String url, String user, String password) {
        /** gateway.broker.url, .user and .password. */
        public static External from(Function<String, Optional<String>> property) {
            Function<String, String> set =
                    k -> property.apply(k).map(String::strip).orElse("");
            return new External(
                    set.apply("gateway.broker.url"),
                    set.apply("gateway.broker.user"),
                    property.apply("gateway.broker.password").orElse(""));
        }

        boolean embedded() {
            return url.isBlank();
        }
    }

    private record Retry(
            int maxDeliveryAttempts,
            long redeliveryDelayMillis,
            long maxRedeliveryDelayMillis,
            String deadLetterQueue) {}

    private final External external;
    private final EmbeddedBroker embedded;
    private final int maxDeliveryAttempts;
    private final long redeliveryDelayMillis;
    private final Map<String, Retry> retries = new LinkedHashMap<>();
    private final ActiveMQConnectionFactory connections;
    private final BrokerManagement management;

    /**
     * @param directory the embedded broker's journal (unused with an external broker)
     * @param acceptor an extra TCP acceptor of the embedded broker, blank for none
     */
    public BrokerConnection(
            External external, Path directory, String acceptor, int maxDeliveryAttempts, long redeliveryDelayMillis) {
        this.external = external;
        this.maxDeliveryAttempts = maxDeliveryAttempts;
        this.redeliveryDelayMillis = redeliveryDelayMillis;
        if (external.embedded()) {
            embedded = new EmbeddedBroker(directory, acceptor, maxDeliveryAttempts, redeliveryDelayMillis);
            connections = new ActiveMQConnectionFactory(embedded.inVmUrl());
        } else {
            embedded = null;
            if (acceptor != null && !acceptor.isBlank()) {
                LOG.warn(
                        "gateway.broker.acceptor is ignored: the gateway uses the external broker at {}",
                        external.url());
            }
            connections = external.user().isBlank()
                    ? new ActiveMQConnectionFactory(external.url())
                    : new ActiveMQConnectionFactory(external.url(), external.user(), external.password());
        }
        management = new BrokerManagement(connections);
    }

    /** See {@link EmbeddedBroker#minimumFreeDisk}; the embedded broker only. */
    public BrokerConnection minimumFreeDisk(long bytes) {
        if (embedded != null) {
            embedded.minimumFreeDisk(bytes);
        }
        return this;
    }

    /** See {@link EmbeddedBroker#journalBufferTimeoutMicros}; the embedded broker only. */
    public BrokerConnection journalBufferTimeoutMicros(int micros) {
        if (embedded != null) {
            embedded.journalBufferTimeoutMicros(micros);
        }
        return this;
    }

    /** A queue's own retry policy ending in its own durable dead-letter queue ({@link EmbeddedBroker#retryPolicy}). */
    public BrokerConnection retryPolicy(
            String queue,
            int maxDeliveryAttempts,
            long redeliveryDelayMillis,
            long maxRedeliveryDelayMillis,
            String deadLetterQueue) {
        retries.put(
                queue,
                new Retry(maxDeliveryAttempts, redeliveryDelayMillis, maxRedeliveryDelayMillis, deadLetterQueue));
        if (embedded != null) {
            embedded.retryPolicy(
                    queue, maxDeliveryAttempts, redeliveryDelayMillis, maxRedeliveryDelayMillis, deadLetterQueue);
        }
        return this;
    }

    /** The general retry policy for one queue, ending in its own dead-letter queue. */
    public BrokerConnection retryPolicy(String queue, String deadLetterQueue) {
        return retryPolicy(
                queue,
                maxDeliveryAttempts,
                redeliveryDelayMillis,
                EmbeddedBroker.MAX_REDELIVERY_DELAY_MS,
                deadLetterQueue);
    }

    /** The factory every JMS connection of the gateway comes from (pooled by the caller). */
    public ActiveMQConnectionFactory connectionFactory() {
        return connections;
    }

    /** How long an external broker's queue depth is reused before it is asked again. */
    private static final long DEPTH_FRESH_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    private final Map<String, long[]> depths = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * How many messages a queue holds (scheduled and being delivered included), or -1 when the broker
     * or the queue cannot say. The embedded broker answers from memory; an external one through its
     * management API, asked at most every 5 s per queue, so a metrics scrape costs no round trip.
     */
    public long messageCount(String queue) {
        if (embedded != null) {
            return embedded.messageCount(queue);
        }
        long now = System.nanoTime();
        long[] known = depths.get(queue);
        if (known != null && now - known[1] < DEPTH_FRESH_NANOS) {
            return known[0];
        }
        long count;
        try {
            count = ((Number) management.onQueue(queue, "countMessages")).longValue();
        } catch (RuntimeException unknownQueueOrBrokerAway) {
            count = -1;
        }
        depths.put(queue, new long[] {count, now});
        return count;
    }

    /** The embedded broker, or null when the gateway uses an external one (gateway.broker.url). */
    public EmbeddedBroker embedded() {
        return embedded;
    }

    /** The broker's management API. */
    public BrokerManagement management() {
        return management;
    }

    /**
     * The request ids of the messages a queue holds where a browser cannot see them (scheduled, or
     * being delivered): with a browse, every request the queue holds.
     */
    public Set<String> heldRequestIds(String queue) {
        return management.heldOutOfSight(queue, REQUEST_ID);
    }

    @Override
    public void start() {
        if (embedded != null) {
            embedded.start();
            return;
        }
        List<String> problems = durabilityProblems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The broker at " + external.url()
                    + " would lose messages, refusing to use it: " + String.join("; ", problems));
        }
        Set<String> parked = new LinkedHashSet<>(List.of(EmbeddedBroker.DEAD_LETTERS, EmbeddedBroker.EXPIRED));
        retries.values().forEach(r -> parked.add(r.deadLetterQueue()));
        for (String queue : parked) {
            declare(queue, EmbeddedBroker.parked());
        }
        retries.forEach((queue, r) -> declare(
                queue,
                EmbeddedBroker.retrying(
                        r.maxDeliveryAttempts(),
                        r.redeliveryDelayMillis(),
                        r.maxRedeliveryDelayMillis(),
                        r.deadLetterQueue())));
        LOG.info(
                "External Artemis broker at {}: retry policies and dead-letter queues declared for {}; dead letters wait in {}",
                external.url(),
                retries.keySet(),
                parked);
    }

    /** Its address settings and a durable anycast queue of the same name (kept if it exists). */
    private void declare(String queue, AddressSettings settings) {
        management.onBroker("addAddressSettings", queue, settings.toJSON());
        management.onBroker("createQueue", EmbeddedBroker.durableQueue(queue).toJSON(), true);
    }

    /** What would make the external broker lose a message it accepted, as its management API reports it. */
    private List<String> durabilityProblems() {
        List<String> problems = new ArrayList<>();
        if (!Boolean.TRUE.equals(management.onBroker("isPersistenceEnabled"))) {
            problems.add("persistence is off (messages would live in memory only)");
        }
        if (!Boolean.TRUE.equals(management.onBroker("isJournalSyncTransactional"))
                || !Boolean.TRUE.equals(management.onBroker("isJournalSyncNonTransactional"))) {
            problems.add("the journal does not sync every send and commit to disk");
        }
        return problems;
    }

    @Override
    public void stop() {
        connections.close();
        if (embedded != null) {
            embedded.stop();
        }
    }
}
