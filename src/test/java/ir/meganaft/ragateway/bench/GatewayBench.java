package ir.meganaft.ragateway.bench;

import ir.meganaft.ragateway.contract.officer.OfficerServicePortType;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.crl.CrlPublisher;
import ir.meganaft.ragateway.keys.Signer;
import ir.meganaft.ragateway.support.GatewayKeys;
import ir.meganaft.ragateway.support.PostgresServer;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.SeveralInstances;
import ir.meganaft.ragateway.support.SoftHsm;
import ir.meganaft.ragateway.support.StandaloneArtemis;
import ir.meganaft.ragateway.support.TestCaNode;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.TokenKeys;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.bouncycastle.operator.ContentSigner;

/**
 * The gateway part of the benchmark (issue 7), one JVM: starts the whole gateway in-process
 * (RunningGateway, embedded defaults, key source pkcs12 or SoftHSM2) and drives it over its real
 * SOAP interface with CXF clients generated from the WSDL. Phases, each bounded in count and time:
 * intake at a fixed open-loop offered load, intake at saturation, approval to ISSUED, end to end,
 * the raw signature rate of the same CA signer, and CFSSL as a peer; then, in the same run, the
 * end-to-end walk and the approval-to-ISSUED drain again on two instances sharing a PostgreSQL
 * server and a primary/backup pair of standalone Artemis brokers (issue 15). Writes one JSON object.
 *
 * <p>Arguments: key=value pairs: keys (pkcs12|pkcs11), ca (RSA-2048|EC-P256), clients, seconds
 * (per timed phase), warmup (seconds), rate (offered intake load per second), work (directory),
 * out (JSON file), cfssl (true|false), phases (comma-separated subset of intake,issuance,e2e,raw,cfssl,two-instances,ca-node;
 * all by default: a subset is for profiling one part, the summary then leaves the others out), profile
 * (comma-separated phases among intake,issuance,e2e: a CPU profile of each timed phase, {@link PhaseProfiler}),
 * intake-clients (concurrent submitters at intake saturation; 4 x clients by default).
 */
public final class GatewayBench {
    private final Map<String, String> args;
    private final int clients;
    private final int seconds;
    private final int warmup;
    private final int rate;
    private final Path work;
    private final List<String> phases;
    private final int intakeClients;
    private final PhaseProfiler profiler;
    private final Map<String, Object> result = new LinkedHashMap<>();

    private GatewayBench(Map<String, String> args) {
        this.args = args;
        this.clients = Integer.parseInt(args.getOrDefault("clients", "16"));
        this.seconds = Integer.parseInt(args.getOrDefault("seconds", "15"));
        this.warmup = Integer.parseInt(args.getOrDefault("warmup", "5"));
        this.rate = Integer.parseInt(args.getOrDefault("rate", "1000"));
        this.work = Path.of(args.getOrDefault("work", "target/bench-work")).toAbsolutePath();
        // saturation needs more submissions in flight than the walks' clients: each waits on commits
        this.intakeClients = Integer.parseInt(args.getOrDefault("intake-clients", Integer.toString(4 * clients)));
        this.phases = List.of(args.getOrDefault("phases", "intake,issuance,e2e,raw,cfssl,two-instances,ca-node")
                .split(","));
        this.profiler =
                new PhaseProfiler(args.getOrDefault("profile", ""), args.getOrDefault("profile-event", "itimer"), work);
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = Json.args(argv);
        GatewayBench bench = new GatewayBench(args);
        int status = 0;
        try {
            bench.run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            bench.result.put("error", String.valueOf(e));
            status = 1;
        } finally {
            Files.writeString(Path.of(args.get("out")), Json.write(bench.result) + "\n");
        }
        // the gateway's non-daemon threads must not keep a failed run alive until bench/run's timeout
        System.exit(status);
    }

