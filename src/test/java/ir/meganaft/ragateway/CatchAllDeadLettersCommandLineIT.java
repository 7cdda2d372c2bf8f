package ir.meganaft.ragateway;

import static ir.meganaft.ragateway.CatchAllDeadLettersIT.bodiesIn;
import static ir.meganaft.ragateway.CatchAllDeadLettersIT.receiveAndRollBack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ir.meganaft.ragateway.contract.admin.GatewayFault;
import ir.meganaft.ragateway.contract.admin.ListCatchAllDeadLettersRequest;
import ir.meganaft.ragateway.support.AdminCommand;
import ir.meganaft.ragateway.support.GatewayPerClass;
import ir.meganaft.ragateway.support.Logged;
import ir.meganaft.ragateway.support.Services;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ra-gateway admin dead-letters ... --queue DLQ|ExpiryQueue} against a running gateway: the
 * broker's catch-all queues (AdminService 1.3). A message rejected three times on a queue with no
 * policy of its own waits in DLQ, one whose time to live ran out in ExpiryQueue (as in
 * CatchAllDeadLettersIT); the command line lists them, shows one with its properties and a bounded,
 * escaped start of its body, replays it to the queue it came from (where the test, playing that
 * queue's consumer, takes it), and purges one or all. Bad input gets one line, exit code 2, and one
 * WARN line in the gateway's log.
 */
class CatchAllDeadLettersCommandLineIT {
    @RegisterExtension
    static final GatewayPerClass started = GatewayPerClass.withSettings(() -> CatchAllDeadLettersIT.SETTINGS);

    @Test
    void a_message_rejected_into_dlq_is_listed_shown_safely_and_replayed_to_its_queue_where_it_arrives()
            throws Exception {
        String body = "\u001b[31mforged\nline " + "x".repeat(600);
        rejectedIntoDlq("it.cli.rejected", body, "it-cli-rejected-1");

        AdminCommand listed = admin("dead-letters", "list", "--queue", "DLQ");
        assertThat(listed.status()).as(listed.err()).isZero();
        long id = messageIdIn(listed.out(), "DLQ", "it.cli.rejected");
        assertThat(listed.out()).contains("TEXT");

        AdminCommand shown = admin("dead-letters", "show", Long.toString(id), "--queue", "DLQ");
        assertThat(shown.status()).as(shown.err()).isZero();
        assertThat(shown.out())
                .contains("original queue:    it.cli.rejected")
                .contains("original address:  it.cli.rejected")
                .contains("_AMQ_ORIG_QUEUE = it.cli.rejected")
                .contains("orderRef = a\\u0007b")
                .contains("body (the start only):")
                .contains("\\u001B[31mforged\\u000Aline xxx")
                .doesNotContain("\u001b")
                .doesNotContain("\u0007")
                .doesNotContain("x".repeat(513));

        AdminCommand replayed = admin("dead-letters", "replay", Long.toString(id), "--queue", "DLQ");
        assertThat(replayed.status()).as(replayed.err()).isZero();
        assertThat(replayed.out())
                .contains("replayed message " + id + " from DLQ to queue it.cli.rejected (address it.cli.rejected)");
        // back on its queue, duplicate-detection id and all, as a new message; nobody else consumes it
        assertThat(receive("it.cli.rejected")).isEqualTo(body);
        assertThat(bodiesIn(jms(), "DLQ", "it.cli.rejected")).isEmpty();
        assertThat(admin("dead-letters", "list", "--queue", "DLQ").out()).doesNotContain("it.cli.rejected");
    }

    @Test
    void an_expired_message_is_listed_among_all_dead_letters_and_replayed_to_its_queue_without_its_expiry()
            throws Exception {
        send("it.cli.expiring", "expired before anyone took it", 1, null);
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> {
                            receiveAndRollBack(
                                    jms(), "it.cli.expiring"); // a consumer asking makes the broker expire it
                            return bodiesIn(jms(), "ExpiryQueue", "it.cli.expiring");
                        },
                        bodies -> bodies.equals(List.of("expired before anyone took it")));

        AdminCommand listed = admin("dead-letters", "list");
        assertThat(listed.status()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("dead letter(s)").contains("expired");
        long id = messageIdIn(listed.out(), "ExpiryQueue", "it.cli.expiring");

        AdminCommand shown = admin("dead-letters", "show", Long.toString(id), "--queue", "ExpiryQueue");
        assertThat(shown.status()).as(shown.err()).isZero();
        assertThat(shown.out())
                .containsPattern("expired at: +\\d{4}-")
                .contains("expires at:        never")
                .contains("body:\n  expired before anyone took it");

        AdminCommand replayed = admin("dead-letters", "replay", "--all", "--queue", "ExpiryQueue");
        assertThat(replayed.status()).as(replayed.err()).isZero();
        assertThat(replayed.out())
                .contains("replayed message " + id + " from ExpiryQueue to queue it.cli.expiring")
                .contains("0 message(s) remain there");
        assertThat(receive("it.cli.expiring")).isEqualTo("expired before anyone took it");
    }

    @Test
    void purge_deletes_one_message_then_all_of_a_catch_all_queue_for_good() throws Exception {
        rejectedIntoDlq("it.cli.purged", "first", null);
        rejectedIntoDlq("it.cli.purged", "second", null);
        long first = messageIdIn(admin("dead-letters", "list", "--queue", "DLQ").out(), "DLQ", "it.cli.purged");

        AdminCommand purged = admin("dead-letters", "purge", Long.toString(first), "--queue", "DLQ");
        assertThat(purged.status()).as(purged.err()).isZero();
        assertThat(purged.out()).contains("purged 1 message(s) of DLQ: [" + first + "]");
        assertThat(bodiesIn(jms(), "DLQ", "it.cli.purged")).containsExactly("second");

        AdminCommand again = admin("dead-letters", "purge", Long.toString(first), "--queue", "DLQ");
        assertThat(again.status()).isEqualTo(2);
        again.assertOneLineMentioning("UNKNOWN_DEAD_LETTER");

        AdminCommand all = admin("dead-letters", "purge", "--all", "--queue", "DLQ");
        assertThat(all.status()).as(all.err()).isZero();
        assertThat(all.out()).containsPattern("purged [1-9]\\d* message\\(s\\) of DLQ");
        assertThat(bodiesIn(jms(), "DLQ", "it.cli.purged")).isEmpty();
        assertThat(admin("dead-letters", "list", "--queue", "DLQ").out()).contains("0 message(s) in DLQ");
    }

    @Test
    void a_message_with_no_queue_to_go_back_to_is_not_replayed_and_stays() throws Exception {
        send("DLQ", "sent to DLQ directly", 0, null);
        AdminCommand listed = admin("dead-letters", "list", "--queue", "DLQ");
        long id = messageIdIn(listed.out(), "DLQ", "-");

        AdminCommand replayed = admin("dead-letters", "replay", Long.toString(id), "--queue", "DLQ");
        assertThat(replayed.status()).isEqualTo(1);
        replayed.assertOneLineMentioning("NO_ORIGINAL_QUEUE");
        AdminCommand all = admin("dead-letters", "replay", "--all", "--queue", "DLQ");
        assertThat(all.status()).as(all.err()).isZero();
        assertThat(all.out()).contains("not replayed: message " + id + " stays in DLQ: it names no queue it came from");
        assertThat(admin("dead-letters", "list", "--queue", "DLQ").out()).contains(Long.toString(id));

        assertThat(admin("dead-letters", "purge", Long.toString(id), "--queue", "DLQ")
                        .status())
                .isZero();
    }

    @Test
    void an_unknown_queue_or_message_gets_one_line_exit_code_2_one_warn_line_and_no_stack_trace() throws Exception {
        try (Logged logged = Logged.watch()) {
            AdminCommand unknownQueue = admin("dead-letters", "list", "--queue", "ra.vetting.dead-letters");
            assertThat(unknownQueue.status()).isEqualTo(2);
            unknownQueue.assertOneLineMentioning("UNKNOWN_QUEUE");
            assertThat(logged.atLeast(Level.WARN)).singleElement().asString().contains("UNKNOWN_QUEUE");
            assertThat(logged.anyStackTrace()).isFalse();
        }

        for (String command : List.of("show", "replay", "purge")) {
            AdminCommand unknownMessage = admin("dead-letters", command, "987654321", "--queue", "ExpiryQueue");
            assertThat(unknownMessage.status()).as(command).isEqualTo(2);
            unknownMessage.assertOneLineMentioning("UNKNOWN_DEAD_LETTER");
        }

        AdminCommand both = admin("dead-letters", "replay", "1", "--queue", "DLQ", "--channel", "VETTING");
        assertThat(both.status()).isEqualTo(2);
        both.assertOneLineMentioning("not both");

        AdminCommand neither = admin("dead-letters", "purge", "--queue", "DLQ");
        assertThat(neither.status()).isEqualTo(2);
        neither.assertOneLineMentioning("Give either an ID or --all");

        ListCatchAllDeadLettersRequest request = new ListCatchAllDeadLettersRequest();
        request.getQueue().add("ExpiryQueue\u202E"); // a bidi override: legal XML, escaped in the answer
        assertThatThrownBy(() -> Services.admin(started.gateway()).listCatchAllDeadLetters(request))
                .isInstanceOfSatisfying(GatewayFault.class, f -> {
                    assertThat(f.getFaultInfo().getCode()).isEqualTo("UNKNOWN_QUEUE");
                    assertThat(f.getFaultInfo().getMessage())
                            .contains("ExpiryQueue\\u202E")
                            .contains("DLQ or ExpiryQueue");
                });
    }

    /** Sent to {@code queue}, then rejected three times by a consumer there: waits in DLQ once this returns. */
    private static void rejectedIntoDlq(String queue, String body, String duplicateId) throws Exception {
        send(queue, body, 0, duplicateId);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            receiveAndRollBack(jms(), queue);
            return bodiesIn(jms(), "DLQ", queue).contains(body);
        });
    }

    private static void send(String queue, String body, long timeToLiveMillis, String duplicateId) throws Exception {
        try (Connection connection = jms().createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
                producer.setTimeToLive(timeToLiveMillis);
                TextMessage message = session.createTextMessage(body);
                message.setStringProperty("orderRef", "a\u0007b");
                if (duplicateId != null) {
                    message.setStringProperty("_AMQ_DUPL_ID", duplicateId);
                }
                producer.send(message);
            }
        }
    }

    /** Takes the next message of {@code queue} for good, as its consumer would; fails when none comes. */
    private static String receive(String queue) throws Exception {
        try (Connection connection = jms().createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
                Message m = consumer.receive(10_000);
                assertThat(m).as("a message on " + queue).isNotNull();
                return ((TextMessage) m).getText();
            }
        }
    }

    /** The message id of the listed line of {@code queue} whose message came from {@code from}. */
    private static long messageIdIn(String listing, String queue, String from) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(queue) + " +(\\d+) +" + Pattern.quote(from) + " ")
                .matcher(listing);
        assertThat(line.find())
                .as("a line of %s from %s in:%n%s", queue, from, listing)
                .isTrue();
        return Long.parseLong(line.group(1));
    }

    private static AdminCommand admin(String... args) {
        return AdminCommand.run(started.gateway(), Services.ADMIN, args);
    }

    private static ConnectionFactory jms() {
        return CatchAllDeadLettersIT.jmsOf(started.gateway());
    }
}
