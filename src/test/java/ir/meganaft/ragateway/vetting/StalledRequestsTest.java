package ir.meganaft.ragateway.vetting;

import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.support.InMemoryRa;
import ir.meganaft.ragateway.support.TestCsrs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which requests are queued again after a crash, on an in-memory database without a gateway or broker. */
class StalledRequestsTest {
    private static final Duration IDLE = Duration.ofMinutes(5);
    /** Ten minutes from now: whatever is stored now has been idle for longer than {@link #IDLE}. */
    private static final Clock LATER = Clock.offset(InMemoryRa.CLOCK, Duration.ofMinutes(10));

    private static InMemoryRa ra;

    @BeforeAll
    static void open(@TempDir Path folder) {
        ra = InMemoryRa.open(folder, StalledRequestsTest.class);
    }

    @AfterAll
    static void close() {
        ra.close();
    }

    private static String received() {
        return ra.received(
                InMemoryRa.SYSTEM,
                InMemoryRa.ali(),
                InMemoryRa.insideNioc(),
                InMemoryRa.aliCsr(TestCsrs.ec("secp256r1")),
                List.of());
    }

    private static String approved() {
        String id = received();
        ra.moveThrough(id, RequestState.PENDING_VETTING, RequestState.PENDING_APPROVAL, RequestState.APPROVED);
        return id;
    }

    /** Nothing is waiting on the broker for any request but these. */
    private static StalledRequests stalled(Clock clock, Map<RequestState, Set<String>> waiting) {
        return new StalledRequests(ra.requests, state -> waiting.getOrDefault(state, Set.of()), IDLE, clock);
    }

    @Test
    void a_request_idle_longer_than_the_limit_with_no_message_waiting_is_queued_again_each_on_its_queue() {
        String received = received();
        String approved = approved();

        StalledRequests later = stalled(LATER, Map.of());

        assertThat(later.received()).contains(received).doesNotContain(approved);
        assertThat(later.approved()).contains(approved).doesNotContain(received);
    }

    @Test
    void a_request_that_moved_within_the_limit_is_not_stalled() {
        String received = received();
        String approved = approved();

        StalledRequests now = stalled(InMemoryRa.CLOCK, Map.of());

        assertThat(now.received()).doesNotContain(received);
        assertThat(now.approved()).doesNotContain(approved);
    }

    @Test
    void a_request_with_a_message_waiting_or_parked_among_the_dead_letters_is_not_queued_again() {
        String waitingForVetting = received();
        String waitingForIssuance = approved();
        String lost = received();

        StalledRequests later = stalled(
                LATER,
                Map.of(
                        RequestState.RECEIVED,
                        Set.of(waitingForVetting),
                        RequestState.APPROVED,
                        Set.of(waitingForIssuance)));

        assertThat(later.received()).contains(lost).doesNotContain(waitingForVetting);
        assertThat(later.approved()).doesNotContain(waitingForIssuance);
    }

    @Test
    void a_request_past_the_step_is_not_queued_again() {
        String vetted = received();
        ra.moveThrough(vetted, RequestState.PENDING_VETTING);

        assertThat(stalled(LATER, Map.of()).received()).doesNotContain(vetted);
    }
}
