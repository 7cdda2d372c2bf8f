package ir.meganaft.ragateway.messaging;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.apache.activemq.artemis.api.core.JsonUtil;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.json.JsonArray;
import org.apache.activemq.artemis.json.JsonObject;
import org.apache.activemq.artemis.json.JsonValue;

/**
 * Artemis's management API, called over JMS: a request message to the broker's management address,
 * answered on a temporary queue. It works the same on the embedded broker and on an external one,
 * whose user needs the {@code manage} permission on the management address (docs/operations.md).
 */
public final class BrokerManagement {
    /** Artemis's default management address (broker.xml {@code management-address}). */
    static final String ADDRESS = "activemq.management";

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    private final ConnectionFactory connections;

    public BrokerManagement(ConnectionFactory connections) {
        this.connections = connections;
    }

    /** Calls {@code operation} on the broker itself ({@code ActiveMQServerControl}). */
    public Object onBroker(String operation, Object... arguments) {
        return invoke(ResourceNames.BROKER, operation, arguments);
    }

    /** Calls {@code operation} on queue {@code queue} ({@code QueueControl}). */
    public Object onQueue(String queue, String operation, Object... arguments) {
        return invoke(ResourceNames.QUEUE + queue, operation, arguments);
    }

    /**
     * The values of string property {@code property} of the messages a queue holds where a browser
     * cannot see them: scheduled (in a redelivery backoff, or sent with a delivery delay) and being
     * delivered to a consumer. Together with a browse this is every message of the queue.
     */
    public Set<String> heldOutOfSight(String queue, String property) {
        Set<String> values = new TreeSet<>();
        if (!queueExists(queue)) {
            return values;
        }
        collect(JsonUtil.readJsonArray((String) onQueue(queue, "listScheduledMessagesAsJSON")), property, values);
        JsonArray byConsumer = JsonUtil.readJsonArray((String) onQueue(queue, "listDeliveringMessagesAsJSON"));
        for (JsonValue consumer : byConsumer) {
            JsonObject c = consumer.asJsonObject();
            if (c.containsKey("elements")) {
                collect(c.getJsonArray("elements"), property, values);
            }
        }
        return values;
    }

    private boolean queueExists(String queue) {
        return queueNames().contains(queue);
    }

    /** The names of every queue the broker has now. */
    public Set<String> queueNames() {
        Set<String> names = new TreeSet<>();
        if (onBroker("getQueueNames") instanceof Object[] array) {
            for (Object name : array) {
                names.add(String.valueOf(name));
            }
        }
        return names;
    }

    private static void collect(JsonArray messages, String property, Set<String> into) {
        for (JsonValue message : messages) {
            JsonObject m = message.asJsonObject();
            if (m.containsKey(property) && m.get(property).getValueType() == JsonValue.ValueType.STRING) {
                into.add(m.getString(property));
            }
        }
    }

    private Object invoke(String resource, String operation, Object... arguments) {
        try (Connection connection = connections.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            try (MessageProducer producer = session.createProducer(session.createQueue(ADDRESS));
                    MessageConsumer answers = session.createConsumer(replies)) {
                connection.start();
                Message request = session.createMessage();
                JMSManagementHelper.putOperationInvocation(request, resource, operation, arguments);
                request.setJMSReplyTo(replies);
                producer.send(request);
                Message answer = answers.receive(ANSWER_WITHIN.toMillis());
                if (answer == null) {
                    throw new IllegalStateException("The broker did not answer " + resource + "." + operation
                            + " within " + ANSWER_WITHIN.toSeconds() + " s");
                }
                Object result = JMSManagementHelper.getResult(answer);
                if (!JMSManagementHelper.hasOperationSucceeded(answer)) {
                    throw new IllegalStateException("The broker refused " + resource + "." + operation + ": " + result);
                }
                return result;
            }
        } catch (JMSException e) {
            throw new IllegalStateException(
                    "Cannot call the broker's management " + resource + "." + operation + ": " + e.getMessage(), e);
        } catch (Exception e) {
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(
                    "Cannot call the broker's management " + resource + "." + operation + ": " + e.getMessage(), e);
        }
    }
}
