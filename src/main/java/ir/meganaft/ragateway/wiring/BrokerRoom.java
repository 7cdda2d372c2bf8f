package ir.meganaft.ragateway.wiring;

import ir.meganaft.ragateway.messaging.BrokerConnection;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.PropertyInject;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

/**
 * The broker (the embedded Artemis in the data directory, or an external broker or primary/backup
 * pair at gateway.broker.url), its queues' retry and dead-letter
 * policies, and the pooled JMS connection factory the routes use ({@code jmsConnectionFactory}).
 */
public final class BrokerRoom {
    @PropertyInject(value = "gateway.broker.acceptor", defaultValue = "")
    private String brokerAcceptor;

    @PropertyInject("gateway.broker.max-delivery-attempts")
    private int maxDeliveryAttempts;

    @PropertyInject("gateway.broker.redelivery-delay-ms")
    private long redeliveryDelay;

    @PropertyInject("gateway.broker.journal-buffer-timeout-us")
    private int journalBufferTimeoutMicros;

    @PropertyInject("gateway.storage.min-free-mb")
    private long storageMinFreeMb;

    @PropertyInject("gateway.jms.max-connections")
    private int jmsMaxConnections;

    @PropertyInject("gateway.jms.max-sessions-per-connection")
    private int jmsMaxSessions;

    @PropertyInject("gateway.jms.consumer-window-size")
    private int consumerWindowSize;

    @PropertyInject("gateway.jms.cache-destinations")
    private boolean cacheDestinations;

    @PropertyInject("gateway.notifications.max-attempts")
    private int callbackMaxAttempts;

    @PropertyInject("gateway.notifications.initial-delay-ms")
    private long callbackInitialDelayMs;

    @PropertyInject("gateway.notifications.max-delay-ms")
    private long callbackMaxDelayMs;

    @PropertyInject("gateway.cpmis.max-attempts")
    private int cpmisMaxAttempts;

    @PropertyInject("gateway.cpmis.initial-delay-ms")
    private long cpmisInitialDelayMs;

    @PropertyInject("gateway.cpmis.max-delay-ms")
    private long cpmisMaxDelayMs;

    @PropertyInject("gateway.queue.callbacks")
    private String callbackQueue;

    @PropertyInject("gateway.queue.cpmis")
    private String cpmisQueue;

    @PropertyInject("gateway.queue.dead-letters")
    private String deadLetterQueue;

    @PropertyInject("gateway.queue.vetting")
    private String vettingQueue;

    @PropertyInject("gateway.queue.vetting-dead-letters")
    private String vettingDeadLetterQueue;

    @PropertyInject("gateway.queue.issuance")
    private String issuanceQueue;

    @PropertyInject("gateway.queue.issuance-dead-letters")
    private String issuanceDeadLetterQueue;

    /** The gateway's queues by role (gateway.queue.*). */
    public record Queues(
            String callbacks,
            String cpmis,
            String deadLetters,
            String vetting,
            String vettingDeadLetters,
            String issuance,
            String issuanceDeadLetters) {}

    /** The pooled JMS factory, the broker (for reads of held messages), the queues, and the broker's delivery limit. */
    public record Messaging(
            JmsPoolConnectionFactory jms, BrokerConnection broker, Queues queues, int maxDeliveryAttempts) {}

    public Messaging wire(Boot boot) {
        Queues queues = new Queues(
                callbackQueue,
                cpmisQueue,
                deadLetterQueue,
                vettingQueue,
                vettingDeadLetterQueue,
                issuanceQueue,
                issuanceDeadLetterQueue);
        // the embedded broker, or an external one or pair at gateway.broker.url (issue 15)
        BrokerConnection broker = new BrokerConnection(
                        BrokerConnection.External.from(boot.context().getPropertiesComponent()::resolveProperty),
                        boot.data().resolve("broker"),
                        brokerAcceptor,
                        maxDeliveryAttempts,
                        redeliveryDelay)
                .journalBufferTimeoutMicros(journalBufferTimeoutMicros)
                .minimumFreeDisk((storageMinFreeMb << 20) / 4)
                .retryPolicy(
                        callbackQueue, callbackMaxAttempts, callbackInitialDelayMs, callbackMaxDelayMs, deadLetterQueue)
                .retryPolicy(cpmisQueue, cpmisMaxAttempts, cpmisInitialDelayMs, cpmisMaxDelayMs, deadLetterQueue)
                .retryPolicy(vettingQueue, vettingDeadLetterQueue)
                .retryPolicy(issuanceQueue, issuanceDeadLetterQueue);
        boot.service(broker);
        // queue depths for health and metrics (management/ManagementConfiguration): from memory when embedded,
        // through the management API when external; and whether the embedded broker is active
        boot.bind("brokerConnection", broker);
        if (broker.embedded() != null) {
            boot.bind("embeddedBroker", broker.embedded());
        }
        JmsPoolConnectionFactory jms = new JmsPoolConnectionFactory();
        ActiveMQConnectionFactory artemis = broker.connectionFactory();
        artemis.setConsumerWindowSize(consumerWindowSize); // gateway.jms.* in config/ say why
        artemis.setCacheDestinations(cacheDestinations);
        jms.setConnectionFactory(artemis);
        jms.setMaxConnections(jmsMaxConnections);
        jms.setMaxSessionsPerConnection(jmsMaxSessions);
        boot.bind("jmsConnectionFactory", jms);
        boot.onStop(jms::stop);
        return new Messaging(jms, broker, queues, maxDeliveryAttempts);
    }
}