    private void run() throws Exception {
        String keys = args.getOrDefault("keys", "pkcs12");
        String ca = args.getOrDefault("ca", "RSA-2048");
        result.put("phase", "gateway");
        result.put("machine", Json.machine());
        result.put("keys", keys);
        result.put("caAlgorithm", ca);
        result.put("clients", clients);
        result.put("secondsPerPhase", seconds);
        result.put("warmupSeconds", warmup);
        Files.createDirectories(work);

        Map<String, String> settings = new HashMap<>();
        settings.put("gateway.keys.dev.ca-algorithm", ca);
        // the benchmark's own load, not the recovery sweep, decides what is queued
        settings.put("gateway.recovery.idle-seconds", "3600");
        // gateway.* arguments are passed to the gateway as settings (e.g. gateway.issuance.concurrency=16)
        args.forEach((k, v) -> {
            if (k.startsWith("gateway.")) {
                settings.put(k, v);
            }
        });
        result.put("gatewaySettings", new java.util.TreeMap<>(settings));
        if (keys.equals("pkcs11")) {
            SoftHsm.Token token = SoftHsm.newToken("bench", work);
            TokenKeys.ceremony(token, work, ca);
            settings.put("gateway.keys.source", "pkcs11");
            settings.put("gateway.keys.pkcs11.token-label", token.label());
            settings.put("gateway.keys.pkcs11.pin-file", token.pinFile().toString());
            settings.put("gateway.keys.dev.create-if-missing", "false");
        }
        Csrs csrs = Csrs.prepare(Integer.parseInt(args.getOrDefault("unique-csrs", "20000")));
        result.put("preparedCsrs", csrs.size() + " EC P-256 subject keys, generated before the timed phases");

        long started = System.nanoTime();
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), settings)) {
            result.put("gatewayStartSeconds", (System.nanoTime() - started) / 1e9);
            Clients soap = new Clients(gateway);
            // warm-up: a few complete walks, then intake, so JIT, pools and the broker are warm
            closedLoop("warm-up", clients, warmup, i -> soap.endToEnd(csrs.next()));
            if (phases.contains("intake")) {
                RawSubmissions raw = new RawSubmissions(
                        gateway.url("/ra/RegistrationService"),
                        gateway.tls(ir.meganaft.ragateway.support.TestPrincipals.system(Requests.SYSTEM)),
                        csrs.sample(256),
                        intakeClients);
                closedLoop("intake warm-up", clients, Math.max(1, warmup / 2), raw::submit);
                result.put("intakeFixedRate", openLoop(rate, seconds, raw::submit));
                profiler.start("intake");
                result.put("intakeSaturation", closedLoop("intake saturation", intakeClients, seconds, raw::submit));
                profiler.stop("intake");
                awaitQuiet(gateway);
            }
            if (phases.contains("issuance")) {
                result.put(
                        "approvalToIssued",
                        approvalToIssued(List.of(gateway), List.of(soap), csrs, () -> countCertificates(gateway)));
            }
            if (phases.contains("e2e")) {
                profiler.start("e2e");
                result.put("endToEnd", closedLoop("end to end", clients, seconds, i -> soap.endToEnd(csrs.next())));
                profiler.stop("e2e");
            }
            result.put("csrsLeft", csrs.left());
            if (phases.contains("raw")) {
                Signer caSigner = caSigner(gateway);
                result.put("rawSignature", rawSignatures(caSigner, clients));
                result.put(
                        "rawSignatureSameThreadsAsCores",
                        rawSignatures(caSigner, Runtime.getRuntime().availableProcessors()));
            }
        }
        if (phases.contains("two-instances")) {
            try {
                result.put("twoInstances", twoInstances(settings, csrs));
            } catch (Exception e) {
                e.printStackTrace();
                result.put("twoInstances", Map.of("error", String.valueOf(e)));
            }
        }
        if (phases.contains("ca-node")) {
            try {
                result.put("caNode", caNode(settings, csrs, ca));
            } catch (Exception e) {
                e.printStackTrace();
                result.put("caNode", Map.of("error", String.valueOf(e)));
            }
        }
        if (phases.contains("cfssl") && Boolean.parseBoolean(args.getOrDefault("cfssl", "true"))) {
            try {
                result.put("cfssl", cfssl(work.resolve("cfssl"), ca, csrs));
            } catch (Exception e) {
                result.put("cfssl", Map.of("error", String.valueOf(e)));
            }
        }
    }

    /**
     * Two instances as production runs them (issue 15, README "Production topology"): a PostgreSQL
     * server and a primary/backup pair of standalone Artemis brokers started here, two gateways on
     * them in this JVM (one CA: the second gets the first's key files), the clients spread over both
     * (walk i on instance i mod 2, every step of a walk on one instance). The same end-to-end walk and
     * approval-to-ISSUED drain as on the embedded defaults, so the figures stand side by side.
     */
    private Map<String, Object> twoInstances(Map<String, String> embeddedSettings, Csrs csrs) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        try (PostgresServer postgres = PostgresServer.start(Map.of());
                StandaloneArtemis brokers = StandaloneArtemis.pair()) {
            PostgresServer.Access database = postgres.newDatabase("bench");
            Map<String, String> settings = new HashMap<>(embeddedSettings);
            settings.putAll(database.gatewaySettings());
            settings.putAll(brokers.gatewaySettings());
            m.put(
                    "topology",
                    "two gateway instances (in this JVM) on one PostgreSQL server and an Artemis "
                            + "primary/backup pair (shared store), each a process of its own on this machine");
            Path data = work.resolve("two-instances");
            try (RunningGateway first = RunningGateway.start(data.resolve("first"), settings)) {
                if (Files.isDirectory(first.dataDir().resolve("keys"))) { // PKCS#12 files; a token is shared as it is
                    SeveralInstances.sameKeys(first.dataDir(), data.resolve("second"));
                }
                try (RunningGateway second = RunningGateway.start(data.resolve("second"), settings)) {
                    List<RunningGateway> gateways = List.of(first, second);
                    List<Clients> soap = List.of(new Clients(first), new Clients(second));
                    Operation walk = i -> soap.get((int) (i % 2)).endToEnd(csrs.next());
                    closedLoop("two instances, warm-up", clients, warmup, walk);
                    if (phases.contains("issuance")) {
                        m.put(
                                "approvalToIssued",
                                approvalToIssued(
                                        gateways,
                                        soap,
                                        csrs,
                                        () -> count(database, "select count(*) from certificate")));
                    }
                    m.put("endToEnd", closedLoop("two instances, end to end", clients, seconds, walk));
                }
            }
        }
        return m;
    }

    /**
     * The CA elsewhere (issue 17): a CA node in a process of its own on this machine, with a CA key of
     * the same type as the embedded run's, reached by CMP over HTTP on loopback (gateway.ca.url); one
     * gateway in this JVM on the embedded defaults otherwise. Both ends keep PKCS#12 keys (with
     * keys=pkcs11 the embedded run's keys are on a token, so compare this figure with a pkcs12 run).
     * The node runs with its default settings (implicit confirmation granted: one round trip per
     * certificate). The same walk and drain as on the in-process CA, so the figures stand side by side.
     */
    private Map<String, Object> caNode(Map<String, String> embeddedSettings, Csrs csrs, String caAlgorithm)
            throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        Path dir = work.resolve("ca-node");
        Path data = dir.resolve("gateway");
        java.security.cert.X509Certificate ra = GatewayKeys.raCertificate(GatewayKeys.createIn(data, caAlgorithm));
        try (TestCaNode node = TestCaNode.startProcess(dir.resolve("node"), List.of(ra), Map.of(), caAlgorithm)) {
            Map<String, String> settings = new HashMap<>(embeddedSettings);
            settings.keySet().removeIf(k -> k.startsWith("gateway.keys."));
            settings.putAll(node.gatewaySettings());
            m.put(
                    "topology",
                    "one gateway (in this JVM, embedded H2 and Artemis) and a CA node (" + caAlgorithm
                            + ", PKCS#12, its own H2 ledger) in a process of its own, CMP over HTTP on loopback");
            try (RunningGateway gateway = RunningGateway.start(data, settings)) {
                Clients soap = new Clients(gateway);
                Operation walk = i -> soap.endToEnd(csrs.next());
                closedLoop("ca node, warm-up", clients, warmup, walk);
                if (phases.contains("issuance")) {
                    m.put(
                            "approvalToIssued",
                            approvalToIssued(List.of(gateway), List.of(soap), csrs, () -> countCertificates(gateway)));
                }
                m.put("endToEnd", closedLoop("ca node, end to end", clients, seconds, walk));
            }
        }
        return m;
    }

    private static long count(PostgresServer.Access database, String sql) throws Exception {
        try (Connection c = database.connect();
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The peer: {@code cfssl serve} on 127.0.0.1 with a fresh local CA of the same key type, signing
     * the same kind of CSRs over its HTTP API (POST /api/v1/cfssl/sign), from the same number of
     * clients. The process is started and stopped here.
     */
    private Map<String, Object> cfssl(Path dir, String caAlgorithm, Csrs csrs) throws Exception {
        Files.createDirectories(dir);
        String key = caAlgorithm.startsWith("RSA")
                ? "{\"algo\":\"rsa\",\"size\":2048}"
                : "{\"algo\":\"ecdsa\",\"size\":256}";
        Files.writeString(
                dir.resolve("ca-csr.json"),
                "{\"CN\":\"CFSSL Bench CA\",\"key\":" + key + ",\"names\":[{\"C\":\"IR\",\"O\":\"MegaNaft Bench\"}]}");
        Files.writeString(
                dir.resolve("config.json"),
                "{\"signing\":{\"default\":{\"expiry\":\"17520h\","
                        + "\"usages\":[\"digital signature\",\"key encipherment\",\"client auth\"]}}}");
        Process init = new ProcessBuilder("sh", "-c", "cfssl genkey -initca ca-csr.json | cfssljson -bare ca")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String initOut = new String(init.getInputStream().readAllBytes());
        if (!init.waitFor(60, TimeUnit.SECONDS) || init.exitValue() != 0) {
            throw new IllegalStateException("cfssl genkey -initca failed: " + initOut);
        }
        int port = RunningGateway.freePort();
        Process serve = new ProcessBuilder(
                        "cfssl",
                        "serve",
                        "-address",
                        "127.0.0.1",
                        "-port",
                        Integer.toString(port),
                        "-ca",
                        "ca.pem",
                        "-ca-key",
                        "ca-key.pem",
                        "-config",
                        "config.json",
                        "-loglevel",
                        "4")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("serve.log").toFile())
                .start();
        Map<String, Object> m;
        try {
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                    .executor(Executors.newFixedThreadPool(clients))
                    .build();
            java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/cfssl/sign");
            List<String> bodies = new ArrayList<>();
            for (byte[] der : csrs.sample(256)) {
                bodies.add("{\"certificate_request\":\""
                        + TestCsrs.pem(der).replace("\r", "").replace("\n", "\\n") + "\"}");
            }
            Operation sign = i -> {
                var response = http.send(
                        java.net.http.HttpRequest.newBuilder(uri)
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                        bodies.get((int) (i % bodies.size()))))
                                .header("Content-Type", "application/json")
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200 || !response.body().contains("\"success\":true")) {
                    throw new IllegalStateException("cfssl: " + response.statusCode() + " " + response.body());
                }
            };
            long up = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                try {
                    sign.run(0);
                    break;
                } catch (java.io.IOException e) {
                    if (System.nanoTime() > up || !serve.isAlive()) {
                        throw new IllegalStateException(
                                "cfssl serve did not answer; see " + dir.resolve("serve.log"), e);
                    }
                    Thread.sleep(100);
                }
            }
            closedLoop("cfssl warm-up", clients, warmup, sign);
            m = closedLoop("cfssl sign", clients, seconds, sign);
            m.put(
                    "version",
                    new String(new ProcessBuilder("cfssl", "version")
                                    .redirectErrorStream(true)
                                    .start()
                                    .getInputStream()
                                    .readAllBytes())
                            .trim()
                            .replace('\n', ' '));
            m.put("what", "POST /api/v1/cfssl/sign, one CSR per call, CA key " + caAlgorithm + " in a PEM file");
        } finally {
            serve.destroy();
            if (!serve.waitFor(10, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
        return m;
    }

    /** One unit of load; returns normally when it succeeded. */
    interface Operation {
        void run(long index) throws Exception;
    }

    /** N clients each sending the next request as soon as the previous one is answered. */
    private Map<String, Object> closedLoop(String name, int threads, int durationSeconds, Operation op)
            throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong index = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicInteger firstErrors = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long i = index.getAndIncrement();
                    long t0 = System.nanoTime();
                    try {
                        op.run(i);
                        recorder.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        if (firstErrors.getAndIncrement() < 3) {
                            System.err.println(name + ": " + e);
                        }
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(durationSeconds + 60L, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        Histogram h = recorder.getIntervalHistogram();
        Map<String, Object> m = Json.latency(h, elapsed, errors.get());
        m.put("mode", "closed loop, " + threads + " clients");
        System.out.println(name + ": " + m);
        return m;
    }

    /**
     * A fixed offered load: request i is due at start + i/rate whatever happened before (open loop);
     * latency is measured from when it was due, so a stall shows up in the percentiles instead of
     * silently lowering the offered load (coordinated omission).
     */
    private Map<String, Object> openLoop(int perSecond, int durationSeconds, Operation op) throws Exception {
        Recorder recorder = new Recorder(3);
        long total = (long) perSecond * durationSeconds;
        AtomicLong index = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long deadline = start + TimeUnit.SECONDS.toNanos(durationSeconds + 30L);
        ExecutorService pool = Executors.newFixedThreadPool(256);
        for (int t = 0; t < 256; t++) {
            pool.submit(() -> {
                long i;
                while ((i = index.getAndIncrement()) < total && System.nanoTime() < deadline) {
                    long due = start + i * 1_000_000_000L / perSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    try {
                        op.run(i);
                        recorder.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(durationSeconds + 60L, TimeUnit.SECONDS);
        pool.shutdownNow();
        double elapsed = (System.nanoTime() - start) / 1e9;
        Histogram h = recorder.getIntervalHistogram();
        Map<String, Object> m = Json.latency(h, elapsed, errors.get());
        m.put(
                "mode",
                "open loop, offered " + perSecond + "/s for " + durationSeconds
                        + " s, latency from the scheduled send time");
        m.put("offeredPerSecond", perSecond);
        m.put("offeredTotal", total);
        m.put("notSentBeforeDeadline", Math.max(0, total - h.getTotalCount() - errors.get()));
        System.out.println("intake at fixed rate: " + m);
        return m;
    }

    /**
     * Approval to ISSUED: with the issuance route stopped, a batch of vetted requests is approved
     * (queued on ra.issuance); then the route starts and the clock runs until the certificate table
     * holds them all.
     */
    private Map<String, Object> approvalToIssued(
            List<RunningGateway> gateways,
            List<Clients> soap,
            Csrs csrs,
            java.util.concurrent.Callable<Long> certificates)
            throws Exception {
        int batch = Integer.parseInt(args.getOrDefault("approval-batch", "2000"));
        for (RunningGateway gateway : gateways) {
            gateway.camel().getRouteController().stopRoute("issue-certificate");
        }
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        long prepEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger made = new AtomicInteger();
        for (int t = 0; t < clients; t++) {
            Clients client = soap.get(t % soap.size());
            pool.submit(() -> {
                while (made.getAndIncrement() < batch && System.nanoTime() < prepEnd) {
                    ids.add(client.approved(csrs.next()));
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(120, TimeUnit.SECONDS);
        int n = ids.size();
        long before = certificates.call();
        profiler.start("issuance");
        long t0 = System.nanoTime();
        for (RunningGateway gateway : gateways) {
            gateway.camel().getRouteController().startRoute("issue-certificate");
        }
        long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
        long issued = 0;
        while (System.nanoTime() < deadline && (issued = certificates.call() - before) < n) {
            Thread.sleep(20);
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        profiler.stop("issuance");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("approved", n);
        m.put("issued", issued);
        m.put("seconds", elapsed);
        m.put("perSecond", issued / elapsed);
        m.put(
                "mode",
                "batch approved with issuance paused, then drained by gateway.issuance.concurrency consumers on each of "
                        + gateways.size() + " instance(s)");
        System.out.println("approval to ISSUED: " + m);
        return m;
    }

    private static long countCertificates(RunningGateway gateway) throws Exception {
        return count(gateway, "select count(*) from certificate");
    }

    /** A count from the running gateway's own database (H2 embedded in this JVM). */
    private static long count(RunningGateway gateway, String sql) throws Exception {
        String url = "jdbc:h2:file:" + gateway.dataDir().resolve("db").resolve("gateway")
                + ";MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE";
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void awaitQuiet(RunningGateway gateway) throws Exception {
        // let vetting of the intake phases' requests finish so it does not run under the next phase
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long t0 = System.nanoTime();
        long left = -1;
        while (System.nanoTime() < deadline) {
            left = count(gateway, "select count(*) from cert_request where state = 'RECEIVED'");
            if (left == 0) {
                break;
            }
            Thread.sleep(200);
        }
        result.put("vettingBacklogDrainSeconds", (System.nanoTime() - t0) / 1e9);
        result.put("vettingBacklogLeft", left);
    }

    /** The gateway's own CA signer instance (the one its CRL publisher and CA use). */
    private static Signer caSigner(RunningGateway gateway) throws Exception {
        CrlPublisher publisher = gateway.camel().getRegistry().lookupByNameAndType("crlPublisher", CrlPublisher.class);
        Field field = CrlPublisher.class.getDeclaredField("caSigner");
        field.setAccessible(true);
        return (Signer) field.get(publisher);
    }

    /** Raw signatures per second: Signer.newContentSigner() over a certificate-sized input, N threads. */
    private Map<String, Object> rawSignatures(Signer signer, int threads) throws Exception {
        byte[] tbs = new byte[600];
        new java.util.Random(1).nextBytes(tbs);
        Operation sign = i -> {
            ContentSigner cs = signer.newContentSigner();
            try (OutputStream out = cs.getOutputStream()) {
                out.write(tbs);
            }
            if (cs.getSignature().length == 0) {
                throw new IllegalStateException("empty signature");
            }
        };
        closedLoop("raw signature warm-up", threads, Math.max(1, warmup / 2), sign);
        Map<String, Object> m =
                closedLoop("raw signatures, " + threads + " threads", threads, Math.min(seconds, 10), sign);
        m.put("threads", threads);
        return m;
    }

    /** SOAP clients, one port per thread (CXF proxies are not shared between threads here). */
    static final class Clients {
        private final ThreadLocal<RegistrationServicePortType> registration;
        private final ThreadLocal<OfficerServicePortType> officer;

        Clients(RunningGateway gateway) {
            registration = ThreadLocal.withInitial(gateway::registration);
            officer = ThreadLocal.withInitial(gateway::officer);
        }

        String submit(byte[] csr) throws Exception {
            return registration
                    .get()
                    .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), csr))
                    .getRequestId();
        }

        /**
         * Polls the request's status as a back-office caller would, backing off from 5 ms to 40 ms
         * between polls. (A fixed 5 ms interval made the status polls of 16 clients the largest
         * load on the gateway, several SOAP calls per certificate competing with the issuance.)
         */
        private RequestState await(String id, RequestState state) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long pause = 5;
            while (System.nanoTime() < deadline) {
                Thread.sleep(pause);
                pause = Math.min(40, pause * 2);
                RequestState now = registration
                        .get()
                        .getRequestStatus(Requests.status(id))
                        .getRequest()
                        .getState();
                if (now == state) {
                    return now;
                }
                if (now == RequestState.REJECTED) {
                    throw new IllegalStateException(id + " rejected");
                }
            }
            throw new IllegalStateException(id + " did not reach " + state + " in 30 s");
        }

        /** Submitted, vetted by two officers and approved: queued for issuance. */
        String approved(byte[] csr) throws Exception {
            String id = submit(csr);
            await(id, RequestState.PENDING_VETTING);
            officer.get().recordIdentityCheck(Requests.identityCheck(RunningGateway.INTAKE, id));
            officer.get().recordDocumentCheck(Requests.documentCheck(officer.get(), RunningGateway.COMPLIANCE, id));
            officer.get().approveRequest(Requests.approve(id));
            return id;
        }

        void endToEnd(byte[] csr) throws Exception {
            String id = approved(csr);
            await(id, RequestState.ISSUED);
            if (registration.get().getCertificate(Requests.certificate(id)).getCertificate() == null) {
                throw new IllegalStateException("no certificate for " + id);
            }
        }
    }

    /** Pre-generated CSRs: unique ones for walks that reach issuance, a small shared set for intake. */
    static final class Csrs {
        private final List<byte[]> unique;
        private final AtomicInteger next = new AtomicInteger();

        private Csrs(List<byte[]> unique) {
            this.unique = unique;
        }

        static Csrs prepare(int count) throws Exception {
            long t0 = System.nanoTime();
            int threads = Runtime.getRuntime().availableProcessors();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<List<byte[]>>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int share = count / threads + (t < count % threads ? 1 : 0);
                parts.add(pool.submit(() -> {
                    List<byte[]> out = new ArrayList<>(share);
                    for (int i = 0; i < share; i++) {
                        out.add(TestCsrs.csr(
                                TestCsrs.person("علی رضایی", Requests.NATIONAL_CODE), TestCsrs.ec("secp256r1")));
                    }
                    return out;
                }));
            }
            List<byte[]> all = new ArrayList<>(count);
            for (var p : parts) {
                all.addAll(p.get());
            }
            pool.shutdown();
            System.out.printf("prepared %d CSRs in %.1f s%n", all.size(), (System.nanoTime() - t0) / 1e9);
            return new Csrs(all);
        }

        int size() {
            return unique.size();
        }

        int left() {
            return Math.max(0, unique.size() - 256 - next.get());
        }

        byte[] next() {
            int i = next.getAndIncrement();
            if (i >= unique.size() - 256) {
                throw new IllegalStateException("out of prepared CSRs: raise unique-csrs");
            }
            return unique.get(i);
        }

        /**
         * The last {@code n} CSRs, kept apart from {@link #next()}: the intake phases reuse them
         * (intake accepts a repeated key; vetting later refuses the repeats as KEY_REUSED, outside
         * the measurement), and CFSSL signs them.
         */
        List<byte[]> sample(int n) {
            return unique.subList(unique.size() - Math.min(n, unique.size()), unique.size());
        }
    }
}
