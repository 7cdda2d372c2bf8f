package ir.meganaft.ragateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.crl.CrlEntry;
import ir.meganaft.ragateway.crl.CrlRecord;
import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.request.Revocation;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrlStoreTest {
    private static final int POOL = 2;
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    Database database;
    CrlStore store;
    int rows;

    @BeforeEach
    void setUp() {
        database = new Database(
                "jdbc:h2:mem:crlstore-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL", "sa", "", POOL);
        store = new CrlStore(database);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void a_crl_of_several_pieces_comes_back_byte_for_byte(@TempDir Path folder) throws Exception {
        byte[] bytes = new byte[CrlStore.PIECE_BYTES * 2 + 12345];
        new Random(7).nextBytes(bytes);
        Path file = Files.write(folder.resolve("1-full.crl"), bytes);
        store.record(crl(store.nextCrlNumber(), CrlRecord.Kind.FULL, NOW.plus(Duration.ofDays(1)), bytes.length), file);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(store.copyContent(store.latestOfAnyKind().orElseThrow().number(), out))
                .isTrue();
        assertThat(out.toByteArray()).isEqualTo(bytes);
        assertThat(database.jdbi()
                        .<Integer, RuntimeException>withHandle(h -> h.createQuery("select count(*) from crl_content")
                                .mapTo(Integer.class)
                                .one()))
                .isEqualTo(3);
        assertThat(store.copyContent(999, new ByteArrayOutputStream()))
                .as("no such CRL")
                .isFalse();
    }

    @Test
    void the_bytes_of_an_expired_crl_go_once_a_newer_one_of_its_kind_is_recorded(@TempDir Path folder)
            throws Exception {
        Path file = Files.write(folder.resolve("c.crl"), new byte[] {0x30, 0x00});
        long expiredFull = store.nextCrlNumber();
        store.record(crl(expiredFull, CrlRecord.Kind.FULL, NOW.minusSeconds(1), 2), file);
        long expiredDelta = store.nextCrlNumber();
        store.record(crl(expiredDelta, CrlRecord.Kind.DELTA, NOW.minusSeconds(1), 2), file);
        assertThat(store.copyContent(expiredFull, new ByteArrayOutputStream()))
                .as("still the latest full CRL")
                .isTrue();

        long full = store.nextCrlNumber();
        store.record(crl(full, CrlRecord.Kind.FULL, NOW.plus(Duration.ofDays(1)), 2), file);

        assertThat(store.copyContent(expiredFull, new ByteArrayOutputStream())).isFalse();
        assertThat(store.copyContent(expiredDelta, new ByteArrayOutputStream()))
                .as("still the latest delta")
                .isTrue();
        assertThat(store.copyContent(full, new ByteArrayOutputStream())).isTrue();
    }

    private static CrlRecord crl(long number, CrlRecord.Kind kind, Instant nextUpdate, long size) {
        return new CrlRecord(
                number,
                kind,
                kind == CrlRecord.Kind.DELTA ? 1L : null,
                NOW.minus(Duration.ofDays(2)),
                nextUpdate,
                0,
                0,
                size,
                "00",
                number + "-" + kind + ".crl",
                NOW);
    }

    @Test
    void the_full_crl_reads_every_revoked_or_held_unexpired_certificate_with_its_reason_and_dates() {
        certificate("0A", "GOOD", null, null, null, NOW.plus(Duration.ofDays(30)));
        certificate(
                "0B",
                "REVOKED",
                "keyCompromise",
                NOW.minusSeconds(60),
                NOW.minusSeconds(7200),
                NOW.plus(Duration.ofDays(30)));
        certificate("FF0C", "ON_HOLD", "certificateHold", NOW.minusSeconds(30), null, NOW.plus(Duration.ofDays(30)));
        certificate("0D", "REVOKED", "superseded", NOW.minusSeconds(90), null, NOW.minusSeconds(1));
        certificate("0E", "REVOKED", null, NOW.minusSeconds(10), null, NOW.plus(Duration.ofDays(30)));

        Map<BigInteger, CrlEntry> entries = new HashMap<>();
        store.forEachRevoked(NOW, entry -> entries.put(entry.serial(), entry));

        assertThat(entries)
                .containsOnlyKeys(BigInteger.valueOf(0x0B), BigInteger.valueOf(0xFF0C), BigInteger.valueOf(0x0E));
        assertThat(entries.get(BigInteger.valueOf(0x0B)))
                .isEqualTo(new CrlEntry(
                        BigInteger.valueOf(0x0B), NOW.minusSeconds(60), "keyCompromise", NOW.minusSeconds(7200)));
        assertThat(entries.get(BigInteger.valueOf(0xFF0C)))
                .isEqualTo(new CrlEntry(BigInteger.valueOf(0xFF0C), NOW.minusSeconds(30), "certificateHold", null));
        assertThat(entries.get(BigInteger.valueOf(0x0E)))
                .isEqualTo(new CrlEntry(BigInteger.valueOf(0x0E), NOW.minusSeconds(10), null, null));
    }

    @Test
    void a_delta_lists_a_revocation_with_its_reason_and_a_released_hold_as_remove_from_crl() {
        certificate("1A", "GOOD", null, null, null, NOW.plus(Duration.ofDays(30)));
        certificate("1B", "GOOD", null, null, null, NOW.plus(Duration.ofDays(30)));
        CertificateStore certificates = new CertificateStore(database);
        assertThat(certificates.changeStatus(
                        "1A",
                        CertificateStatus.GOOD,
                        CertificateStatus.REVOKED,
                        new Revocation("affiliationChanged", NOW.minusSeconds(5), NOW.minusSeconds(3600)),
                        "test",
                        NOW))
                .isTrue();
        assertThat(certificates.changeStatus(
                        "1B",
                        CertificateStatus.GOOD,
                        CertificateStatus.ON_HOLD,
                        new Revocation("certificateHold", NOW.minusSeconds(4), null),
                        "test",
                        NOW))
                .isTrue();
        assertThat(certificates.changeStatus(
                        "1B", CertificateStatus.ON_HOLD, CertificateStatus.GOOD, null, "test", NOW.plusSeconds(1)))
                .isTrue();

        Map<BigInteger, CrlEntry> entries = new HashMap<>();
        store.forEachChanged(
                0,
                NOW.plus(Duration.ofDays(1)),
                store.lastRevocationEventId(),
                entry -> entries.put(entry.serial(), entry));

        assertThat(entries).containsOnlyKeys(BigInteger.valueOf(0x1A), BigInteger.valueOf(0x1B));
        assertThat(entries.get(BigInteger.valueOf(0x1A)))
                .isEqualTo(new CrlEntry(
                        BigInteger.valueOf(0x1A), NOW.minusSeconds(5), "affiliationChanged", NOW.minusSeconds(3600)));
        assertThat(entries.get(BigInteger.valueOf(0x1B)))
                .isEqualTo(new CrlEntry(BigInteger.valueOf(0x1B), NOW.plusSeconds(1), "removeFromCRL", null));
    }

    @Test
    void a_hold_turned_into_a_revocation_while_the_full_crl_streams_is_listed_once() {
        // held first in the status index's order (ON_HOLD before REVOKED), revoked while the read is
        // under way: a lazily executed query that did not keep its snapshot would meet it again
        certificate("01", "ON_HOLD", "certificateHold", NOW.minusSeconds(30), null, NOW.plus(Duration.ofDays(30)));
        for (int i = 0; i < 3000; i++) {
            certificate(
                    Integer.toHexString(0x1000 + i),
                    "REVOKED",
                    "superseded",
                    NOW.minusSeconds(60),
                    null,
                    NOW.plus(Duration.ofDays(30)));
        }
        CertificateStore certificates = new CertificateStore(database);
        List<BigInteger> seen = new ArrayList<>();
        store.forEachRevoked(NOW, entry -> {
            if (seen.isEmpty()) {
                assertThat(certificates.changeStatus(
                                "01",
                                CertificateStatus.ON_HOLD,
                                CertificateStatus.REVOKED,
                                new Revocation("keyCompromise", NOW.minusSeconds(1), null),
                                "test",
                                NOW))
                        .isTrue();
            }
            seen.add(entry.serial());
        });

        assertThat(seen.get(0))
                .as("the held certificate is read first, before its revocation")
                .isEqualTo(BigInteger.ONE);
        assertThat(seen).hasSize(3001).doesNotHaveDuplicates();
    }

    @Test
    void streaming_the_entries_leaves_the_pooled_connection_executing_queries_eagerly_again() {
        certificate("2A", "REVOKED", "keyCompromise", NOW, null, NOW.plus(Duration.ofDays(30)));
        int[] seen = {0};
        store.forEachRevoked(NOW, entry -> seen[0]++);
        assertThat(seen[0]).isEqualTo(1);

        // every connection of the pool at once, so the one the read used among them
        List<Handle> handles = new ArrayList<>();
        try {
            for (int i = 0; i < POOL; i++) {
                handles.add(database.jdbi().open());
            }
            for (Handle h : handles) {
                assertThat(lazy(h)).isFalse();
            }
        } finally {
            handles.forEach(Handle::close);
        }
    }

    /** The H2 session's own flag (no SQL shows it). */
    private static boolean lazy(Handle h) {
        try {
            return ((org.h2.engine.SessionLocal) h.getConnection()
                            .unwrap(org.h2.jdbc.JdbcConnection.class)
                            .getSession())
                    .isLazyQueryExecution();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void certificate(
            String serial, String status, String reason, Instant revokedAt, Instant invalidity, Instant notAfter) {
        String id = UUID.randomUUID().toString();
        int n = rows++;
        database.jdbi().useHandle(h -> {
            h.createUpdate("""
                    insert into cert_request (id, caller_system_id, client_request_id, content_hash, request_type,
                      applicant_kind, channel, state, email, csr_der, public_key_sha256, requested_subject, received_at,
                      updated_at) values (:id, 'TEST', :client, 'x', 'NEW', 'INDIVIDUAL', 'INSIDE_INDUSTRY', 'ISSUED',
                      'test@example.invalid', X'00', :key, 'CN=test', :at, :at)""")
                    .bind("id", id)
                    .bind("client", "C-" + n)
                    .bind("key", "k" + n)
                    .bind("at", Timestamp.from(NOW))
                    .execute();
            h.createUpdate("""
                    insert into certificate (serial_number, request_id, issuer_dn, subject_dn, not_before, not_after,
                      sha256_fingerprint, public_key_sha256, der, issued_at, status, revocation_reason, revoked_at,
                      invalidity_date) values (:serial, :id, 'CN=CA', 'CN=test', :notBefore, :notAfter, 'x', :key,
                      X'00', :notBefore, :status, :reason, :revokedAt, :invalidity)""")
                    .bind("serial", serial)
                    .bind("id", id)
                    .bind("notBefore", Timestamp.from(NOW.minus(Duration.ofDays(60))))
                    .bind("notAfter", Timestamp.from(notAfter))
                    .bind("key", "k" + n)
                    .bind("status", status)
                    .bind("reason", reason)
                    .bind("revokedAt", revokedAt == null ? null : Timestamp.from(revokedAt))
                    .bind("invalidity", invalidity == null ? null : Timestamp.from(invalidity))
                    .execute();
        });
    }
}
