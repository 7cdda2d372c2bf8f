package ir.meganaft.ragateway;

import static ir.meganaft.ragateway.support.ContractFaults.assertGatewayFault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.admin.AdminServicePortType;
import ir.meganaft.ragateway.contract.admin.DeadLetter;
import ir.meganaft.ragateway.contract.admin.DeliveryChannel;
import ir.meganaft.ragateway.contract.admin.ListDeadLettersRequest;
import ir.meganaft.ragateway.contract.admin.ReplayDeadLettersRequest;
import ir.meganaft.ragateway.contract.admin.ReplayDeadLettersResponse;
import ir.meganaft.ragateway.contract.admin.ReplayedRequest;
import ir.meganaft.ragateway.contract.officer.OfficerServicePortType;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.support.AdminCommand;
import ir.meganaft.ragateway.support.DeadLetterCommand;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.Services;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.TestPrincipals;
import ir.meganaft.ragateway.support.Walk;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.spi.RouteController;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vetting and issuance messages that keep failing wait in their own dead-letter queues, are listed
 * with their request, and once replayed take the request on to its next state. The failure is a real
 * one the consumers cannot handle: another database session holds the request's row (as a stuck
 * transaction would) past the lock timeout, so every delivery fails until it lets go. Three
 * deliveries, 100 ms apart and doubling; the recovery timer is kept out of the way, so only the
 * admin's replay sends a request again.
 */
class RequestDeadLettersIT {
    @TempDir
    static Path data;

    static String databaseUrl;
    static RunningGateway gateway;
    static RegistrationServicePortType registration;
    static OfficerServicePortType officer;
    static AdminServicePortType admin;
    static Walk walk;

