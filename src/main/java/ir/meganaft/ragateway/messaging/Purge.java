package ir.meganaft.ragateway.messaging;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

/** Deletes one message from a dead-letter queue: received under a selector and committed, in one JMS transaction. */
final class Purge {
    private Purge() {}

    /** @return false when no message matching {@code selector} waits in {@code queue} */
    static boolean one(ConnectionFactory connections, String queue, String selector) {
        try (Connection connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector)) {
                if (consumer.receive(2000) == null) {
                    session.rollback();
                    return false;
                }
                session.commit();
                return true;
            }
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot purge " + selector + " from " + queue, e);
        }
    }
}
