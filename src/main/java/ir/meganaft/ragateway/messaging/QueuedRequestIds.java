package ir.meganaft.ragateway.messaging;

import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.vetting.WaitingMessages;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request ids on the vetting or issuance queue and their dead-letter queues: read by browsing
 * (nothing is consumed), plus what a browser does not see, the messages waiting out a redelivery
 * backoff or a delivery delay and those being delivered (asked of the broker's management API).
 */
public final class QueuedRequestIds implements WaitingMessages {
    private final ConnectionFactory connections;
    private final Map<RequestState, List<String>> queuesByState;
    private final java.util.function.Function<String, Set<String>> heldOutOfSight;

    /**
     * @param queuesByState for RECEIVED, the vetting queue and its dead letters; for APPROVED, issuance's
     * @param heldOutOfSight a queue's scheduled and in-delivery request ids (BrokerConnection)
     */
    public QueuedRequestIds(
            ConnectionFactory connections,
            Map<RequestState, List<String>> queuesByState,
            java.util.function.Function<String, Set<String>> heldOutOfSight) {
        this.connections = connections;
        this.queuesByState = Map.copyOf(queuesByState);
        this.heldOutOfSight = heldOutOfSight;
    }

    @Override
    public Set<String> requestIds(RequestState state) {
        Set<String> ids = new HashSet<>();
        try (Connection connection = connections.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String queue : queuesByState.getOrDefault(state, List.of())) {
                ids.addAll(heldOutOfSight.apply(queue));
                try (QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
                    Enumeration<?> messages = browser.getEnumeration();
                    while (messages.hasMoreElements()) {
                        Message m = (Message) messages.nextElement();
                        if (m instanceof TextMessage text && text.getText() != null) {
                            ids.add(text.getText());
                        }
                    }
                }
            }
            return ids;
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot browse the queues of " + state + " requests: " + e.getMessage(), e);
        }
    }
}
