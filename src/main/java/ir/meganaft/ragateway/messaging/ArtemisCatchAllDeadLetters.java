package ir.meganaft.ragateway.messaging;

import ir.meganaft.ragateway.notification.CatchAllDeadLetter;
import ir.meganaft.ragateway.notification.CatchAllDeadLetters;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.activemq.artemis.api.core.ICoreMessage;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;

/**
 * The broker's catch-all queues ({@value EmbeddedBroker#DEAD_LETTERS}, {@value EmbeddedBroker#EXPIRED})
 * through plain JMS and the broker's management API, so the same on the embedded broker and an
 * external one. Messages are read with a JMS browser (nothing is consumed) and named by the broker's
 * own message id, which the management API's {@code retryMessage} (back to the queue in
 * {@code _AMQ_ORIG_QUEUE}, and only to it) and {@code removeMessage} take. A body is read only as far
 * as it is shown, and an object body is never deserialized.
 */
public final class ArtemisCatchAllDeadLetters implements CatchAllDeadLetters {
    static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";
    static final String ORIGINAL_QUEUE = "_AMQ_ORIG_QUEUE";
    static final String ORIGINAL_MESSAGE_ID = "_AMQ_ORIG_MESSAGE_ID";
    static final String ACTUAL_EXPIRY = "_AMQ_ACTUAL_EXPIRY";

    private final ConnectionFactory connections;
    private final BrokerManagement management;

    public ArtemisCatchAllDeadLetters(ConnectionFactory connections, BrokerManagement management) {
        this.connections = connections;
        this.management = management;
    }

    @Override
    public List<String> queues() {
        return List.of(EmbeddedBroker.DEAD_LETTERS, EmbeddedBroker.EXPIRED);
    }

    @Override
    public List<CatchAllDeadLetter> list(String queue, int max) {
        List<CatchAllDeadLetter> messages = new ArrayList<>();
        browse(queue, m -> {
            messages.add(describe(queue, m, 0));
            return messages.size() < max;
        });
        return messages;
    }

    @Override
    public Optional<CatchAllDeadLetter> find(String queue, long messageId, int bodyChars) {
        CatchAllDeadLetter[] found = new CatchAllDeadLetter[1];
        browse(queue, m -> {
            if (m.getCoreMessage().getMessageID() == messageId) {
                found[0] = describe(queue, m, bodyChars);
                return false;
            }
            return true;
        });
        return Optional.ofNullable(found[0]);
    }

    @Override
    public Set<String> brokerQueues() {
        return management.queueNames();
    }

    @Override
    public boolean replay(String queue, long messageId) {
        return Boolean.TRUE.equals(management.onQueue(queue, "retryMessage", messageId));
    }

    @Override
    public boolean purge(String queue, long messageId) {
        return Boolean.TRUE.equals(management.onQueue(queue, "removeMessage", messageId));
    }

    @Override
    public int purgeAll(String queue) {
        return ((Number) management.onQueue(queue, "removeAllMessages")).intValue();
    }

    @Override
    public long count(String queue) {
        return ((Number) management.onQueue(queue, "countMessages")).longValue();
    }

    private interface Visit {
        /** @return whether to go on to the next message */
        boolean next(ActiveMQMessage message) throws JMSException;
    }

    private void browse(String queue, Visit visit) {
        try (Connection connection = connections.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
                Enumeration<?> messages = browser.getEnumeration();
                while (messages.hasMoreElements()) {
                    if (messages.nextElement() instanceof ActiveMQMessage m && !visit.next(m)) {
                        return;
                    }
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot browse " + queue + ": " + e.getMessage(), e);
        }
    }

    private static CatchAllDeadLetter describe(String queue, ActiveMQMessage m, int bodyChars) throws JMSException {
        ICoreMessage core = m.getCoreMessage();
        Map<String, String> properties = new TreeMap<>();
        Body body = new Body(null, true);
        if (bodyChars > 0) {
            for (SimpleString name : core.getPropertyNames()) {
                properties.put(name.toString(), text(core.getObjectProperty(name)));
            }
            body = body(m, bodyChars);
        }
        return new CatchAllDeadLetter(
                core.getMessageID(),
                queue,
                m.getStringProperty(ORIGINAL_ADDRESS),
                m.getStringProperty(ORIGINAL_QUEUE),
                m.propertyExists(ORIGINAL_MESSAGE_ID) ? m.getLongProperty(ORIGINAL_MESSAGE_ID) : null,
                m.getJMSMessageID(),
                bodyType(m),
                core.getWholeMessageSize(),
                m.getJMSDeliveryMode() == DeliveryMode.PERSISTENT,
                m.getJMSPriority(),
                instant(m.getJMSTimestamp()),
                m.propertyExists(ACTUAL_EXPIRY) ? instant(m.getLongProperty(ACTUAL_EXPIRY)) : null,
                instant(m.getJMSExpiration()),
                properties,
                body.text(),
                body.complete());
    }

    private static String bodyType(Message m) {
        if (m instanceof TextMessage) {
            return "TEXT";
        }
        if (m instanceof BytesMessage) {
            return "BYTES";
        }
        if (m instanceof MapMessage) {
            return "MAP";
        }
        if (m instanceof StreamMessage) {
            return "STREAM";
        }
        if (m instanceof ObjectMessage) {
            return "OBJECT";
        }
        return "EMPTY";
    }

    private record Body(String text, boolean complete) {}

    /** At most {@code chars} characters of the body; STREAM and OBJECT bodies are not read (an object is never deserialized). */
    private static Body body(Message m, int chars) throws JMSException {
        if (m instanceof TextMessage t) {
            String text = t.getText() == null ? "" : t.getText();
            return new Body(text.substring(0, Math.min(chars, text.length())), text.length() <= chars);
        }
        if (m instanceof BytesMessage b) {
            long length = b.getBodyLength();
            byte[] start = new byte[(int) Math.min(length, chars)];
            b.readBytes(start);
            String utf8 = utf8(start, start.length < length);
            if (utf8 != null) {
                return new Body(utf8, start.length == length);
            }
            int shown = Math.min(start.length, chars / 2);
            return new Body("0x" + HexFormat.of().formatHex(start, 0, shown), shown == length);
        }
        if (m instanceof MapMessage map) {
            StringBuilder pairs = new StringBuilder();
            Enumeration<?> names = map.getMapNames();
            while (names.hasMoreElements() && pairs.length() <= chars) {
                String name = String.valueOf(names.nextElement());
                pairs.append(pairs.isEmpty() ? "" : ", ")
                        .append(name)
                        .append('=')
                        .append(text(map.getObject(name)));
            }
            boolean complete = !names.hasMoreElements() && pairs.length() <= chars;
            return new Body(pairs.substring(0, Math.min(chars, pairs.length())), complete);
        }
        return new Body(null, true);
    }

    /** The bytes as UTF-8 text, or null when they are not; a cut start may end inside a character. */
    private static String utf8(byte[] bytes, boolean cut) {
        for (int drop = 0; drop <= (cut ? Math.min(3, bytes.length) : 0); drop++) {
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, 0, bytes.length - drop))
                        .toString();
            } catch (CharacterCodingException notThere) {
                // try without a trailing partial character, then give up
            }
        }
        return null;
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? "0x" + HexFormat.of().formatHex(bytes) : String.valueOf(value);
    }

    private static Instant instant(long epochMillis) {
        return epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis);
    }
}
