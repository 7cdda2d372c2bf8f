package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.support.ManagementPort;
import ir.meganaft.ragateway.support.PostgresServer;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.SoftHsm;
import ir.meganaft.ragateway.support.TokenKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liveness and readiness on the management port, with real parts taken away: the HSM token of the
 * CA and RA keys, and the PostgreSQL server. Readiness follows each part down and back up; liveness
 * stays UP throughout, since a restart would mend neither. Also what the port answers to anything
 * but its three addresses.
 */
class HealthIT {
    @TempDir
    Path work;

    private static Map<String, String> fastChecks(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("gateway.management.check-interval-ms", "200");
        all.put("gateway.management.check-timeout-ms", "1500");
        return all;
    }

    /** Polls liveness in the background while a part is away; false once it answered anything but 200 UP. */
    private static final class LivenessWatch implements AutoCloseable {
        final AtomicBoolean alwaysUp = new AtomicBoolean(true);
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread;

        LivenessWatch(ManagementPort port) {
            thread = new Thread(
                    () -> {
                        while (running.get()) {
                            try {
                                HttpResponse<String> live = port.get("/health/live");
                                if (live.statusCode() != 200 || !live.body().contains("\"status\":\"UP\"")) {
                                    alwaysUp.set(false);
                                }
                                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
                            } catch (Exception e) {
                                alwaysUp.set(false);
                            }
                        }
                    },
                    "liveness-watch");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    private static void awaitReady(ManagementPort port, boolean ready, String containing) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    HttpResponse<String> answer = port.get("/health/ready");
                    assertThat(answer.statusCode()).isEqualTo(ready ? 200 : 503);
                    assertThat(answer.body()).contains(containing);
                });
    }

    @Test
    void readiness_goes_down_while_the_hsm_token_is_away_and_up_when_it_is_back_while_liveness_stays_up()
            throws Exception {
        SoftHsm.Token token = SoftHsm.newToken("health", work);
        TokenKeys.ceremony(token, work);
        try (RunningGateway gateway =
                RunningGateway.start(work.resolve("data"), fastChecks(HsmGatewayIT.onToken(token, token.pinFile())))) {
            ManagementPort port = new ManagementPort(gateway);
            awaitReady(port, true, "\"name\":\"key-ca\",\"state\":\"UP\"");
            assertThat(port.get("/health/ready").body())
                    .contains("\"name\":\"key-ra\",\"state\":\"UP\"")
                    .contains("signs on token '" + token.label() + "'")
                    .contains("last probe");

            try (LivenessWatch live = new LivenessWatch(port)) {
                Path away = token.takeAway();
                try {
                    awaitReady(port, false, "\"name\":\"key-ca\",\"state\":\"DOWN\"");
                    assertThat(port.get("/health/ready").body())
                            .contains("\"status\":\"DOWN\"")
                            .contains("\"name\":\"database\",\"state\":\"UP\"");
                    await().atMost(Duration.ofSeconds(10))
                            .ignoreExceptions()
                            .until(() -> ManagementPort.sum(
                                            port.scrape(), "ra_signing_key_up", "key", "ca", "store", "pkcs11")
                                    == 0.0);
                } finally {
                    token.bringBack(away);
                }
                awaitReady(port, true, "\"name\":\"key-ca\",\"state\":\"UP\"");
                assertThat(live.alwaysUp)
                        .as("liveness answered 200 UP all along")
                        .isTrue();
            }
            assertThat(ManagementPort.sum(port.scrape(), "ra_ready")).isEqualTo(1.0);
        }
    }

    @Test
    void readiness_goes_down_while_postgresql_is_stopped_and_up_when_it_is_back_while_liveness_stays_up()
            throws Exception {
        try (PostgresServer server = PostgresServer.start(Map.of())) {
            PostgresServer.Access database = server.newDatabase("health_it");
            try (RunningGateway gateway =
                    RunningGateway.start(work.resolve("data"), fastChecks(database.gatewaySettings()))) {
                ManagementPort port = new ManagementPort(gateway);
                awaitReady(
                        port,
                        true,
                        "\"name\":\"database\",\"state\":\"UP\",\"critical\":true,\"detail\":\"PostgreSQL answers\"");
                try (LivenessWatch live = new LivenessWatch(port)) {
                    server.crash();
                    try {
                        awaitReady(port, false, "\"name\":\"database\",\"state\":\"DOWN\"");
                        assertThat(port.get("/health/ready").body()).contains("\"name\":\"broker\",\"state\":\"UP\"");
                    } finally {
                        server.start();
                    }
                    awaitReady(port, true, "\"name\":\"database\",\"state\":\"UP\"");
                    assertThat(live.alwaysUp)
                            .as("liveness answered 200 UP all along")
                            .isTrue();
                }
            }
        }
    }

    @Test
    void the_management_port_answers_only_its_three_addresses_to_get_and_refuses_the_rest_briefly() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), fastChecks(Map.of()))) {
            ManagementPort port = new ManagementPort(gateway);
            assertThat(gateway.managementUrl("/"))
                    .as("its own port, not the SOAP mTLS port")
                    .doesNotContain(":" + gateway.httpsPort() + "/")
                    .doesNotContain(":" + gateway.port() + "/");
            HttpResponse<String> unknown = port.get("/admin/../health/ready%00");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(port.get("/").statusCode()).isEqualTo(404);
            assertThat(port.get("/health").statusCode()).isEqualTo(404);
            HttpResponse<String> post = port.send("POST", "/health/ready");
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
            assertThat(port.send("DELETE", "/metrics").statusCode()).isEqualTo(405);
            for (HttpResponse<String> refusal : new HttpResponse[] {unknown, post}) {
                assertThat(refusal.body())
                        .hasSizeLessThan(40)
                        .doesNotContain("Exception")
                        .doesNotContain("at ");
            }
            assertThat(port.send("HEAD", "/health/live").statusCode()).isEqualTo(200);
            awaitReady(port, true, "\"name\":\"crl-freshness\"");
            assertThat(port.get("/health/live").body()).contains("\"status\":\"UP\"");
        }
    }
}
