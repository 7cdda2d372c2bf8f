package ir.meganaft.ragateway.bench;

import ir.meganaft.ragateway.support.RunningGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How the embedded H2 file grows under a gateway's ordinary work (issue 11's H2 gap), measured
 * rather than guessed: the whole gateway in-process ({@link RunningGateway}), {@code clients}
 * threads each walking requests from submission to ISSUED (submit, two officers' checks, approval,
 * the certificate fetched) for {@code minutes}; the database file's size every 15 s; then a graceful
 * stop, a start on the same data and a second, shorter session ({@code minutes2}), and another stop,
 * with the file's size and the time each step took. Last, a copy of the file is compacted in full
 * ({@code SHUTDOWN COMPACT}) as the reference: the size of the live data.
 *
 * <p>Arguments (key=value): work (directory, deleted first), minutes, minutes2, clients, url-suffix
 * (appended to the gateway's default H2 URL, e.g. {@code ;CACHE_SIZE=65536}; none: the gateway's own
 * URL), and {@code gateway.*} settings. Not a test: bench/h2-growth runs it.
 */
public final class H2FileGrowth {
    private H2FileGrowth() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = Json.args(argv);
        Path work = Path.of(args.getOrDefault("work", "target/h2-growth")).toAbsolutePath();
        double minutes = Double.parseDouble(args.getOrDefault("minutes", "5"));
        double minutes2 = Double.parseDouble(args.getOrDefault("minutes2", "1"));
        int clients = Integer.parseInt(args.getOrDefault("clients", "8"));
        String suffix = args.getOrDefault("url-suffix", "");
        Path data = work.resolve("data");
        Path file = data.resolve("db").resolve("gateway.mv.db");
        Map<String, String> settings = new HashMap<>();
        settings.put("gateway.keys.dev.ca-algorithm", "EC-P256");
        if (!suffix.isEmpty()) {
            settings.put(
                    "gateway.db.url",
                    "jdbc:h2:file:" + data.resolve("db").resolve("gateway") + ";MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE"
                            + suffix);
        }
        args.forEach((k, v) -> {
            if (k.startsWith("gateway.")) {
                settings.put(k, v);
            }
        });
        System.out.println(
                "url suffix '" + suffix + "', " + clients + " clients, " + minutes + " + " + minutes2 + " minutes");
        GatewayBench.Csrs csrs = GatewayBench.Csrs.prepare((int) (clients * (minutes + minutes2) * 60 * 20) + 512);
        long walks = 0;
        int port = RunningGateway.freePort();
        for (int session = 1; session <= 2; session++) {
            long t0 = System.nanoTime();
            RunningGateway gateway = RunningGateway.start(data, port, settings);
            System.out.printf("session %d: started in %.1f s, file %s%n", session, seconds(t0), mb(file));
            walks += walk(gateway, csrs, clients, session == 1 ? minutes : minutes2, file, walks);
            t0 = System.nanoTime();
            gateway.close();
            System.out.printf(
                    "session %d: stopped in %.1f s, file %s after %d walks in all%n",
                    session, seconds(t0), mb(file), walks);
        }
        Path copy = work.resolve("compacted").resolve("gateway.mv.db");
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy);
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(
                        "jdbc:h2:file:" + copy.toString().replace(".mv.db", "") + ";MODE=PostgreSQL", "sa", "");
                Statement s = c.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
        }
        System.out.printf(
                "reference: the file compacted in full (SHUTDOWN COMPACT on a copy) in %.1f s: %s%n",
                seconds(t0), mb(copy));
        System.exit(0);
    }

    private static long walk(
            RunningGateway gateway, GatewayBench.Csrs csrs, int clients, double minutes, Path file, long before)
            throws Exception {
        GatewayBench.Clients soap = new GatewayBench.Clients(gateway);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + (long) (minutes * 60e9);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int t = 0; t < clients; t++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    try {
                        soap.endToEnd(csrs.next());
                        done.incrementAndGet();
                    } catch (Exception e) {
                        if (errors.getAndIncrement() < 3) {
                            System.err.println("walk: " + e);
                        }
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        long started = System.nanoTime();
        while (!pool.awaitTermination(15, TimeUnit.SECONDS)) {
            System.out.printf("  %5.0f s: %d walks in all, file %s%n", seconds(started), before + done.get(), mb(file));
        }
        System.out.printf(
                "  %5.0f s: %d walks in all (%d errors), file %s%n",
                seconds(started), before + done.get(), errors.get(), mb(file));
        return done.get();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String mb(Path file) {
        try {
            return String.format("%.1f MB", Files.size(file) / 1048576.0);
        } catch (java.io.IOException e) {
            return "(none)";
        }
    }
}
