package ir.meganaft.ragateway.messaging;

import ir.meganaft.ragateway.notification.RequestDeadLetter;
import ir.meganaft.ragateway.notification.RequestDeadLetters;
import ir.meganaft.ragateway.notification.RequestQueue;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter queues of vetting and issuance on the embedded broker. A dead letter is the
 * broker's copy of the message that used up its deliveries: its body is still the request id, and
 * Artemis has added the original message's id ({@value #ORIGINAL_ID}, which names the letter here)
 * and its queue ({@value #ORIGINAL_QUEUE}). A replay takes the letter off the dead-letter queue and
 * sends a fresh message with the request id to the step's queue, in one JMS transaction. The fresh
 * message has no duplicate-detection id: the broker remembers the first enqueue's id and would
 * drop a resend that reused it (AMQ222059).
 */
public final class ArtemisRequestDeadLetters implements RequestDeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(ArtemisRequestDeadLetters.class);
    static final String ORIGINAL_ID = "_AMQ_ORIG_MESSAGE_ID";
    static final String ORIGINAL_QUEUE = "_AMQ_ORIG_QUEUE";

    /** A step's queue and the dead-letter queue its retry policy ends in. */
    public record Queues(String queue, String deadLetters) {}

    private final ConnectionFactory connections;
    private final Map<RequestQueue, Queues> queues;
    private final int maxDeliveryAttempts;

    /** @param maxDeliveryAttempts the retry policy's limit, after which the broker moves a message */
    public ArtemisRequestDeadLetters(
            ConnectionFactory connections, Map<RequestQueue, Queues> queues, int maxDeliveryAttempts) {
        this.connections = connections;
        this.queues = Map.copyOf(queues);
        this.maxDeliveryAttempts = maxDeliveryAttempts;
    }

    @Override
    public List<RequestDeadLetter> list(RequestQueue step, int max) {
        String deadLetters = queuesOf(step).deadLetters();
        List<RequestDeadLetter> letters = new ArrayList<>();
        try (Connection connection = connections.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (QueueBrowser browser = session.createBrowser(session.createQueue(deadLetters))) {
                Enumeration<?> messages = browser.getEnumeration();
                while (messages.hasMoreElements() && letters.size() < max) {
                    Message m = (Message) messages.nextElement();
                    if (m instanceof TextMessage text && m.propertyExists(ORIGINAL_ID)) {
                        letters.add(new RequestDeadLetter(
                                m.getLongProperty(ORIGINAL_ID),
                                step,
                                text.getText(),
                                m.getStringProperty(ORIGINAL_QUEUE),
                                Instant.ofEpochMilli(m.getJMSTimestamp()),
                                maxDeliveryAttempts));
                    } else {
                        // not one the broker moved here from a request queue: left where it is, for the Artemis tools
                        LOG.warn(
                                "Message {} in {} is not a request's dead letter; it is not listed",
                                m.getJMSMessageID(),
                                deadLetters);
                    }
                }
            }
            return letters;
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot browse the dead-letter queue " + deadLetters, e);
        }
    }

    @Override
    public boolean replay(RequestQueue step, long id) {
        Queues q = queuesOf(step);
        try (Connection connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            try (MessageConsumer consumer =
                            session.createConsumer(session.createQueue(q.deadLetters()), ORIGINAL_ID + " = " + id);
                    MessageProducer producer = session.createProducer(session.createQueue(q.queue()))) {
                Message dead = consumer.receive(2000);
                if (!(dead instanceof TextMessage text)) {
                    session.rollback();
                    return false;
                }
                // a new message: new id, first delivery, and no _AMQ_DUPL_ID (the broker would drop a reused one)
                Message fresh = session.createTextMessage(text.getText());
                fresh.setStringProperty(BrokerConnection.REQUEST_ID, text.getText());
                producer.send(fresh);
                session.commit();
                return true;
            }
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot replay " + step + " dead letter " + id + " to " + q.queue(), e);
        }
    }

    @Override
    public boolean purge(RequestQueue step, long id) {
        return Purge.one(connections, queuesOf(step).deadLetters(), ORIGINAL_ID + " = " + id);
    }

    private Queues queuesOf(RequestQueue step) {
        Queues q = queues.get(step);
        if (q == null) {
            throw new IllegalArgumentException("No queues configured for " + step);
        }
        return q;
    }
}