    @BeforeAll
    static void start() {
        databaseUrl = "jdbc:h2:file:" + data.resolve("db").resolve("gateway")
                + ";MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=300";
        gateway = RunningGateway.start(
                data,
                Map.of(
                        "gateway.db.url", databaseUrl,
                        "gateway.broker.max-delivery-attempts", "3",
                        "gateway.broker.redelivery-delay-ms", "100",
                        "gateway.recovery.idle-seconds", "3600",
                        "gateway.integration-admins", Services.ADMIN));
        registration = gateway.registration();
        officer = gateway.officer();
        admin = Services.admin(gateway);
        walk = new Walk(gateway);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void a_vetting_message_that_keeps_failing_waits_in_its_dead_letter_queue_and_once_replayed_is_vetted()
            throws Exception {
        String id = submittedWhileVettingFails();
        DeadLetter letter = requestDeadLettersOf(id).get(0);
        assertThat(letter.getChannel()).isEqualTo(DeliveryChannel.VETTING);
        assertThat(letter.getRequestId()).isEqualTo(id);
        assertThat(letter.getRequestState()).isEqualTo(RequestState.RECEIVED);
        assertThat(letter.getQueue()).isEqualTo("ra.vetting");
        assertThat(letter.getAttempts()).isEqualTo(3);
        assertThat(letter.getEvent()).isEqualTo("ISSUE");
        assertThat(letter.getCallerSystemId()).isEqualTo(Requests.SYSTEM);
        assertThat(letter.getOccurredAt()).isNotNull();
        assertThat(stateOf(id)).as("nothing vets it while it waits").isEqualTo(RequestState.RECEIVED);
        assertThat(listed(List.of()))
                .as("a listing that names no channel is version 1's: callbacks and CPMIS only")
                .noneMatch(d -> d.getRequestId().equals(id));

        ReplayDeadLettersResponse replayed =
                admin.replayDeadLetters(replay(letter.getDeadLetterId(), DeliveryChannel.VETTING));
        assertThat(replayed.getReplayedId()).containsExactly(letter.getDeadLetterId());
        ReplayedRequest answer = replayed.getReplayedRequest().get(0);
        assertThat(answer.getRequestId()).isEqualTo(id);
        assertThat(answer.getRequestState()).isEqualTo(RequestState.RECEIVED);
        assertThat(answer.isStillWaiting()).isTrue();

        walk.awaitState(id, RequestState.PENDING_VETTING);
        assertThat(requestDeadLettersOf(id)).isEmpty();
        assertGatewayFault(
                () -> admin.replayDeadLetters(replay(letter.getDeadLetterId(), DeliveryChannel.VETTING)),
                "UNKNOWN_DEAD_LETTER");
    }

    @Test
    void the_admin_command_line_shows_and_replays_a_vetting_dead_letter_which_is_then_vetted() throws Exception {
        String id = submittedWhileVettingFails();
        long letterId = requestDeadLettersOf(id).get(0).getDeadLetterId();

        AdminCommand listed = AdminCommand.run(gateway, Services.ADMIN, "dead-letters", "list", "--channel", "VETTING");
        assertThat(listed.status()).as(listed.err()).isZero();
        assertThat(listed.out())
                .contains(Long.toString(letterId))
                .contains("VETTING")
                .contains(id)
                .contains("RECEIVED");
        AdminCommand shown = AdminCommand.run(
                gateway, Services.ADMIN, "dead-letters", "show", "--channel", "VETTING", Long.toString(letterId));
        assertThat(shown.status()).as(shown.err()).isZero();
        assertThat(shown.out()).contains(id).contains("ra.vetting").contains("attempts:       3");

        AdminCommand replayed = AdminCommand.run(
                gateway, Services.ADMIN, "dead-letters", "replay", "--channel", "VETTING", Long.toString(letterId));
        assertThat(replayed.status()).as(replayed.err()).isZero();
        assertThat(replayed.out()).contains(Long.toString(letterId)).contains("taken up again");
        walk.awaitState(id, RequestState.PENDING_VETTING);
        assertThat(requestDeadLettersOf(id)).isEmpty();
    }

    @Test
    void the_admin_command_line_purges_a_vetting_dead_letter_for_good_and_the_request_keeps_its_state()
            throws Exception {
        String id = submittedWhileVettingFails();
        long letterId = requestDeadLettersOf(id).get(0).getDeadLetterId();

        AdminCommand purged = AdminCommand.run(
                gateway, Services.ADMIN, "dead-letters", "purge", "--channel", "VETTING", Long.toString(letterId));
        assertThat(purged.status()).as(purged.err()).isZero();
        assertThat(purged.out()).contains("purged 1 dead letter(s): [" + letterId + "]");
        assertThat(requestDeadLettersOf(id)).isEmpty();
        assertThat(stateOf(id)).isEqualTo(RequestState.RECEIVED);

        AdminCommand again = AdminCommand.run(
                gateway, Services.ADMIN, "dead-letters", "purge", "--channel", "VETTING", Long.toString(letterId));
        assertThat(again.status()).as("an id that names nothing is bad input").isEqualTo(2);
        assertThat(again.err()).contains("UNKNOWN_DEAD_LETTER").doesNotContain("\tat ");
    }

    @Test
    void an_issuance_message_that_keeps_failing_waits_in_its_dead_letter_queue_and_once_replayed_is_issued()
            throws Exception {
        String id = submit();
        walk.vet(id);
        RouteController routes = gateway.camel().getRouteController();
        routes.stopRoute("issue-certificate");
        DeadLetter letter;
        try {
            officer.approveRequest(Requests.approve(id)); // its message waits on ra.issuance
            try (RowLock held = RowLock.hold(id)) {
                routes.startRoute("issue-certificate");
                letter = await().atMost(Duration.ofSeconds(30))
                        .until(() -> requestDeadLettersOf(id), l -> l.size() == 1)
                        .get(0);
            }
        } finally {
            started(routes, "issue-certificate");
        }
        assertThat(letter.getChannel()).isEqualTo(DeliveryChannel.ISSUANCE);
        assertThat(letter.getRequestState()).isEqualTo(RequestState.APPROVED);
        assertThat(letter.getQueue()).isEqualTo("ra.issuance");

        DeadLetterCommand listed = DeadLetterCommand.run(gateway, Services.ADMIN, "list", "--channel", "ISSUANCE");
        assertThat(listed.status()).as(listed.err()).isZero();
        assertThat(listed.out())
                .contains(Long.toString(letter.getDeadLetterId()))
                .contains("ISSUANCE")
                .contains(id)
                .contains("APPROVED");

        DeadLetterCommand replayed = DeadLetterCommand.run(
                gateway, Services.ADMIN, "replay", "--channel", "ISSUANCE", Long.toString(letter.getDeadLetterId()));
        assertThat(replayed.status()).as(replayed.err()).isZero();
        assertThat(replayed.out())
                .contains(Long.toString(letter.getDeadLetterId()))
                .contains("taken up again");
        walk.awaitState(id, RequestState.ISSUED);
        assertThat(registration
                        .getCertificate(Requests.certificate(id))
                        .getCertificate()
                        .getDer())
                .isNotEmpty();
        assertThat(requestDeadLettersOf(id)).isEmpty();
    }

    @Test
    void replaying_a_request_that_has_moved_on_is_harmless_and_the_answer_says_so() throws Exception {
        String id = submittedWhileVettingFails();
        long letterId = requestDeadLettersOf(id).get(0).getDeadLetterId();
        officer.rejectRequest(Requests.reject(id, "withdrawn by the applicant"));

        NotifyBuilder vetted = new NotifyBuilder(gateway.camel())
                .fromRoute("automatic-vetting")
                .whenDone(1)
                .create();
        ReplayedRequest answer = admin.replayDeadLetters(replay(letterId, DeliveryChannel.VETTING))
                .getReplayedRequest()
                .get(0);
        assertThat(answer.getRequestState()).isEqualTo(RequestState.REJECTED);
        assertThat(answer.isStillWaiting()).isFalse();
        assertThat(vetted.matches(10, TimeUnit.SECONDS))
                .as("the replayed message was consumed")
                .isTrue();
        assertThat(stateOf(id)).isEqualTo(RequestState.REJECTED);
        assertThat(requestDeadLettersOf(id)).isEmpty();
    }

    @Test
    void replay_all_of_a_step_takes_every_dead_letter_of_that_step_and_no_other() throws Exception {
        String vetting = submittedWhileVettingFails();
        DeadLetterCommand replayed =
                DeadLetterCommand.run(gateway, Services.ADMIN, "replay", "--all", "--channel", "VETTING");
        assertThat(replayed.status()).as(replayed.err()).isZero();
        assertThat(replayed.out()).contains(vetting);
        walk.awaitState(vetting, RequestState.PENDING_VETTING);
        assertThat(listed(List.of(DeliveryChannel.VETTING))).isEmpty();
    }

    @Test
    void unknown_request_dead_letters_another_stated_admin_and_other_principals_are_refused() {
        assertGatewayFault(
                () -> admin.replayDeadLetters(replay(987_654_321L, DeliveryChannel.VETTING)), "UNKNOWN_DEAD_LETTER");
        assertGatewayFault(
                () -> admin.replayDeadLetters(replay(987_654_321L, DeliveryChannel.ISSUANCE)), "UNKNOWN_DEAD_LETTER");

        ListDeadLettersRequest list = new ListDeadLettersRequest();
        list.setAdmin(Services.admin("intruder"));
        list.getChannel().add(DeliveryChannel.VETTING);
        assertGatewayFault(
                () -> Services.adminAs(gateway, TestPrincipals.admin(Services.ADMIN))
                        .listDeadLetters(list),
                "IDENTITY_MISMATCH");
        ReplayDeadLettersRequest all = new ReplayDeadLettersRequest();
        all.setAll(true);
        all.setChannel(DeliveryChannel.ISSUANCE);
        assertGatewayFault(
                () -> Services.adminAs(gateway, TestPrincipals.officer(RunningGateway.REGISTRAR))
                        .replayDeadLetters(all),
                "NOT_AUTHORIZED");

        DeadLetterCommand unknown =
                DeadLetterCommand.run(gateway, Services.ADMIN, "replay", "--channel", "VETTING", "987654321");
        assertThat(unknown.status()).as("an id that names nothing is bad input").isEqualTo(2);
        assertThat(unknown.err()).contains("UNKNOWN_DEAD_LETTER");
    }

    /** A request whose vetting fails every delivery (its row is held meanwhile); returns once it is a dead letter. */
    static String submittedWhileVettingFails() throws Exception {
        RouteController routes = gateway.camel().getRouteController();
        routes.stopRoute("automatic-vetting");
        try {
            String id = submit(); // waits on ra.vetting
            try (RowLock held = RowLock.hold(id)) {
                routes.startRoute("automatic-vetting");
                await().atMost(Duration.ofSeconds(30)).until(() -> requestDeadLettersOf(id), l -> l.size() == 1);
            }
            return id;
        } finally {
            started(routes, "automatic-vetting");
        }
    }

    static void started(RouteController routes, String routeId) throws Exception {
        if (!routes.getRouteStatus(routeId).isStarted()) {
            routes.startRoute(routeId);
        }
    }

    static String submit() throws Exception {
        return registration
                .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")))
                .getRequestId();
    }

    static RequestState stateOf(String id) throws Exception {
        return registration.getRequestStatus(Requests.status(id)).getRequest().getState();
    }

    static List<DeadLetter> requestDeadLettersOf(String id) throws Exception {
        return listed(List.of(DeliveryChannel.VETTING, DeliveryChannel.ISSUANCE)).stream()
                .filter(d -> d.getRequestId().equals(id))
                .toList();
    }

    static List<DeadLetter> listed(List<DeliveryChannel> channels) throws Exception {
        ListDeadLettersRequest list = new ListDeadLettersRequest();
        list.setAdmin(Services.admin(Services.ADMIN));
        list.getChannel().addAll(channels);
        return admin.listDeadLetters(list).getDeadLetter();
    }

    static ReplayDeadLettersRequest replay(long id, DeliveryChannel channel) {
        ReplayDeadLettersRequest replay = new ReplayDeadLettersRequest();
        replay.setAdmin(Services.admin(Services.ADMIN));
        replay.setDeadLetterId(id);
        replay.setChannel(channel);
        return replay;
    }

    /** Another database session holding a request's row, as a stuck transaction would, until closed. */
    record RowLock(Connection session) implements AutoCloseable {
        static RowLock hold(String requestId) throws SQLException {
            return hold(databaseUrl, requestId);
        }

        /** On the gateway's H2 database at {@code url} (the administrator's session). */
        static RowLock hold(String url, String requestId) throws SQLException {
            Connection session = DriverManager.getConnection(url, "sa", "");
            session.setAutoCommit(false);
            try (PreparedStatement select =
                    session.prepareStatement("select id from cert_request where id = ? for update")) {
                select.setString(1, requestId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new IllegalStateException("No request " + requestId);
                    }
                }
            }
            return new RowLock(session);
        }

        @Override
        public void close() throws SQLException {
            session.rollback();
            session.close();
        }
    }
}
