package ir.meganaft.ragateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.RequestType;
import ir.meganaft.ragateway.store.Database;
import ir.meganaft.ragateway.store.RequestStore;
import ir.meganaft.ragateway.support.InMemoryRa;
import ir.meganaft.ragateway.support.TestDatabase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The idempotency component: repeats, conflicts and the race on the unique key, on each database
 * the gateway runs on (H2 in memory, and PostgreSQL, where a failed insert ends its transaction).
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.class)
class IdempotencyTest {
    private static final String SYSTEM = "NIOC-HR";
    /** The database of this run, opened for the whole run by {@link #openDatabase}. */
    @Parameter
    TestDatabase runsOn;

    private static Database database;
    private static RequestStore requests;
    private static Idempotency idempotency;

    @BeforeParameterizedClassInvocation
    static void openDatabase(TestDatabase kind) {
        database = kind.open("idempotency-test", 8);
        requests = new RequestStore(database, Clock.systemUTC());
        idempotency = new Idempotency(requests);
    }

    @AfterParameterizedClassInvocation
    static void closeDatabase() {
        database.close();
    }

    private static Idempotency.Key key(String clientRequestId, String content) {
        return new Idempotency.Key(SYSTEM, clientRequestId, RequestType.ISSUE, ContentHash.of(List.of(content), null));
    }

    /** Stores an ISSUE request under the key, as intake would: the first submission's own work. */
    private static String store(Idempotency.Key key) {
        CertificateRequest request = CertificateRequest.issue(
                new CertificateRequest.Sender(key.callerSystemId(), key.clientRequestId(), null, null),
                key.content().value(),
                InMemoryRa.ali(),
                InMemoryRa.insideNioc(),
                new CertificateRequest.Csr(new byte[] {1}, "key-" + UUID.randomUUID(), "CN=Ali Rezaei"),
                null,
                null,
                InMemoryRa.CLOCK.instant());
        requests.insert(request, List.of(), "caller:" + key.callerSystemId());
        return request.id();
    }

    private static String once(Idempotency.Key key, AtomicInteger firstTimes) {
        return idempotency.once(
                key,
                () -> {
                    firstTimes.incrementAndGet();
                    return "new " + store(key);
                },
                original -> "repeat " + original.id());
    }

