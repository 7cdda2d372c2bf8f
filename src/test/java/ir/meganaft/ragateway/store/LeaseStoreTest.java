package ir.meganaft.ragateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.crl.CrlRecord;
import ir.meganaft.ragateway.support.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The leases of singleton jobs, on both databases: one holder at a time, fencing, take-over, and CRLs fenced by them. */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.class)
class LeaseStoreTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration SHORT = Duration.ofSeconds(1);

    @Parameter
    TestDatabase runsOn;

    private static Database database;
    private LeaseStore leases;
    private String job;

    @BeforeParameterizedClassInvocation
    static void openDatabase(TestDatabase kind) {
        database = kind.open("lease-store-test", 8);
    }

    @AfterParameterizedClassInvocation
    static void closeDatabase() {
        database.close();
    }

    @BeforeEach
    void newJob() {
        leases = new LeaseStore(database, 5);
        job = "job-" + UUID.randomUUID();
    }

    @Test
    void the_first_taker_gets_fencing_one_and_keeps_it_while_renewing() {
        assertThat(leases.take(job, "a", LONG)).contains(new LeaseStore.Lease(job, "a", 1));
        assertThat(leases.take(job, "a", LONG)).as("renewed").contains(new LeaseStore.Lease(job, "a", 1));
        assertThat(leases.holderOf(job)).contains(new LeaseStore.Lease(job, "a", 1));
    }

    @Test
    void another_instance_cannot_take_an_unexpired_lease() {
        leases.take(job, "a", LONG);

        assertThat(leases.take(job, "b", LONG)).isEmpty();
        assertThat(leases.held(job, "b")).isEmpty();
        assertThat(leases.held(job, "a")).isPresent();
    }

    @Test
    void an_expired_lease_goes_to_the_next_taker_with_a_higher_fencing_number_and_the_old_holder_cannot_renew() {
        leases.take(job, "a", SHORT);

        Optional<LeaseStore.Lease> taken = await("the lease expires")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> leases.take(job, "b", LONG), Optional::isPresent);

        assertThat(taken).contains(new LeaseStore.Lease(job, "b", 2));
        assertThat(leases.take(job, "a", LONG)).as("the old holder, late").isEmpty();
        assertThat(leases.held(job, "a")).isEmpty();
    }

    @Test
    void a_released_lease_is_taken_at_once() {
        LeaseStore.Lease a = leases.take(job, "a", LONG).orElseThrow();

        leases.release(a);

        assertThat(leases.take(job, "b", LONG)).contains(new LeaseStore.Lease(job, "b", 2));
    }

    @Test
    void of_many_instances_racing_for_a_new_lease_exactly_one_gets_it() throws Exception {
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<LeaseStore.Lease>>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String holder = "racer-" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    return leases.take(job, holder, LONG);
                }));
            }
            go.countDown();
            List<LeaseStore.Lease> winners = new ArrayList<>();
            for (Future<Optional<LeaseStore.Lease>> r : results) {
                r.get().ifPresent(winners::add);
            }
            assertThat(winners).hasSize(1);
            assertThat(leases.holderOf(job)).contains(winners.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_crl_is_recorded_only_while_its_writer_still_holds_the_crl_lease() {
        AtomicReference<Optional<LeaseStore.Lease>> mine = new AtomicReference<>(leases.take(job, "a", SHORT));
        CrlStore crls = new CrlStore(database, mine::get);
        long first = crls.nextCrlNumber();
        crls.record(crl(first), content());

        await("the lease expires and b takes it")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> leases.take(job, "b", LONG), Optional::isPresent);
        long late = crls.nextCrlNumber();

        assertThatThrownBy(() -> crls.record(crl(late), content())).isInstanceOf(LeaseStore.LeaseLostException.class);
        assertThat(crls.latestOfAnyKind()).map(CrlRecord::number).contains(first);
        mine.set(Optional.empty());
        assertThatThrownBy(() -> crls.record(crl(late), content()))
                .as("no lease at all")
                .isInstanceOf(LeaseStore.LeaseLostException.class);
    }

    @Test
    void a_crl_number_not_above_the_last_recorded_is_refused_even_under_the_lease() {
        Optional<LeaseStore.Lease> lease = leases.take(job, "a", LONG);
        CrlStore crls = new CrlStore(database, () -> lease);
        long lower = crls.nextCrlNumber();
        long higher = crls.nextCrlNumber();
        crls.record(crl(higher), content());

        assertThatThrownBy(() -> crls.record(crl(lower), content())).hasMessageContaining("not above");
    }

    /** A CRL's bytes, as the publisher hands them to the store: a file. */
    private static Path content() {
        try {
            Path file = Files.createTempFile("crl", ".crl");
            file.toFile().deleteOnExit();
            Files.write(file, new byte[] {0x30, 0x00});
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CrlRecord crl(long number) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new CrlRecord(
                number,
                CrlRecord.Kind.FULL,
                null,
                now,
                now.plus(Duration.ofDays(1)),
                0,
                0,
                100,
                "00",
                number + "-full.crl",
                now);
    }
}
