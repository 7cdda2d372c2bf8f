package ir.meganaft.ragateway.messaging;

import java.nio.file.Path;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Artemis broker: persistent journal under the data directory, an in-VM acceptor
 * for the gateway itself and optionally a TCP one for admin tools. Messages that fail delivery
 * {@code maxDeliveryAttempts} times move to the DLQ address, where admins can inspect and replay them.
 */
public final class EmbeddedBroker implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    public static final String IN_VM_URL = "vm://0";

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();
    private final Configuration configuration;

    public EmbeddedBroker(Path directory, String extraAcceptorUrl, int maxDeliveryAttempts, long redeliveryDelayMillis) {
        ConfigurationImpl c = new ConfigurationImpl();
        c.setName("ra-gateway");
        c.setPersistenceEnabled(true);
        c.setSecurityEnabled(false);
        c.setJournalType(JournalType.NIO);
        c.setJournalDirectory(directory.resolve("journal").toString());
        c.setBindingsDirectory(directory.resolve("bindings").toString());
        c.setPagingDirectory(directory.resolve("paging").toString());
        c.setLargeMessagesDirectory(directory.resolve("large-messages").toString());
        c.setNodeManagerLockDirectory(directory.toString());
        c.setJMXManagementEnabled(false);
        try {
            c.addAcceptorConfiguration("in-vm", IN_VM_URL);
            if (extraAcceptorUrl != null && !extraAcceptorUrl.isBlank()) {
                c.addAcceptorConfiguration("tcp", extraAcceptorUrl);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Bad broker acceptor URL " + extraAcceptorUrl + ": " + e.getMessage(), e);
        }
        AddressSettings settings = new AddressSettings()
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                .setAutoCreateDeadLetterResources(false)
                .setMaxDeliveryAttempts(maxDeliveryAttempts)
                .setRedeliveryDelay(redeliveryDelayMillis)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(60_000);
        c.addAddressSetting("#", settings);
        this.configuration = c;
        server.setConfiguration(c);
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
            throw new IllegalArgumentException("gateway.broker.journal-buffer-timeout-us must be 1 to 1000000, not " + micros);
        }
        configuration.setJournalBufferTimeout_NIO(micros * 1000);
        configuration.setJournalBufferTimeout_AIO(micros * 1000);
        return this;
    }

    /**
     * Its own retry policy for one queue (exponential backoff, doubling), ending in its own durable
     * dead-letter queue, which is created here. Call before {@link #start()}.
     */
    public EmbeddedBroker retryPolicy(String queue, int maxDeliveryAttempts, long redeliveryDelayMillis,
            long maxRedeliveryDelayMillis, String deadLetterQueue) {
        configuration.addAddressSetting(queue, new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(deadLetterQueue))
                .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                .setAutoCreateDeadLetterResources(false)
                .setMaxDeliveryAttempts(maxDeliveryAttempts)
                .setRedeliveryDelay(redeliveryDelayMillis)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(maxRedeliveryDelayMillis));
        if (configuration.getQueueConfigs().stream().noneMatch(q -> q.getName().toString().equals(deadLetterQueue))) {
            configuration.addQueueConfiguration(org.apache.activemq.artemis.api.core.QueueConfiguration.of(deadLetterQueue)
                    .setAddress(deadLetterQueue).setRoutingType(org.apache.activemq.artemis.api.core.RoutingType.ANYCAST)
                    .setDurable(true));
        }
        return this;
    }

    @Override
    public void start() {
        try {
            server.start();
            LOG.info("Embedded Artemis broker started, journal in {}", configuration.getJournalLocation());
        } catch (Exception e) {
            throw new IllegalStateException("The embedded broker did not start: " + e.getMessage(), e);
        }
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
}
