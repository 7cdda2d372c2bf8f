package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.admin.AdminServicePortType;
import ir.meganaft.ragateway.contract.admin.DeadLetter;
import ir.meganaft.ragateway.contract.admin.DeliveryChannel;
import ir.meganaft.ragateway.contract.admin.ListDeadLettersRequest;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.messaging.BrokerManagement;
import ir.meganaft.ragateway.support.AdminCommand;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.Services;
import ir.meganaft.ragateway.support.StandaloneArtemis;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.Walk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.spi.RouteController;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway on an external Artemis broker (a standalone broker process, support/StandaloneArtemis,
 * as created by {@code artemis create} with its stock broker.xml and a login): no embedded broker
 * runs, a request walks to ISSUED through the external broker's queues, the gateway declared its
 * retry policies and dead-letter queues there, and a vetting message that keeps failing waits in its
 * dead-letter queue on that broker, where the admins' listing finds it. Three deliveries, 100 ms
 * apart; the failure is another database session holding the request's row (RequestDeadLettersIT).
 */
class ExternalBrokerIT {
    @TempDir
    static Path data;

    static StandaloneArtemis artemis;
    static String databaseUrl;
    static RunningGateway gateway;
    static RegistrationServicePortType registration;
    static AdminServicePortType admin;
    static Walk walk;
    static ActiveMQConnectionFactory testClient;

    @BeforeAll
    static void start() {
        artemis = StandaloneArtemis.single();
        databaseUrl = "jdbc:h2:file:" + data.resolve("db").resolve("gateway")
                + ";MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=300";
        Map<String, String> settings = new HashMap<>(artemis.gatewaySettings());
        settings.putAll(Map.of(
                "gateway.db.url",
                databaseUrl,
                "gateway.broker.max-delivery-attempts",
                "3",
                "gateway.broker.redelivery-delay-ms",
                "100",
                "gateway.recovery.idle-seconds",
                "3600",
                "gateway.integration-admins",
                Services.ADMIN));
        gateway = RunningGateway.start(data, settings);
        testClient = new ActiveMQConnectionFactory(artemis.url(), StandaloneArtemis.USER, artemis.password());
        registration = gateway.registration();
        admin = Services.admin(gateway);
        walk = new Walk(gateway);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (testClient != null) {
            testClient.close();
        }
        artemis.close();
    }

    @Test
    void a_request_walks_to_issued_through_the_external_broker_and_no_embedded_broker_runs() throws Exception {
        String id = submit();
        walk.vetApproveAndIssue(id);
        assertThat(registration
                        .getCertificate(Requests.certificate(id))
                        .getCertificate()
                        .getDer())
                .isNotEmpty();
        assertThat(Files.exists(data.resolve("broker")))
                .as("no embedded broker journal")
                .isFalse();
        assertThat(((Number) management().onQueue("ra.vetting", "getMessagesAdded")).longValue())
                .as("the vetting message went through the external broker")
                .isPositive();
        assertThat(((Number) management().onQueue("ra.issuance", "getMessagesAdded")).longValue())
                .as("the issuance message went through the external broker")
                .isPositive();
    }

    @Test
    void the_gateway_declares_its_retry_policies_and_dead_letter_queues_on_the_external_broker() throws Exception {
        assertThat(queueNames())
                .contains(
                        "ra.vetting",
                        "ra.issuance",
                        "ra.callbacks",
                        "ra.cpmis",
                        "ra.vetting.dead-letters",
                        "ra.issuance.dead-letters",
                        "ra.dead-letters",
                        "DLQ",
                        "ExpiryQueue");
        String vetting = (String) management().onBroker("getAddressSettingsAsJSON", "ra.vetting");
        assertThat(vetting)
                .contains("\"deadLetterAddress\":\"ra.vetting.dead-letters\"")
                .contains("\"maxDeliveryAttempts\":3")
                .contains("\"expiryAddress\":\"ExpiryQueue\"");
        String callbacks = (String) management().onBroker("getAddressSettingsAsJSON", "ra.callbacks");
        assertThat(callbacks).contains("\"deadLetterAddress\":\"ra.dead-letters\"");
        String parked = (String) management().onBroker("getAddressSettingsAsJSON", "ra.vetting.dead-letters");
        assertThat(parked)
                .as("a dead-letter queue holds its messages however often a reader gives one back")
                .contains("\"maxDeliveryAttempts\":-1");
    }

