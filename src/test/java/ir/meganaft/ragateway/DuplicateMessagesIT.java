package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.cpmisaccount.CpmisAccountServicePortType;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.support.CallbackReceiver;
import ir.meganaft.ragateway.support.CpmisStandIn;
import ir.meganaft.ragateway.support.GatewayDatabase;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.Services;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.Walk;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every consumer is idempotent in the database, not through the broker's duplicate detection
 * (which a failover to another broker, or a second broker, does not share): a copy of a message
 * that was already handled, sent straight to its queue without a duplicate id, is consumed and
 * changes nothing. One vetting, one certificate, one callback, one CPMIS registration.
 */
class DuplicateMessagesIT {
    @TempDir
    static Path data;

    static String databaseUrl;
    static CallbackReceiver backOffice;
    static CpmisStandIn cpmis;
    static RunningGateway gateway;
    static RegistrationServicePortType registration;
    static CpmisAccountServicePortType accounts;
    static Walk walk;

    @BeforeAll
    static void start() {
        backOffice = CallbackReceiver.start();
        cpmis = new CpmisStandIn();
        databaseUrl =
                "jdbc:h2:file:" + data.resolve("db").resolve("gateway") + ";MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE";
        gateway = RunningGateway.start(
                data,
                Map.of(
                        "gateway.db.url",
                        databaseUrl,
                        "gateway.callbacks." + Requests.SYSTEM,
                        backOffice.url(),
                        "gateway.cpmis.url",
                        cpmis.url(),
                        "gateway.outbox.poll-ms",
                        "100"));
        registration = gateway.registration();
        accounts = Services.cpmisAccounts(gateway);
        walk = new Walk(gateway);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        backOffice.close();
        cpmis.close();
        try (GatewayDatabase database = GatewayDatabase.open(data)) {
            assertThat(database.certificatesAgainstStates())
                    .as("one certificate per issued request")
                    .isEmpty();
            assertThat(database.ledgerAgainstStore())
                    .as("the CA signed nothing twice")
                    .isEmpty();
        }
    }

    @Test
    void a_duplicate_vetting_message_leaves_a_vetted_request_as_it_was() throws Exception {
        String id = submit();
        int changes = walk.awaitState(id, RequestState.PENDING_VETTING)
                .getHistory()
                .getChange()
                .size();

        sendAgain("ra.vetting", "automatic-vetting", id, Map.of());

        var after = registration.getRequestStatus(Requests.status(id));
        assertThat(after.getRequest().getState()).isEqualTo(RequestState.PENDING_VETTING);
        assertThat(after.getHistory().getChange()).hasSize(changes);
    }

    @Test
    void a_duplicate_issuance_message_issues_no_second_certificate() throws Exception {
        String id = submit();
        walk.vetApproveAndIssue(id);
        String serial = registration
                .getCertificate(Requests.certificate(id))
                .getCertificate()
                .getSerialNumber();

        sendAgain("ra.issuance", "issue-certificate", id, Map.of());

        assertThat(registration
                        .getCertificate(Requests.certificate(id))
                        .getCertificate()
                        .getSerialNumber())
                .isEqualTo(serial);
        assertThat(registration
                        .getRequestStatus(Requests.status(id))
                        .getRequest()
                        .getState())
                .isEqualTo(RequestState.ISSUED);
        assertThat(certificatesSignedFor(id))
                .as("CA ledger entries for the request")
                .isEqualTo(1);
    }

    @Test
    void a_duplicate_callback_message_calls_the_receiver_once() throws Exception {
        String id = submit();
        walk.vetApproveAndIssue(id);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> backOffice.receivedFor(id).stream().anyMatch(n -> n.getState() == RequestState.ISSUED));
        int received = backOffice.receivedFor(id).size();
        long outboxId = outboxId(id, "CALLBACK");

        sendAgain(
                "ra.callbacks",
                "deliver-callback",
                Long.toString(outboxId),
                Map.of("outboxId", outboxId, "JMSXGroupID", "CALLBACK:" + id));

        assertThat(backOffice.receivedFor(id)).hasSize(received);
    }

    @Test
    void a_duplicate_cpmis_message_registers_the_account_once() throws Exception {
        String id = submit();
        walk.vetApproveAndIssue(id);
        String serial = registration
                .getCertificate(Requests.certificate(id))
                .getCertificate()
                .getSerialNumber();
        accounts.recordCpmisAccount(Services.accountFromSystem(Requests.SYSTEM, id, "m.karimi", "DRILLING-ENGINEER"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cpmis.registrationsFor(serial).size() == 1);
        long outboxId = outboxId(id, "CPMIS");

        sendAgain(
                "ra.cpmis",
                "deliver-to-cpmis",
                Long.toString(outboxId),
                Map.of("outboxId", outboxId, "JMSXGroupID", "CPMIS:" + id));

        assertThat(cpmis.registrationsFor(serial)).hasSize(1);
    }

    private static String submit() throws Exception {
        return registration
                .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")))
                .getRequestId();
    }

    /**
     * A copy of an already handled message, sent straight to {@code queue} with no duplicate-detection
     * id (as a second broker, or a backup that took over, would deliver it); returns once the route
     * consuming it has finished with it.
     */
    private static void sendAgain(String queue, String routeId, String body, Map<String, Object> properties)
            throws Exception {
        NotifyBuilder consumed = new NotifyBuilder(gateway.camel())
                .fromRoute(routeId)
                .whenDone(1)
                .create();
        ConnectionFactory jms =
                gateway.camel().getRegistry().lookupByNameAndType("jmsConnectionFactory", ConnectionFactory.class);
        try (JMSContext context = jms.createContext()) {
            Message copy = context.createTextMessage(body);
            for (Map.Entry<String, Object> p : properties.entrySet()) {
                copy.setObjectProperty(p.getKey(), p.getValue());
            }
            context.createProducer().send(context.createQueue(queue), copy);
        }
        assertThat(consumed.matches(20, TimeUnit.SECONDS))
                .as("the copy on " + queue + " was consumed")
                .isTrue();
    }

    /** The outbox entry of the request's latest notification on a channel (the gateway's own database). */
    private static long outboxId(String requestId, String channel) throws Exception {
        try (Connection c = DriverManager.getConnection(databaseUrl, "sa", "");
                PreparedStatement s = c.prepareStatement(
                        "select max(id) from outbox where request_id = ? and channel = ? and status = 'DELIVERED'")) {
            s.setString(1, requestId);
            s.setString(2, channel);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int certificatesSignedFor(String requestId) throws Exception {
        try (Connection c = DriverManager.getConnection(databaseUrl, "sa", "");
                PreparedStatement s = c.prepareStatement("select count(*) from ca_ledger where transaction_id = ?")) {
            s.setString(1, requestId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
