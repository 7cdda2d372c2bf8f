package ir.meganaft.ragateway.bench;

import ir.meganaft.ragateway.crl.CrlPublisher;
import ir.meganaft.ragateway.crl.CrlRecord;
import ir.meganaft.ragateway.csr.Serials;
import ir.meganaft.ragateway.keys.DevelopmentKeys;
import ir.meganaft.ragateway.keys.KeyLocations;
import ir.meganaft.ragateway.keys.Pkcs12Keys;
import ir.meganaft.ragateway.keys.Signer;
import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.request.Revocation;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.CrlStore;
import ir.meganaft.ragateway.store.Database;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CRL part of the benchmark (issue 7), run in its own JVM with the heap the issue allows
 * (bench/run gives it -Xmx512m): seeds N revoked certificates into the gateway's H2 schema by batch
 * JDBC (the store's tables, not SOAP), times {@link CrlPublisher#publishFull()} (build, sign,
 * verify, publish) and its peak heap, then one more revocation through
 * {@link CertificateStore#changeStatus} to a published delta CRL; and, as the same-run reference,
 * {@code openssl ca -gencrl} over an index.txt of the same N entries with a CA key of the same type.
 *
 * <p>Arguments: n, ca (RSA-2048|EC-P256), work, out; profile (comma-separated among cold,warm: a CPU
 * profile of that publishFull() call, {@link PhaseProfiler}), profile-event (itimer, cpu or wall);
 * openssl=false skips the reference.
 */
public final class CrlBench {
    private CrlBench() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = Json.args(argv);
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            run(args, result);
        } catch (Exception e) {
            result.put("error", String.valueOf(e));
            e.printStackTrace();
        } finally {
            Files.writeString(Path.of(args.get("out")), Json.write(result) + "\n");
        }
        System.exit(0);
    }

    private static void run(Map<String, String> args, Map<String, Object> result) throws Exception {
        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        int n = Integer.parseInt(args.getOrDefault("n", "1000000"));
        String ca = args.getOrDefault("ca", "RSA-2048");
        Path work = Path.of(args.getOrDefault("work", "target/bench-work/crl")).toAbsolutePath();
        Files.createDirectories(work);
        result.put("phase", "crl");
        result.put("machine", Json.machine());
        result.put("entries", n);
        result.put("caAlgorithm", ca);
        Signer signer;
        if (args.getOrDefault("keys", "pkcs12").equals("pkcs11")) {
            // the CA key on a fresh SoftHSM2 token, as in the gateway runs: the token signs the CRL's digest
            ir.meganaft.ragateway.support.SoftHsm.Token token =
                    ir.meganaft.ragateway.support.SoftHsm.newToken("crl", work);
            ir.meganaft.ragateway.support.TokenKeys.ceremony(token, work, ca);
            signer = ir.meganaft.ragateway.keys.Pkcs11Signer.open(
                    "ca", "ca", token.settings(), null, new ir.meganaft.ragateway.keys.HsmHealth(Clock.systemUTC()));
            result.put("keys", "pkcs11 (CA key on a SoftHSM2 token)");
        } else {
            KeyLocations keys = new KeyLocations(
                    work.resolve("ca.p12"),
                    "ca",
                    work.resolve("ra.p12"),
                    "ra",
                    work.resolve("password"),
                    "NO_SUCH_VARIABLE");
            new DevelopmentKeys().createIfMissing(keys, ca, "EC-P256");
            signer = Pkcs12Keys.load(keys.caKeystore(), "ca", keys.password());
            result.put("keys", "pkcs12 (development CA key)");
        }

        Database database = new Database(
                "jdbc:h2:file:" + work.resolve("db").resolve("gateway") + ";MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE",
                "sa",
                "",
                4);
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        BigInteger base = new BigInteger("4000000000000000000000000000000000000000", 16);
        long t0 = System.nanoTime();
        String extra = seed(database, n, base, now);
        result.put("seedSeconds", (System.nanoTime() - t0) / 1e9);
        result.put(
                "seedMethod", "batch JDBC inserts into cert_request and certificate (status REVOKED), 10,000 a batch");

        CrlPublisher publisher = new CrlPublisher(
                new CrlStore(database),
                signer,
                work.resolve("crl"),
                "http://127.0.0.1/pki/crl/issuing-ca.crl",
                "http://127.0.0.1/pki/crl/issuing-ca-delta.crl",
                new CrlPublisher.Schedule(Duration.ofDays(1), Duration.ofDays(7), Duration.ofHours(1)),
                Clock.systemUTC());
        PhaseProfiler profiler =
                new PhaseProfiler(args.getOrDefault("profile", ""), args.getOrDefault("profile-event", "itimer"), work);
        System.gc();
        resetPeaks();
        long heapBefore = heapUsed();
        profiler.start("cold");
        t0 = System.nanoTime();
        CrlRecord full = publisher.publishFull();
        double fullSeconds = (System.nanoTime() - t0) / 1e9;
        profiler.stop("cold");
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("seconds", fullSeconds);
        f.put("entries", full.entries());
        f.put("sizeBytes", full.sizeBytes());
        f.put("peakHeapMB", peakHeap() / 1048576.0);
        f.put("heapUsedBeforeMB", heapBefore / 1048576.0);
        f.put("maxHeapMB", Runtime.getRuntime().maxMemory() >> 20);
        f.put("what", "CrlPublisher.publishFull(): stream from H2, build, sign, verify, write, record");
        result.put("fullCrl", f);
        System.out.println("full CRL: " + f);

        // a second full CRL, warm (JIT compiled)
        resetPeaks();
        profiler.start("warm");
        t0 = System.nanoTime();
        publisher.publishFull();
        result.put("fullCrlSecondRunSeconds", (System.nanoTime() - t0) / 1e9);
        profiler.stop("warm");
        System.out.println("full CRL, warm: " + result.get("fullCrlSecondRunSeconds") + " s");
        result.put("fullCrlSecondRunPeakHeapMB", peakHeap() / 1048576.0);

        CertificateStore certificates = new CertificateStore(database);
        t0 = System.nanoTime();
        Instant revokedAt = Instant.now();
        if (!certificates.changeStatus(
                extra,
                CertificateStatus.GOOD,
                CertificateStatus.REVOKED,
                new Revocation("keyCompromise", revokedAt, null),
                "bench",
                revokedAt)) {
            throw new IllegalStateException("the extra certificate was not GOOD");
        }
        CrlRecord delta = publisher.publishDeltaIfChanged().orElseThrow();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("seconds", (System.nanoTime() - t0) / 1e9);
        d.put("entries", delta.entries());
        d.put("sizeBytes", delta.sizeBytes());
        d.put(
                "what",
                "CertificateStore.changeStatus then CrlPublisher.publishDeltaIfChanged, called directly "
                        + "(in the gateway a revocation triggers the same call through the seda:crl-after-revocation route)");
        result.put("deltaAfterRevocation", d);
        System.out.println("delta: " + d);
        database.close();

        if (args.getOrDefault("openssl", "true").equals("false")) {
            return;
        }
        result.put("openssl", openssl(work.resolve("openssl"), n, base, now, ca));
        Map<?, ?> o = (Map<?, ?>) result.get("openssl");
        if (o.get("seconds") instanceof Double s) {
            result.put("oursOverOpensslTimeRatio", fullSeconds / s);
        }
    }

    /** Seeds n revoked certificates and one good one; returns the good one's serial (hex). */
    private static String seed(Database database, int n, BigInteger base, Instant now) throws Exception {
        Timestamp issued = Timestamp.from(now.minus(Duration.ofDays(30)));
        Timestamp notAfter = Timestamp.from(now.plus(Duration.ofDays(700)));
        Timestamp updated = Timestamp.from(now);
        String extra = null;
        try (Connection c = DriverManager.open(database)) {
            c.setAutoCommit(false);
            try (PreparedStatement req = c.prepareStatement("""
                    insert into cert_request (id, caller_system_id, client_request_id, content_hash, request_type,
                      applicant_kind, channel, state, email, csr_der, public_key_sha256, requested_subject, received_at,
                      updated_at) values (?, 'BENCH', ?, 'x', 'NEW', 'INDIVIDUAL', 'INSIDE_INDUSTRY', 'ISSUED',
                      'bench@example.invalid', X'00', ?, 'CN=bench', ?, ?)""");
                    PreparedStatement cert = c.prepareStatement("""
                    insert into certificate (serial_number, request_id, issuer_dn, subject_dn, not_before, not_after,
                      sha256_fingerprint, public_key_sha256, der, issued_at, status, revocation_reason, revoked_at,
                      invalidity_date) values (?, ?, 'CN=bench CA', 'CN=bench', ?, ?, 'x', ?, X'00', ?, ?, ?, ?, ?)""")) {
                for (int i = 0; i <= n; i++) {
                    String id = String.format("00000000-0000-0000-0000-%012d", i);
                    String serial = Serials.hex(base.add(BigInteger.valueOf(i * 7919L)));
                    req.setString(1, id);
                    req.setString(2, "BENCH-" + i);
                    req.setString(3, Integer.toString(i));
                    req.setTimestamp(4, issued);
                    req.setTimestamp(5, updated);
                    req.addBatch();
                    cert.setString(1, serial);
                    cert.setString(2, id);
                    cert.setTimestamp(3, issued);
                    cert.setTimestamp(4, notAfter);
                    cert.setString(5, Integer.toString(i));
                    cert.setTimestamp(6, issued);
                    if (i == n) {
                        extra = serial;
                        cert.setString(7, "GOOD");
                        cert.setString(8, null);
                        cert.setTimestamp(9, null);
                    } else {
                        cert.setString(7, "REVOKED");
                        cert.setString(8, reason(i));
                        cert.setTimestamp(9, Timestamp.from(now.minusSeconds(i % 86_400)));
                    }
                    cert.setTimestamp(10, i % 5 == 0 && i != n ? Timestamp.from(now.minusSeconds(90_000)) : null);
                    cert.addBatch();
                    if (i % 10_000 == 9_999 || i == n) {
                        req.executeBatch();
                        cert.executeBatch();
                        c.commit();
                    }
                }
            }
        }
        return extra;
    }

    private static String reason(int i) {
        return i % 3 == 0 ? "keyCompromise" : i % 3 == 1 ? "superseded" : null;
    }

    /** Access to a connection of the gateway's pool. */
    private static final class DriverManager {
        static Connection open(Database database) {
            return database.jdbi().open().getConnection();
        }
    }

    /** openssl ca -gencrl over an index.txt of the same entries, with a fresh CA key of the same type. */
    private static Map<String, Object> openssl(Path dir, int n, BigInteger base, Instant now, String ca)
            throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        Files.createDirectories(dir);
        String keyOpt = ca.startsWith("RSA") ? "-newkey rsa:2048" : "-newkey ec -pkeyopt ec_paramgen_curve:P-256";
        sh(
                dir,
                "openssl req -x509 " + keyOpt
                        + " -nodes -keyout ca.key -out ca.pem -days 365 -subj '/C=IR/CN=openssl bench CA'");
        DateTimeFormatter utc = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
        String expiry = utc.format(now.plus(Duration.ofDays(700)));
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("index.txt"), StandardCharsets.US_ASCII)) {
            for (int i = 0; i < n; i++) {
                String reason = reason(i);
                w.write("R\t" + expiry + "\t" + utc.format(now.minusSeconds(i % 86_400))
                        + (reason == null ? "" : "," + reason) + "\t"
                        + base.add(BigInteger.valueOf(i * 7919L)).toString(16).toUpperCase() + "\tunknown\t/CN=bench"
                        + i + "\n");
            }
        }
        Files.writeString(dir.resolve("crlnumber"), "01\n");
        Files.writeString(dir.resolve("index.txt.attr"), "unique_subject = no\n");
        Files.writeString(dir.resolve("openssl.cnf"), """
                [ ca ]
                default_ca = bench
                [ bench ]
                database = index.txt
                crlnumber = crlnumber
                certificate = ca.pem
                private_key = ca.key
                default_md = sha256
                default_crl_days = 7
                crl_extensions = crl_ext
                [ crl_ext ]
                authorityKeyIdentifier = keyid:always
                """);
        long t0 = System.nanoTime();
        String out = sh(dir, "openssl ca -config openssl.cnf -gencrl -out crl.pem -batch");
        double seconds = (System.nanoTime() - t0) / 1e9;
        m.put("seconds", seconds);
        m.put("sizeBytesPem", Files.size(dir.resolve("crl.pem")));
        sh(dir, "openssl crl -in crl.pem -outform DER -out crl.der");
        m.put("sizeBytesDer", Files.size(dir.resolve("crl.der")));
        m.put("what", "openssl ca -gencrl over index.txt with " + n + " R lines (reasons as ours), CA key " + ca);
        m.put("version", sh(dir, "openssl version").trim());
        System.out.println("openssl: " + m + " " + out.trim());
        return m;
    }

    private static String sh(Path dir, String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + out);
        }
        return out;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    /** Sum of the heap pools' peak usage since the last reset (an upper bound on the peak heap in use). */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
