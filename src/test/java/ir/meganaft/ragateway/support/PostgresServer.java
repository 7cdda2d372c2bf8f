package ir.meganaft.ragateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests, from the Debian package ({@code .ci/run} installs it):
 * {@code initdb} in a new temporary directory, {@code pg_ctl start} on a free port of 127.0.0.1
 * only (no Unix socket), password authentication (SCRAM), {@code fsync} and
 * {@code synchronous_commit} on as production needs them. {@link #close()} stops it and deletes the
 * directory; so does the end of the test JVM if nobody did.
 *
 * <p>PostgreSQL refuses to run as root, and CI runs as root: then {@code initdb} and
 * {@code pg_ctl} run as the {@code postgres} user that the package creates ({@code runuser}), and
 * the directory is theirs. The binaries are found with {@code pg_config --bindir}, else in the
 * newest /usr/lib/postgresql/N/bin. Fails, never skips, when PostgreSQL is not installed.
 *
 * <p>Tests share one server per JVM ({@link #shared()}) and take a database each
 * ({@link #newDatabase}), owned by a role of its own that is not a superuser, as in production.
 * A test that changes the server itself (its settings, a crash) starts its own ({@link #start}).
 */
public final class PostgresServer implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;

    /** How a client reaches one database: a JDBC URL and a role with its password. */
    public record Access(String url, String user, String password) {
        /** The gateway's settings for this database. */
        public Map<String, String> gatewaySettings() {
            return Map.of("gateway.db.url", url, "gateway.db.user", user, "gateway.db.password", password);
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }

    private final Path bin;
    private final Path directory;
    private final Path data;
    private final Path log;
    private final int port;
    private final String superuserPassword = "su-" + UUID.randomUUID();
    private final boolean asPostgresUser;
    private final Thread stopOnExit = new Thread(this::stopAndDeleteQuietly, "stop-postgresql");

    private PostgresServer(Map<String, String> settings) throws IOException {
        this.bin = binaries();
        this.asPostgresUser = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        this.directory = Files.createTempDirectory("ra-gateway-pg-");
        this.data = directory.resolve("data");
        this.log = directory.resolve("server.log");
        this.port = RunningGateway.freePort();
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        Path passwordFile = directory.resolve("superuser-password");
        Files.writeString(passwordFile, superuserPassword + "\n", StandardCharsets.US_ASCII);
        if (asPostgresUser) {
            giveToPostgres(directory);
            giveToPostgres(passwordFile);
        }
        // --no-sync: the new cluster's files are not synced by initdb (seconds on a busy disk);
        // the server itself runs with fsync on, and nothing here must outlive a power cut.
        run(
                Duration.ofSeconds(120),
                pg("initdb"),
                "-D",
                data.toString(),
                "-U",
                "postgres",
                "--pwfile=" + passwordFile,
                "--auth=scram-sha-256",
                "--locale=C",
                "--encoding=UTF8",
                "--no-sync");
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("listen_addresses", "'127.0.0.1'");
        conf.put("port", Integer.toString(port));
        conf.put("unix_socket_directories", "''");
        conf.put("fsync", "on");
        conf.put("synchronous_commit", "on");
        conf.put("shared_buffers", "'32MB'"); // a shared 2-core test machine
        conf.put("max_connections", "200");
        conf.putAll(settings);
        StringBuilder lines = new StringBuilder("\n# written by ")
                .append(PostgresServer.class.getSimpleName())
                .append('\n');
        conf.forEach(
                (name, value) -> lines.append(name).append(" = ").append(value).append('\n'));
        Files.writeString(
                data.resolve("postgresql.conf"),
                lines,
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        start();
    }

    /** The server this test JVM shares, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start(Map.of());
        }
        return shared;
    }

    /** A server of the caller's own, with extra postgresql.conf {@code settings} (values quoted as the file wants). */
    public static PostgresServer start(Map<String, String> settings) {
        try {
            return new PostgresServer(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare a PostgreSQL server", e);
        }
    }

    /** Starts the server (again, after {@link #crash()}) and returns once it accepts connections. */
    public void start() {
        run(
                READY_WITHIN.plusSeconds(10),
                pg("pg_ctl"),
                "-D",
                data.toString(),
                "-l",
                log.toString(),
                "-w",
                "-t",
                Long.toString(READY_WITHIN.toSeconds()),
                "start");
        await("PostgreSQL accepting connections on port " + port + " (log " + log + ")")
                .atMost(READY_WITHIN)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    try (Connection c = superuser("postgres")) {
                        return c.isValid(2);
                    }
                });
    }

    /**
     * Stops the server the way a crash would ({@code pg_ctl stop -m immediate}: every server
     * process quits at once, with no checkpoint and nothing flushed); the next {@link #start()}
     * recovers from the write-ahead log.
     */
    public void crash() {
        run(Duration.ofSeconds(60), pg("pg_ctl"), "-D", data.toString(), "-m", "immediate", "-w", "stop");
    }

    /** A new, empty database owned by a new role (not a superuser) that logs in with a password. */
    public Access newDatabase(String purpose) {
        String name = "gw_" + purpose.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "_"
                + DATABASES.incrementAndGet();
        String password = "pw-" + UUID.randomUUID();
        try (Connection c = superuser("postgres");
                var s = c.createStatement()) {
            s.execute("create role " + name + " login password '" + password + "'");
            s.execute("create database " + name + " owner " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the database " + name + ": " + e.getMessage(), e);
        }
        return new Access(url(name), name, password);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** A superuser's connection to {@code database}, for tests that look behind the gateway. */
    public Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection(url(database), "postgres", superuserPassword);
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        stopAndDeleteQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void stopAndDeleteQuietly() {
        if (!Files.exists(directory)) {
            return;
        }
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                run(Duration.ofSeconds(60), pg("pg_ctl"), "-D", data.toString(), "-m", "fast", "-w", "stop");
            } catch (RuntimeException e) {
                System.err.println("PostgreSQL in " + directory + " did not stop: " + e.getMessage());
                return; // keep the directory of a server that may still run
            }
        }
        TestFiles.deleteQuietly(directory);
    }

    private String pg(String program) {
        return bin.resolve(program).toString();
    }

    /** Runs a PostgreSQL program (as the postgres user when we are root) and returns its output. */
    private String run(Duration timeout, String... command) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        Path output = null;
        try {
            // output to a file, not a pipe: pg_ctl's server may hold a pipe open long after pg_ctl ends
            output = Files.createTempFile(directory, "command-", ".out");
            Process process = new ProcessBuilder(full)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " took longer than " + timeout);
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed (" + process.exitValue() + "): "
                        + printed.strip() + serverLogTail());
            }
            return printed;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + full, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted running " + full, e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    private String serverLogTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\nserver log " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private static void giveToPostgres(Path path) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        UserPrincipal postgres;
        GroupPrincipal group;
        try {
            postgres = users.lookupPrincipalByName("postgres");
            group = users.lookupPrincipalByGroupName("postgres");
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            throw new IllegalStateException(
                    "Running as root, the tests start PostgreSQL as the user postgres, which does"
                            + " not exist: install the Debian package postgresql (.ci/run does)",
                    e);
        }
        view.setOwner(postgres);
        view.setGroup(group);
    }

    /** pg_config --bindir when it names a folder with initdb, else the newest /usr/lib/postgresql/N/bin. */
    static Path binaries() {
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isExecutable(Path.of(out, "initdb"))) {
                return Path.of(out);
            }
        } catch (IOException notInstalled) {
            // look in the Debian package's folder
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Path debian = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.isDirectory(debian) ? Files.list(debian) : Stream.empty()) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                    .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(
                            v -> Integer.parseInt(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"))
                    .orElseThrow(
                            () -> new IllegalStateException(
                                    "PostgreSQL is not installed (no pg_config --bindir, nothing"
                                            + " in /usr/lib/postgresql/N/bin): install the Debian package postgresql (.ci/run does)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
