package ir.meganaft.ragateway.messaging;

import ir.meganaft.ragateway.notification.DeadLetterQueue;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * The dead-letter queue of callbacks and CPMIS calls on the embedded broker. Each message carries
 * its outbox id in the {@code outboxId} property; a replay takes the message off the dead-letter
 * queue and sends a fresh copy (new delivery count, same message group) to its delivery queue, in
 * one JMS transaction.
 */
public final class ArtemisDeadLetters implements DeadLetterQueue {
    public static final String OUTBOX_ID = "outboxId";

    private final ConnectionFactory connections;
    private final String deadLetterQueue;

    public ArtemisDeadLetters(ConnectionFactory connections, String deadLetterQueue) {
        this.connections = connections;
        this.deadLetterQueue = deadLetterQueue;
    }

    @Override
    public List<Long> list(int max) {
        try (Connection connection = connections.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            List<Long> ids = new ArrayList<>();
            try (QueueBrowser browser = session.createBrowser(session.createQueue(deadLetterQueue))) {
                Enumeration<?> messages = browser.getEnumeration();
                while (messages.hasMoreElements() && ids.size() < max) {
                    Message m = (Message) messages.nextElement();
                    if (m.propertyExists(OUTBOX_ID)) {
                        ids.add(m.getLongProperty(OUTBOX_ID));
                    }
                }
            }
            return ids;
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot browse the dead-letter queue " + deadLetterQueue, e);
        }
    }

    @Override
    public boolean replay(long id, String groupId, String queue) {
        try (Connection connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            Queue dead = session.createQueue(deadLetterQueue);
            try (MessageConsumer consumer = session.createConsumer(dead, OUTBOX_ID + " = " + id);
                    MessageProducer producer = session.createProducer(session.createQueue(queue))) {
                Message m = consumer.receive(2000);
                if (m == null) {
                    session.rollback();
                    return false;
                }
                Message copy = session.createTextMessage(Long.toString(id));
                copy.setLongProperty(OUTBOX_ID, id);
                copy.setStringProperty("JMSXGroupID", groupId);
                producer.send(copy);
                session.commit();
                return true;
            }
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot replay dead letter " + id + " to " + queue, e);
        }
    }

    @Override
    public boolean purge(long id) {
        return Purge.one(connections, deadLetterQueue, OUTBOX_ID + " = " + id);
    }
}