    private static int stored(String clientRequestId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(
                                "select count(*) from cert_request where caller_system_id = :s and client_request_id = :c")
                        .bind("s", SYSTEM)
                        .bind("c", clientRequestId)
                        .mapTo(Integer.class)
                        .one());
    }

    @Test
    void a_new_client_request_id_runs_the_submission_and_answers_with_its_result() {
        AtomicInteger firstTimes = new AtomicInteger();

        String answer = once(key("c-new", "content"), firstTimes);

        assertThat(answer).startsWith("new ");
        assertThat(firstTimes).hasValue(1);
        assertThat(stored("c-new")).isEqualTo(1);
    }

    @Test
    void a_repeat_with_the_same_content_is_answered_from_the_stored_request_without_running_again() {
        AtomicInteger firstTimes = new AtomicInteger();
        String first = once(key("c-repeat", "content"), firstTimes);

        String again = once(key("c-repeat", "content"), firstTimes);

        assertThat(again).isEqualTo("repeat " + first.substring("new ".length()));
        assertThat(firstTimes).hasValue(1);
        assertThat(stored("c-repeat")).isEqualTo(1);
    }

    @Test
    void a_repeat_with_other_content_is_refused_naming_the_original_request() {
        AtomicInteger firstTimes = new AtomicInteger();
        String original = once(key("c-other", "content"), firstTimes).substring("new ".length());

        assertThatThrownBy(() -> once(key("c-other", "other content"), firstTimes))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(FaultCode.IDEMPOTENCY_CONFLICT);
                    assertThat(e.requestId()).isEqualTo(original);
                    assertThat(e.field()).isEqualTo("header/clientRequestId");
                });
        assertThat(firstTimes).hasValue(1);
    }

    @Test
    void a_repeat_asking_for_another_kind_of_request_is_a_conflict_even_with_the_same_content() {
        AtomicInteger firstTimes = new AtomicInteger();
        Idempotency.Key issue = key("c-kind", "content");
        once(issue, firstTimes);
        Idempotency.Key revoke = new Idempotency.Key(SYSTEM, "c-kind", RequestType.REVOKE, issue.content());

        assertThatThrownBy(() -> idempotency.once(revoke, () -> "new", original -> "repeat"))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.IDEMPOTENCY_CONFLICT));
    }

    @Test
    void the_same_client_request_id_from_another_system_is_another_request() {
        AtomicInteger firstTimes = new AtomicInteger();
        once(key("c-systems", "content"), firstTimes);
        Idempotency.Key other = new Idempotency.Key(
                "NIOC-FIN", "c-systems", RequestType.ISSUE, ContentHash.of(List.of("content"), null));

        assertThat(idempotency.once(other, () -> "new " + store(other), original -> "repeat"))
                .startsWith("new ");
    }

    @Test
    void a_hash_stored_by_an_earlier_version_answers_a_retry_of_that_request() {
        Idempotency.Key earlier = new Idempotency.Key(
                SYSTEM, "c-earlier", RequestType.ISSUE, ContentHash.of(List.of("as it was hashed then"), null));
        String stored = store(earlier);
        Idempotency.Key now = new Idempotency.Key(
                SYSTEM,
                "c-earlier",
                RequestType.ISSUE,
                ContentHash.of(List.of("as it is hashed now"), null)
                        .orAsStoredBefore(earlier.content().value()));

        assertThat(idempotency.once(now, () -> "new", original -> "repeat " + original.id()))
                .isEqualTo("repeat " + stored);
    }

    @Test
    void two_identical_submissions_racing_past_the_first_look_end_as_one_request_both_answered_with_it()
            throws Exception {
        Idempotency.Key key = key("c-race", "content");
        int racers = 4;
        CyclicBarrier bothLookedFirst = new CyclicBarrier(racers);
        ExecutorService threads = Executors.newFixedThreadPool(racers);
        List<Future<String>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                answers.add(threads.submit(() -> idempotency.once(
                        key,
                        () -> {
                            await(bothLookedFirst); // each found nothing stored; now each inserts
                            return store(key);
                        },
                        original -> original.id())));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> answer : answers) {
                ids.add(answer.get());
            }
            assertThat(ids).hasSize(racers).containsOnly(ids.get(0));
        } finally {
            threads.shutdownNow();
        }
        assertThat(stored("c-race")).isEqualTo(1);
    }

    @Test
    void a_racing_submission_with_other_content_is_refused_as_a_conflict() throws Exception {
        Idempotency.Key winner = key("c-race-other", "content");
        Idempotency.Key loser = key("c-race-other", "other content");

        assertThatThrownBy(() -> idempotency.once(
                        loser,
                        () -> {
                            store(winner); // the other submission gets in first
                            return store(loser);
                        },
                        original -> original.id()))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.IDEMPOTENCY_CONFLICT));
    }

    @Test
    void a_check_refused_because_an_identical_submission_just_got_in_is_answered_as_a_repeat_of_it() {
        Idempotency.Key key = key("c-check", "content");
        String[] twin = new String[1];

        String answer = idempotency.once(
                key,
                () -> {
                    twin[0] = store(key); // meanwhile, the identical submission is stored...
                    throw new GatewayException(
                            FaultCode.RENEWAL_NOT_ALLOWED, "already being renewed", "certificate", twin[0]);
                },
                original -> original.id());

        assertThat(answer).isEqualTo(twin[0]);
    }

    @Test
    void a_failure_with_nothing_stored_is_thrown_as_it_is() {
        GatewayException refused = new GatewayException(FaultCode.CSR_SIGNATURE_INVALID, "bad CSR", "csr", null);

        assertThatThrownBy(() -> idempotency.once(
                        key("c-refused", "content"),
                        () -> {
                            throw refused;
                        },
                        original -> "repeat"))
                .isSameAs(refused);
        assertThat(stored("c-refused")).isZero();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
