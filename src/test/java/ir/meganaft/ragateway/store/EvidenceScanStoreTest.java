package ir.meganaft.ragateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.csr.Fingerprints;
import ir.meganaft.ragateway.intake.EvidenceFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scans kept in the database: every instance reads what any instance stored. */
class EvidenceScanStoreTest {
    private static final byte[] SCAN = "scan of Ali's national card".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path folder;

    Database database;

    @BeforeEach
    void setUp() {
        database = new Database(
                "jdbc:h2:mem:scans-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL", "sa", "", 4);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private EvidenceScanStore instance(String name) {
        return new EvidenceScanStore(
                database, new EvidenceFiles(folder.resolve(name).resolve("evidence")));
    }

    @Test
    void a_scan_stored_by_one_instance_is_read_by_another() {
        String sha256 = instance("a").store(SCAN);

        assertThat(sha256).isEqualTo(Fingerprints.sha256Hex(SCAN));
        assertThat(instance("b").read(sha256)).contains(SCAN);
        assertThat(instance("b").read(sha256.toLowerCase(Locale.ROOT))).contains(SCAN);
        assertThat(instance("b").read(Fingerprints.sha256Hex(new byte[] {1}))).isEmpty();
    }

    @Test
    void the_same_scan_stored_twice_or_by_two_instances_at_once_is_one_row() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = List.of("a", "b", "c", "d").stream()
                    .map(name -> pool.submit(() -> {
                        EvidenceScanStore scans = instance(name);
                        go.await();
                        return scans.store(SCAN);
                    }))
                    .toList();
            go.countDown();
            for (Future<String> result : results) {
                assertThat(result.get()).isEqualTo(Fingerprints.sha256Hex(SCAN));
            }
        } finally {
            pool.shutdownNow();
        }
        instance("a").store(SCAN);
        assertThat(database.jdbi()
                        .<Integer, RuntimeException>withHandle(h -> h.createQuery("select count(*) from evidence_scan")
                                .mapTo(Integer.class)
                                .one()))
                .isEqualTo(1);
    }

    @Test
    void a_scan_kept_in_the_evidence_folder_before_the_database_kept_them_is_still_read() {
        String sha256 = new EvidenceFiles(folder.resolve("a").resolve("evidence")).store(SCAN);

        assertThat(instance("a").read(sha256)).contains(SCAN);
        assertThat(instance("b").read(sha256))
                .as("another instance has no such folder")
                .isEmpty();
    }
}
