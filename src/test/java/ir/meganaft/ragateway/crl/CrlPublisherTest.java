package ir.meganaft.ragateway.crl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.keys.DevelopmentKeys;
import ir.meganaft.ragateway.keys.KeyLocations;
import ir.meganaft.ragateway.keys.Pkcs12Keys;
import ir.meganaft.ragateway.keys.Signer;
import ir.meganaft.ragateway.store.CrlStore;
import ir.meganaft.ragateway.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher on a real (in-memory H2) database and a real CA key. */
class CrlPublisherTest {
    static final CrlPublisher.Schedule SCHEDULE =
            new CrlPublisher.Schedule(Duration.ofHours(24), Duration.ofDays(7), Duration.ofHours(1));

    @TempDir
    Path dir;

    Database database;
    Signer ca;

    @BeforeEach
    void setUp() {
        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        database = new Database(
                "jdbc:h2:mem:crl-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL", "sa", "", 2);
        KeyLocations keys = new KeyLocations(
                dir.resolve("keys/ca.p12"),
                "ca",
                dir.resolve("keys/ra.p12"),
                "ra",
                dir.resolve("keys/password"),
                "NO_SUCH_VARIABLE");
        new DevelopmentKeys().createIfMissing(keys, "EC-P256", "EC-P256");
        ca = Pkcs12Keys.load(keys.caKeystore(), "ca", keys.password());
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private CrlPublisher publisher(CrlData data) {
        return publisher(data, dir.resolve("crl"));
    }

    private CrlPublisher publisher(CrlData data, Path folder) {
        return new CrlPublisher(
                data,
                ca,
                folder,
                "http://x.example/ca.crl",
                "http://x.example/ca-delta.crl",
                SCHEDULE,
                Clock.systemUTC());
    }

    @Test
    void another_instance_on_the_same_database_serves_the_latest_crls_byte_for_byte() throws Exception {
        CrlPublisher writer = publisher(new CrlStore(database));
        CrlRecord full = writer.publishFull();
        CrlRecord delta = writer.publishDelta();
        CrlPublisher other = publisher(new CrlStore(database), dir.resolve("other-instance"));

        CrlRecord latestFull = other.latest(false).orElseThrow();
        CrlRecord latestDelta = other.latest(true).orElseThrow();
        assertThat(latestFull.number()).isEqualTo(full.number());
        assertThat(latestDelta.number()).isEqualTo(delta.number());
        assertThat(Files.readAllBytes(other.fileOf(latestFull))).isEqualTo(Files.readAllBytes(writer.fileOf(full)));
        assertThat(Files.readAllBytes(other.fileOf(latestDelta))).isEqualTo(Files.readAllBytes(writer.fileOf(delta)));
        assertThat(other.fileOf(latestFull)).as("kept for the next request").startsWith(dir.resolve("other-instance"));
    }

    @Test
    void another_instance_keeps_its_copies_of_the_latest_two_crls_of_each_kind_only() throws Exception {
        CrlPublisher writer = publisher(new CrlStore(database));
        CrlPublisher other = publisher(new CrlStore(database), dir.resolve("other-instance"));
        CrlRecord full = writer.publishFull();
        other.fileOf(full);
        List<CrlRecord> deltas = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            deltas.add(writer.publishDelta());
            Path copy = other.fileOf(other.latest(true).orElseThrow());
            assertThat(copy.getFileName().toString()).isEqualTo(deltas.get(i).fileName());
        }

        try (var files = Files.list(dir.resolve("other-instance").resolve("copies"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("the first delta's copy is gone")
                    .containsExactlyInAnyOrder(
                            full.fileName(),
                            deltas.get(1).fileName(),
                            deltas.get(2).fileName());
        }
    }

    @Test
    void a_crl_whose_bytes_in_the_database_do_not_match_its_recorded_sha256_is_not_served() throws Exception {
        CrlRecord full = publisher(new CrlStore(database)).publishFull();
        database.jdbi()
                .useHandle(h -> h.createUpdate("update crl_content set content = :bytes where crl_number = :n")
                        .bind("bytes", new byte[] {0x30, 0x00})
                        .bind("n", full.number())
                        .execute());
        CrlPublisher other = publisher(new CrlStore(database), dir.resolve("other-instance"));

        assertThatThrownBy(() -> other.fileOf(full)).hasMessageContaining("not the recorded");
        try (var files = Files.list(dir.resolve("other-instance").resolve("copies"))) {
            assertThat(files).as("nothing left behind").isEmpty();
        }
    }

    @Test
    void a_crash_while_building_leaves_the_previous_crl_in_place_and_its_number_unused() throws Exception {
        CrlStore store = new CrlStore(database);
        CrlRecord first = publisher(store).publishFull();
        byte[] published = Files.readAllBytes(dir.resolve("crl").resolve(CrlPublisher.FULL_FILE));

        CrlData crashing = new Crashing(store);
        assertThatThrownBy(() -> publisher(crashing).publishFull()).hasMessageContaining("disk died");
        assertThat(Files.readAllBytes(dir.resolve("crl").resolve(CrlPublisher.FULL_FILE)))
                .isEqualTo(published);
        assertThat(store.latest(CrlRecord.Kind.FULL))
                .get()
                .extracting(CrlRecord::number)
                .isEqualTo(first.number());
        try (var files = Files.list(dir.resolve("crl").resolve("archive"))) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(name -> name.endsWith(".part"));
        }

        CrlRecord next = publisher(store).publishFull();
        assertThat(next.number())
                .as("the crashed attempt's number stays unused")
                .isEqualTo(first.number() + 2);
        X509CRLHolder crl =
                new X509CRLHolder(Files.readAllBytes(dir.resolve("crl").resolve(CrlPublisher.FULL_FILE)));
        assertThat(org.bouncycastle.asn1.x509.CRLNumber.getInstance(
                                crl.getExtension(Extension.cRLNumber).getParsedValue())
                        .getCRLNumber()
                        .longValue())
                .isEqualTo(next.number());
    }

    @Test
    void a_delta_names_its_base_and_never_outlives_it() {
        CrlStore store = new CrlStore(database);
        CrlPublisher publisher = publisher(store);
        CrlRecord full = publisher.publishFull();
        CrlRecord delta = publisher.publishDelta();
        assertThat(delta.baseNumber()).isEqualTo(full.number());
        assertThat(delta.number()).isGreaterThan(full.number());
        assertThat(delta.nextUpdate()).isBeforeOrEqualTo(full.nextUpdate());
        assertThat(publisher.publishDeltaIfChanged())
                .as("nothing changed since")
                .isEmpty();
    }

    @Test
    void a_full_crl_is_due_only_once_per_period() {
        CrlPublisher publisher = publisher(new CrlStore(database));
        assertThat(publisher.publishFullIfDue()).isPresent();
        assertThat(publisher.publishFullIfDue()).isEmpty();
    }

    @Test
    void refuses_a_schedule_whose_full_crl_would_be_valid_more_than_ten_days() {
        assertThatThrownBy(
                        () -> new CrlPublisher.Schedule(Duration.ofHours(24), Duration.ofDays(11), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_relayed_crl_that_cannot_be_fetched_or_read_leaves_the_last_one_served_and_the_scheduled_check_quiet()
            throws Exception {
        Database casOwn = new Database(
                "jdbc:h2:mem:ca-crl-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL", "sa", "", 2);
        try {
            byte[] casCrl = Files.readAllBytes(publisher(new CrlStore(casOwn), dir.resolve("ca-node"))
                    .fileOf(publisher(new CrlStore(casOwn), dir.resolve("ca-node"))
                            .publishFull()));
            java.util.concurrent.atomic.AtomicReference<java.util.function.Supplier<byte[]>> ca =
                    new java.util.concurrent.atomic.AtomicReference<>(() -> casCrl);
            CrlPublisher relay = CrlPublisher.relaying(
                    new CrlStore(database),
                    this.ca.certificate(),
                    () -> ca.get().get(),
                    dir.resolve("relayed"),
                    Clock.systemUTC());
            CrlRecord kept = relay.publishDue().orElseThrow();

            ca.set(() -> {
                throw new java.io.UncheckedIOException(new java.io.IOException("Connection refused"));
            });
            assertThat(relay.publishDue())
                    .as("an unreachable CA: nothing new, no exception")
                    .isEmpty();
            ca.set(() -> "<html>not a CRL</html>".getBytes());
            assertThat(relay.publishDue())
                    .as("not a CRL: nothing new, no exception")
                    .isEmpty();
            assertThat(relay.latest(false).orElseThrow().number()).isEqualTo(kept.number());
            assertThat(Files.readAllBytes(relay.fileOf(kept))).isEqualTo(casCrl);
            assertThatThrownBy(relay::publishFull)
                    .as("an admin asking for a CRL now hears why there is no new one")
                    .hasMessageContaining("not a DER-encoded CRL");
        } finally {
            casOwn.close();
        }
    }

    /** The real store, whose entry stream fails half-way, as a disk or database failure would. */
    private record Crashing(CrlStore store) implements CrlData {
        public long nextCrlNumber() {
            return store.nextCrlNumber();
        }

        public long lastRevocationEventId() {
            return store.lastRevocationEventId();
        }

        public void forEachRevoked(Instant notExpiredAt, Consumer<CrlEntry> sink) {
            sink.accept(new CrlEntry(java.math.BigInteger.TEN, Instant.now(), "keyCompromise", null));
            throw new IllegalStateException("disk died");
        }

        public void forEachChanged(long afterEventId, Instant alsoSince, long upToEventId, Consumer<CrlEntry> sink) {
            throw new IllegalStateException("disk died");
        }

        public Optional<CrlRecord> latest(CrlRecord.Kind kind) {
            return store.latest(kind);
        }

        public Optional<CrlRecord> latestOfAnyKind() {
            return store.latestOfAnyKind();
        }

        public void record(CrlRecord crl, Path content) {
            store.record(crl, content);
        }

        public boolean copyContent(long number, java.io.OutputStream out) {
            return store.copyContent(number, out);
        }
    }
}