    @Test
    void a_vetting_message_that_keeps_failing_waits_in_its_dead_letter_queue_on_the_external_broker() throws Exception {
        RouteController routes = gateway.camel().getRouteController();
        routes.stopRoute("automatic-vetting");
        String id;
        try {
            id = submit(); // waits on ra.vetting, on the external broker
            try (RequestDeadLettersIT.RowLock held = RequestDeadLettersIT.RowLock.hold(databaseUrl, id)) {
                routes.startRoute("automatic-vetting");
                await().atMost(Duration.ofSeconds(30)).until(() -> deadLettersOf(id), l -> l.size() == 1);
            }
        } finally {
            if (!routes.getRouteStatus("automatic-vetting").isStarted()) {
                routes.startRoute("automatic-vetting");
            }
        }
        DeadLetter letter = deadLettersOf(id).get(0);
        assertThat(letter.getQueue()).isEqualTo("ra.vetting");
        assertThat(letter.getAttempts()).isEqualTo(3);
        assertThat(letter.getRequestState()).isEqualTo(RequestState.RECEIVED);
        assertThat(((Number) management().onQueue("ra.vetting.dead-letters", "countMessages")).longValue())
                .as("the letter is on the external broker's dead-letter queue")
                .isEqualTo(1);
        // and the gateway's metrics show it, read through the external broker's management API
        HttpClient plain = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> plain.send(
                                        HttpRequest.newBuilder(URI.create(gateway.managementUrl("/metrics")))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body(),
                        scrape -> scrape.lines()
                                .anyMatch(line -> line.startsWith("ra_queue_messages{")
                                        && line.contains("queue=\"ra.vetting.dead-letters\"")
                                        && line.endsWith(" 1.0")));
    }

    @Test
    void an_expired_message_on_the_external_broker_is_listed_and_replayed_to_its_queue_by_the_command_line()
            throws Exception {
        CatchAllDeadLettersIT.send(testClient, "it.external.expiring", "expired on the external broker", 1);
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> {
                            CatchAllDeadLettersIT.receiveAndRollBack(testClient, "it.external.expiring");
                            return CatchAllDeadLettersIT.bodiesIn(testClient, "ExpiryQueue", "it.external.expiring");
                        },
                        bodies -> bodies.equals(List.of("expired on the external broker")));

        AdminCommand listed =
                AdminCommand.run(gateway, Services.ADMIN, "dead-letters", "list", "--queue", "ExpiryQueue");
        assertThat(listed.status()).as(listed.err()).isZero();
        java.util.regex.Matcher line = java.util.regex.Pattern.compile(
                        "(?m)^ExpiryQueue +(\\d+) +it\\.external\\.expiring ")
                .matcher(listed.out());
        assertThat(line.find()).as(listed.out()).isTrue();
        String id = line.group(1);

        AdminCommand replayed =
                AdminCommand.run(gateway, Services.ADMIN, "dead-letters", "replay", id, "--queue", "ExpiryQueue");
        assertThat(replayed.status()).as(replayed.err()).isZero();
        assertThat(replayed.out())
                .contains("replayed message " + id + " from ExpiryQueue to queue it.external.expiring");
        assertThat(CatchAllDeadLettersIT.bodiesIn(testClient, "ExpiryQueue", "it.external.expiring"))
                .isEmpty();
        assertThat(((Number) management().onQueue("it.external.expiring", "countMessages")).longValue())
                .as("back on its queue on the external broker")
                .isEqualTo(1);
    }

    private static String submit() throws Exception {
        return registration
                .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")))
                .getRequestId();
    }

    private static List<DeadLetter> deadLettersOf(String id) throws Exception {
        ListDeadLettersRequest list = new ListDeadLettersRequest();
        list.setAdmin(Services.admin(Services.ADMIN));
        list.getChannel().add(DeliveryChannel.VETTING);
        return admin.listDeadLetters(list).getDeadLetter().stream()
                .filter(d -> d.getRequestId().equals(id))
                .toList();
    }

    /** The external broker's management API, reached as the tests' own client, not through the gateway. */
    private static BrokerManagement management() {
        return new BrokerManagement(testClient);
    }

    private static List<String> queueNames() {
        Object names = management().onBroker("getQueueNames");
        return java.util.Arrays.stream((Object[]) names).map(String::valueOf).toList();
    }
}
