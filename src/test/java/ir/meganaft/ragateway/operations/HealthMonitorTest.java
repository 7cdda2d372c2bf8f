package ir.meganaft.ragateway.operations;

import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.crl.CrlRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The monitor's readiness rules and time limit, and CRL freshness against the clock. */
class HealthMonitorTest {
    private static final Clock CLOCK = Clock.systemUTC();

    private static HealthMonitor monitor(HealthCheck... checks) {
        return new HealthMonitor(List.of(checks), Duration.ofSeconds(60), Duration.ofMillis(300), CLOCK);
    }

    @Test
    void is_not_ready_before_the_first_round_nor_while_a_critical_check_is_down() {
        try (HealthMonitor m = monitor(new HealthCheck("db", true, () -> Finding.down("gone")))) {
            assertThat(m.ready()).as("before any round").isFalse();
            m.runOnce();
            assertThat(m.ready()).isFalse();
            assertThat(m.results())
                    .singleElement()
                    .satisfies(r -> assertThat(r.detail()).isEqualTo("gone"));
        }
    }

    @Test
    void stays_ready_when_only_a_non_critical_check_is_down_or_a_critical_one_warns() {
        try (HealthMonitor m = monitor(
                new HealthCheck("push", false, () -> Finding.down("target refuses")),
                new HealthCheck("crl", true, () -> Finding.warn("lapses soon")))) {
            m.runOnce();
            assertThat(m.ready()).isTrue();
        }
    }

    @Test
    void a_check_that_does_not_answer_in_time_is_down_and_is_not_started_twice() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
        try (HealthMonitor m = monitor(new HealthCheck("db", true, () -> {
            started.incrementAndGet();
            release.await();
            return Finding.up("late");
        }))) {
            m.runOnce();
            m.runOnce();
            assertThat(m.results())
                    .singleElement()
                    .satisfies(r -> assertThat(r.detail()).startsWith("no answer within 300 ms"));
            assertThat(started).hasValue(1);
            release.countDown();
        }
    }

    @Test
    void a_check_that_throws_is_down_with_one_line_and_no_stack_trace() {
        try (HealthMonitor m = monitor(new HealthCheck("db", true, () -> {
            throw new IllegalStateException("pool exhausted", new java.net.ConnectException("Connection refused"));
        }))) {
            m.runOnce();
            assertThat(m.results().get(0).detail())
                    .isEqualTo("IllegalStateException: pool exhausted (ConnectException: Connection refused)");
        }
    }

    private static CrlRecord crl(CrlRecord.Kind kind, Instant nextUpdate) {
        return new CrlRecord(
                7, kind, null, nextUpdate.minus(Duration.ofHours(1)), nextUpdate, 0, 0, 100, "", "f", nextUpdate);
    }

    @Test
    void crl_freshness_is_up_then_warns_before_the_next_update_and_is_down_after_it() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        Duration warn = Duration.ofMinutes(30);
        assertThat(Checks.freshness(Optional.empty(), Optional.empty(), warn, now)
                        .state())
                .isEqualTo(Finding.State.WARN);
        assertThat(Checks.freshness(
                                Optional.of(crl(CrlRecord.Kind.FULL, now.plus(Duration.ofHours(2)))),
                                Optional.of(crl(CrlRecord.Kind.DELTA, now.plus(Duration.ofMinutes(50)))),
                                warn,
                                now)
                        .state())
                .isEqualTo(Finding.State.UP);
        Finding soon = Checks.freshness(
                Optional.of(crl(CrlRecord.Kind.FULL, now.plus(Duration.ofHours(2)))),
                Optional.of(crl(CrlRecord.Kind.DELTA, now.plus(Duration.ofMinutes(10)))),
                warn,
                now);
        assertThat(soon.state()).isEqualTo(Finding.State.WARN);
        assertThat(soon.detail()).contains("delta CRL 7 lapses soon");
        Finding lapsed = Checks.freshness(
                Optional.of(crl(CrlRecord.Kind.FULL, now.minusSeconds(1))), Optional.empty(), warn, now);
        assertThat(lapsed.state()).isEqualTo(Finding.State.DOWN);
        assertThat(lapsed.detail()).contains("full CRL 7 lapsed at");
    }

    @Test
    void health_json_escapes_details() {
        assertThat(HealthJson.readiness(
                        false,
                        null,
                        List.of(new CheckResult("db", true, Finding.State.DOWN, "said \"no\"\n", Instant.EPOCH))))
                .isEqualTo(
                        "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"db\","
                                + "\"state\":\"DOWN\",\"critical\":true,\"detail\":\"said \\\"no\\\"\\n\",\"checkedAt\":\"1970-01-01T00:00:00Z\"}]}\n");
    }
}
