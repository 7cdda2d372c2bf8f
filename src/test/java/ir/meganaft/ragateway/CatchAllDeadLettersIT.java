package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.support.RunningGateway;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message the broker cannot deliver on an address with no policy of its own (Artemis's catch-all
 * address setting) is parked in a durable queue, never dropped: rejected too often it waits in DLQ,
 * expired it waits in ExpiryQueue, and both are still there after a restart. The messages are put
 * on the gateway's own broker through its JMS connection factory; the test plays a consumer that
 * keeps rolling back.
 */
class CatchAllDeadLettersIT {
    static final Map<String, String> SETTINGS =
            Map.of("gateway.broker.max-delivery-attempts", "3", "gateway.broker.redelivery-delay-ms", "100");

    @TempDir
    Path data;

    @Test
    void a_message_rejected_too_often_or_expired_on_any_other_queue_waits_in_a_durable_queue() throws Exception {
        int port;
        try (RunningGateway gateway = RunningGateway.start(data, SETTINGS)) {
            port = gateway.port(); // the restart listens where this one did
            ConnectionFactory jms = jmsOf(gateway);
            send(jms, "it.elsewhere", "rejected three times", 0);
            for (int delivery = 1; delivery <= 3; delivery++) {
                assertThat(receiveAndRollBack(jms, "it.elsewhere"))
                        .as("delivery " + delivery)
                        .isEqualTo("rejected three times");
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> bodiesIn(jms, "DLQ", "it.elsewhere"),
                            bodies -> bodies.equals(List.of("rejected three times")));

            send(jms, "it.expiring", "expired before anyone took it", 1);
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> {
                                receiveAndRollBack(jms, "it.expiring"); // a consumer asking makes the broker expire it
                                return bodiesIn(jms, "ExpiryQueue", "it.expiring");
                            },
                            bodies -> bodies.equals(List.of("expired before anyone took it")));
        }

        try (RunningGateway again = RunningGateway.start(data, port, SETTINGS)) {
            ConnectionFactory jms = jmsOf(again);
            assertThat(bodiesIn(jms, "DLQ", "it.elsewhere")).containsExactly("rejected three times");
            assertThat(bodiesIn(jms, "ExpiryQueue", "it.expiring")).containsExactly("expired before anyone took it");
        }
    }

    static ConnectionFactory jmsOf(RunningGateway gateway) {
        return gateway.camel().getRegistry().lookupByNameAndType("jmsConnectionFactory", ConnectionFactory.class);
    }

    static void send(ConnectionFactory factory, String queue, String body, long timeToLiveMillis) throws Exception {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
                producer.setTimeToLive(timeToLiveMillis);
                producer.send(session.createTextMessage(body));
            }
        }
    }

    /** Takes the next message in a transaction and rolls it back, as a failing consumer does; null when none came. */
    static String receiveAndRollBack(ConnectionFactory factory, String queue) throws Exception {
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
                Message m = consumer.receive(2000);
                session.rollback();
                return m == null ? null : ((TextMessage) m).getText();
            }
        }
    }

    /** The bodies waiting in a queue that the broker moved there from {@code originalQueue}. */
    static List<String> bodiesIn(ConnectionFactory factory, String queue, String originalQueue) throws Exception {
        List<String> bodies = new ArrayList<>();
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (QueueBrowser browser =
                    session.createBrowser(session.createQueue(queue), "_AMQ_ORIG_QUEUE = '" + originalQueue + "'")) {
                Enumeration<?> messages = browser.getEnumeration();
                while (messages.hasMoreElements()) {
                    bodies.add(((TextMessage) messages.nextElement()).getText());
                }
            }
        }
        return bodies;
    }
}
