package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.registration.GetLatestCrlRequest;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.support.AdminCommand;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ra-gateway admin} against a running gateway (issue 16, item 4): the status summary and key
 * health from the management port; stalled requests listed and queued again, a CRL forced and
 * pushed again to one target through AdminService over mutual TLS; and bad input answered with one
 * line and a non-zero exit code. (Dead letters of vetting and issuance: RequestDeadLettersIT.)
 */
class AdminCommandLineIT {
    @TempDir
    static Path data;

    @TempDir
    static Path share;

    static RunningGateway gateway;

    @BeforeAll
    static void start() {
        // a request idle for a second is stalled, and the recovery sweep (hourly here) leaves it to the admin
        gateway = RunningGateway.start(
                data,
                Map.of(
                        "gateway.recovery.idle-seconds",
                        "1",
                        "gateway.recovery.period-seconds",
                        "3600",
                        "gateway.crl.targets.share",
                        "file:" + share));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void status_prints_readiness_every_health_check_each_queues_depth_and_requests_by_state() {
        AdminCommand status = await().atMost(Duration.ofSeconds(30)).until(() -> admin("status"), c -> c.status() == 0);
        assertThat(status.out())
                .contains("READY")
                .contains("database")
                .contains("broker")
                .contains("key-ca")
                .contains("crl-freshness")
                .contains("ra.vetting")
                .contains("ra.issuance.dead-letters")
                .contains("RECEIVED")
                .contains("ISSUED");
        assertThat(status.err()).isEmpty();
    }

    @Test
    void keys_health_shows_the_ca_and_ra_keys_and_the_ca() {
        AdminCommand keys =
                await().atMost(Duration.ofSeconds(30)).until(() -> admin("keys", "health"), c -> c.status() == 0);
        assertThat(keys.out())
                .contains("key-ca")
                .contains("key-ra")
                .contains("UP")
                .doesNotContain("database");
    }

    @Test
    void a_stalled_request_is_listed_and_queued_again_by_the_command_line_and_then_vetted() {
        String id = storedButNeverQueued();
        AdminCommand listed = await().atMost(Duration.ofSeconds(20))
                .until(() -> admin("stuck", "list"), c -> c.out().contains(id));
        assertThat(listed.status()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("RECEIVED").contains("VETTING");

        AdminCommand requeued = admin("stuck", "requeue", id);
        assertThat(requeued.status()).as(requeued.err()).isZero();
        assertThat(requeued.out()).contains(id).contains("1 request(s) queued again");
        await().atMost(Duration.ofSeconds(30)).until(() -> stateOf(id) != RequestState.RECEIVED);
        assertThat(admin("stuck", "list").out()).doesNotContain(id);
    }

    @Test
    void crl_publish_makes_a_new_full_crl_and_its_delta_at_once() throws Exception {
        long before = await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> gateway.registration().getLatestCrl(latest(true)).getCrlNumber(), n -> n > 0);
        AdminCommand published = admin("crl", "publish");
        assertThat(published.status()).as(published.err()).isZero();
        long full = gateway.registration().getLatestCrl(latest(false)).getCrlNumber();
        long delta = gateway.registration().getLatestCrl(latest(true)).getCrlNumber();
        assertThat(full).isGreaterThan(before);
        assertThat(delta).isGreaterThan(full);
        assertThat(published.out()).contains("published full CRL " + full).contains("published delta CRL " + delta);
    }

    @Test
    void crl_push_sends_the_latest_crls_to_one_target_again_and_an_unknown_target_is_refused() throws Exception {
        Path full = share.resolve("issuing-ca.crl");
        Path delta = share.resolve("issuing-ca-delta.crl");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(full) && Files.exists(delta));
        Files.delete(full);
        Files.delete(delta);

        AdminCommand pushed = admin("crl", "push", "share");
        assertThat(pushed.status()).as(pushed.err()).isZero();
        assertThat(pushed.out()).contains("issuing-ca.crl): delivered").contains("issuing-ca-delta.crl): delivered");
        assertThat(full).exists();
        assertThat(delta).exists();

        AdminCommand unknown = admin("crl", "push", "nowhere");
        assertThat(unknown.status())
                .as("a target that names nothing is bad input")
                .isEqualTo(2);
        unknown.assertOneLineMentioning("UNKNOWN_CRL_TARGET");
    }

    @Test
    void bad_input_and_an_unreachable_gateway_get_one_line_and_a_non_zero_exit_code() {
        AdminCommand missingTarget = admin("crl", "push");
        assertThat(missingTarget.status()).isEqualTo(2);
        missingTarget.assertOneLineMentioning("TARGET");

        AdminCommand unknownCommand = AdminCommand.exactly("frobnicate");
        assertThat(unknownCommand.status()).isEqualTo(2);
        unknownCommand.assertOneLineMentioning("frobnicate");

        AdminCommand badChannel = admin("dead-letters", "list", "--channel", "SMOKE_SIGNALS");
        assertThat(badChannel.status()).isEqualTo(2);
        badChannel.assertOneLineMentioning("SMOKE_SIGNALS");

        AdminCommand unreachable = AdminCommand.exactly("status", "--management-url", "http://127.0.0.1:1");
        assertThat(unreachable.status()).isEqualTo(1);
        unreachable.assertOneLineMentioning("cannot reach the management port");

        AdminCommand noCertificate = AdminCommand.exactly(
                "stuck",
                "list",
                "--url",
                gateway.url("/ra/AdminService"),
                "--cert",
                data.resolve("missing.p12").toString(),
                "--cert-password-file",
                "/nonexistent",
                "--ca",
                "/nonexistent");
        assertThat(noCertificate.status()).isEqualTo(1);
        noCertificate.assertOneLineMentioning("cannot read");
    }

    private static AdminCommand admin(String... args) {
        return AdminCommand.run(gateway, Services.ADMIN, args);
    }

    private static RequestState stateOf(String id) throws Exception {
        return gateway.registration()
                .getRequestStatus(Requests.status(id))
                .getRequest()
                .getState();
    }

    private static GetLatestCrlRequest latest(boolean delta) {
        GetLatestCrlRequest r = new GetLatestCrlRequest();
        r.setDelta(delta);
        return r;
    }

    /** The intake step alone: stored as RECEIVED and no message sent, as after a crash between the two (RecoveryIT). */
    private static String storedButNeverQueued() {
        return RecoveryIT.storedButNeverQueued(gateway);
    }
}
