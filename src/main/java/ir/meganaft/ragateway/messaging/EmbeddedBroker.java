package ir.meganaft.ragateway.messaging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.postoffice.Bindings;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Artemis broker: persistent, synced journal under the data directory, an in-VM
 * acceptor for the gateway itself and optionally a TCP one for admin tools.
 *
 * <p>Nothing the broker cannot deliver is dropped (Artemis discards a message whose dead-letter or
 * expiry address has no queue bound, AMQ222148): each queue with its own retry policy ends in its
 * own durable dead-letter queue ({@link #retryPolicy}), every other address ends, after
 * {@code maxDeliveryAttempts} deliveries, in the durable queue {@value #DEAD_LETTERS}, and expired
 * messages wait in {@value #EXPIRED}. A parked message stays until an admin moves it: the
 * dead-letter queues have no delivery limit (and Artemis clears the expiry of a message it moves
 * there). {@link #start()}
 * refuses a broker that would not keep its messages (persistence or journal sync off, a dead-letter
 * or expiry address with no queue).
 */
public final class EmbeddedBroker implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** In-VM server ids in this JVM: two gateways in one JVM (tests) each get their own broker. */
    private static final java.util.concurrent.atomic.AtomicInteger IN_VM_IDS =
            new java.util.concurrent.atomic.AtomicInteger();
    /** The catch-all dead-letter queue (and address) of every address without a policy of its own. */
    public static final String DEAD_LETTERS = "DLQ";
    /** Where expired messages of every address wait. */
    public static final String EXPIRED = "ExpiryQueue";
    /** Redeliveries back off from the first delay, doubling, up to this. */
    static final long MAX_REDELIVERY_DELAY_MS = 60_000;

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();
    private final Configuration configuration;
    private final int maxDeliveryAttempts;
    private final long redeliveryDelayMillis;
    private final String inVmUrl = "vm://" + IN_VM_IDS.getAndIncrement();

    public EmbeddedBroker(
            Path directory, String extraAcceptorUrl, int maxDeliveryAttempts, long redeliveryDelayMillis) {
        this.maxDeliveryAttempts = maxDeliveryAttempts;
        this.redeliveryDelayMillis = redeliveryDelayMillis;
        ConfigurationImpl c = new ConfigurationImpl();
        c.setName("ra-gateway");
        c.setPersistenceEnabled(true);
        // Artemis's defaults too, but a queued request must not depend on a default: a send or a
        // commit is answered only once the journal has synced it to disk.
        c.setJournalSyncTransactional(true);
        c.setJournalSyncNonTransactional(true);
        c.setSecurityEnabled(false);
        c.setJournalType(JournalType.NIO);
        c.setJournalDirectory(directory.resolve("journal").toString());
        c.setBindingsDirectory(directory.resolve("bindings").toString());
        c.setPagingDirectory(directory.resolve("paging").toString());
        c.setLargeMessagesDirectory(directory.resolve("large-messages").toString());
        c.setNodeManagerLockDirectory(directory.toString());
        c.setJMXManagementEnabled(false);
        try {
            c.addAcceptorConfiguration("in-vm", inVmUrl);
            if (extraAcceptorUrl != null && !extraAcceptorUrl.isBlank()) {
                c.addAcceptorConfiguration("tcp", extraAcceptorUrl);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Bad broker acceptor URL " + extraAcceptorUrl + ": " + e.getMessage(), e);
        }
        c.addAddressSetting(
                "#", retrying(maxDeliveryAttempts, redeliveryDelayMillis, MAX_REDELIVERY_DELAY_MS, DEAD_LETTERS));
        this.configuration = c;
        park(DEAD_LETTERS);
        park(EXPIRED);
        server.setConfiguration(c);
    }

    /** Where the gateway in this JVM connects: this broker's own in-VM server id. */
    public String inVmUrl() {
        return inVmUrl;
    }

    /**
     * The broker stops taking messages (it blocks senders) when its disk has less than this free.
     * By default it would also stop at 90 % use, which on a large disk is many gigabytes too early:
     * that limit is turned off. The gateway refuses new requests well before this
     * (gateway.storage.min-free-mb). Call before {@link #start()}.
     */
    public EmbeddedBroker minimumFreeDisk(long bytes) {
        configuration.setMaxDiskUsage(-1);
        configuration.setMinDiskFree(bytes);
        return this;
    }

    /**
     * How long the journal gathers writes before one sync to disk: every persistent send and
     * every transaction commit waits for that sync. Artemis's NIO default is 3,333 microseconds
     * (at most 300 syncs a second); a disk that syncs in under a millisecond wants a few hundred
     * ({@code artemis perf journal} measures it). In the benchmark the sync was not what bounded
     * the rates (turning it off changed nothing beyond the noise), so this is a fit to the disk,
     * not a speed-up. Call before {@link #start()}.
     */
    public EmbeddedBroker journalBufferTimeoutMicros(int micros) {
        if (micros <= 0 || micros > 1_000_000) {
            throw new IllegalArgumentException(
                    "gateway.broker.journal-buffer-timeout-us must be 1 to 1000000, not " + micros);
        }
        configuration.setJournalBufferTimeout_NIO(micros * 1000);
        configuration.setJournalBufferTimeout_AIO(micros * 1000);
        return this;
    }

    /**
     * Its own retry policy for one queue (exponential backoff, doubling), ending in its own durable
     * dead-letter queue, which is created here. Call before {@link #start()}.
     */
    public EmbeddedBroker retryPolicy(
            String queue,
            int maxDeliveryAttempts,
            long redeliveryDelayMillis,
            long maxRedeliveryDelayMillis,
            String deadLetterQueue) {
        configuration.addAddressSetting(
                queue, retrying(maxDeliveryAttempts, redeliveryDelayMillis, maxRedeliveryDelayMillis, deadLetterQueue));
        park(deadLetterQueue);
        return this;
    }

    /**
     * The broker's general retry policy ({@code maxDeliveryAttempts}, the first redelivery delay
     * doubling up to a minute) for one queue, ending in its own durable dead-letter queue rather
     * than the shared {@value #DEAD_LETTERS}. Call before {@link #start()}.
     */
    public EmbeddedBroker retryPolicy(String queue, String deadLetterQueue) {
        return retryPolicy(queue, maxDeliveryAttempts, redeliveryDelayMillis, MAX_REDELIVERY_DELAY_MS, deadLetterQueue);
    }

    static AddressSettings retrying(
            int maxDeliveryAttempts,
            long redeliveryDelayMillis,
            long maxRedeliveryDelayMillis,
            String deadLetterAddress) {
        if (maxDeliveryAttempts < 1) {
            throw new IllegalArgumentException(
                    "A retry policy needs at least one delivery, not " + maxDeliveryAttempts);
        }
        return new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(deadLetterAddress))
                .setExpiryAddress(SimpleString.of(EXPIRED))
                .setAutoCreateDeadLetterResources(false)
                .setAutoCreateExpiryResources(false)
                .setMaxDeliveryAttempts(maxDeliveryAttempts)
                .setRedeliveryDelay(redeliveryDelayMillis)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(maxRedeliveryDelayMillis);
    }

    /**
     * A durable queue (on its own anycast address) where messages wait for an admin: it holds
     * them however often a reader gives one back (no delivery limit).
     */
    private void park(String queue) {
        configuration.addAddressSetting(queue, parked());
        if (configuration.getQueueConfigs().stream()
                .noneMatch(q -> q.getName().toString().equals(queue))) {
            configuration.addQueueConfiguration(durableQueue(queue));
        }
    }

    /** The address settings of a queue where messages wait for an admin: no delivery limit. */
    static AddressSettings parked() {
        return new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTERS))
                .setExpiryAddress(SimpleString.of(EXPIRED))
                .setAutoCreateDeadLetterResources(false)
                .setAutoCreateExpiryResources(false)
                .setMaxDeliveryAttempts(-1)
                .setRedeliveryDelay(0L);
    }

    /** A durable anycast queue on its own address. */
    static QueueConfiguration durableQueue(String queue) {
        return QueueConfiguration.of(queue)
                .setAddress(queue)
                .setRoutingType(RoutingType.ANYCAST)
                .setDurable(true);
    }

    @Override
    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("The embedded broker did not start: " + e.getMessage(), e);
        }
        // Checked on the running broker: a broker.properties file on the class path is applied at start.
        ActiveMQServer running = server.getActiveMQServer();
        List<String> problems = durabilityProblems(running.getConfiguration(), address -> hasQueue(running, address));
        if (!problems.isEmpty()) {
            stop();
            throw new IllegalStateException(
                    "The embedded broker would lose messages, refusing to run it: " + String.join("; ", problems));
        }
        LOG.info(
                "Embedded Artemis broker started, journal in {}; dead letters wait in {}",
                configuration.getJournalLocation(),
                deadLetterAddresses(running.getConfiguration()));
    }

    /**
     * What would make the broker lose a message it accepted: persistence off, a journal that does
     * not sync before answering, or a dead-letter or expiry address with no queue bound to it.
     *
     * @param bound whether a queue is bound to an address
     * @return one sentence per problem; empty when the broker keeps what it accepts
     */
    static List<String> durabilityProblems(Configuration c, Predicate<String> bound) {
        List<String> problems = new ArrayList<>();
        if (!c.isPersistenceEnabled()) {
            problems.add("persistence is off (messages would live in memory only)");
        }
        if (!c.isJournalSyncTransactional() || !c.isJournalSyncNonTransactional()) {
            problems.add("the journal does not sync every send and commit to disk");
        }
        for (String address : deadLetterAddresses(c)) {
            if (!bound.test(address)) {
                problems.add("no queue is bound to the dead-letter or expiry address " + address
                        + " (Artemis would drop what goes there)");
            }
        }
        return problems;
    }

    private static boolean hasQueue(ActiveMQServer running, String address) {
        try {
            Bindings bindings = running.getPostOffice().lookupBindingsForAddress(SimpleString.of(address));
            return bindings != null && !bindings.getBindings().isEmpty();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot look up the queues bound to " + address + ": " + e.getMessage(), e);
        }
    }

    private static Set<String> deadLetterAddresses(Configuration c) {
        Set<String> addresses = new TreeSet<>();
        c.getAddressSettings().values().forEach(s -> {
            if (s.getDeadLetterAddress() != null) {
                addresses.add(s.getDeadLetterAddress().toString());
            }
            if (s.getExpiryAddress() != null) {
                addresses.add(s.getExpiryAddress().toString());
            }
        });
        return addresses;
    }

    @Override
    public void stop() {
        try {
            server.stop();
            LOG.info("Embedded Artemis broker stopped");
        } catch (Exception e) {
            LOG.warn("The embedded broker did not stop cleanly", e);
        }
    }

    /**
     * How many messages the queue holds (scheduled and being delivered included), read from the
     * running broker in memory: cheap enough for every scrape. -1 when the broker or the queue is not there.
     */
    public long messageCount(String queueName) {
        ActiveMQServer running = server.getActiveMQServer();
        org.apache.activemq.artemis.core.server.Queue queue =
                running == null || !running.isActive() ? null : running.locateQueue(SimpleString.of(queueName));
        return queue == null ? -1 : queue.getMessageCount();
    }
}
