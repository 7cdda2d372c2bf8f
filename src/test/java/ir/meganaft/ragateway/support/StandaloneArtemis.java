package ir.meganaft.ragateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Standalone Apache Artemis brokers for the tests, each its own process: the distribution
 * {@code org.apache.activemq:apache-artemis:2.40.0:tar.gz:bin} that Maven unpacks into
 * {@code target/artemis} before the whole-gateway tests ({@code pom.xml}, pre-integration-test;
 * system property {@code artemis.home}), an instance made with {@code artemis create} in a new
 * temporary directory, run with {@code artemis run} on free ports of 127.0.0.1.
 *
 * <p>{@link #single} is one broker; {@link #pair} a primary and its backup on a shared store (one
 * journal directory, its file lock deciding who is active): when the primary dies the backup takes
 * the lock and becomes active, and clients given both addresses with {@code ha=true} move to it.
 * Both require a login ({@value #USER}) whose role has every permission, {@code manage} included,
 * as {@code artemis create} writes it. {@link #kill} is SIGKILL; {@link #close()} stops every broker
 * and deletes the directory, as does the end of the JVM if nobody did.
 *
 * <p>As {@link RunningGateway} does, a start whose port another process took between the choice
 * and the bind is tried again on other ports.
 */
public final class StandaloneArtemis implements AutoCloseable {
    public static final String USER = "gateway";
    private static final Duration START_WITHIN = Duration.ofSeconds(60);
    private static final String ACTIVE = "AMQ221007"; // Server is now active
    private static final String BACKUP_ACTIVE = "AMQ221010"; // Backup Server is now active
    private static final String BACKUP_WAITING = "AMQ221031"; // backup announced
    private static final String PORT_TAKEN = "Address already in use";

    /** One broker process of this set. */
    public final class Broker {
        private final String name;
        private final Path instance;
        private final Path output;
        private Process process;
        private int port;

        private Broker(String name) {
            this.name = name;
            this.instance = directory.resolve(name);
            this.output = directory.resolve(name + ".out");
        }

        public int port() {
            return port;
        }

        public String url() {
            return "tcp://127.0.0.1:" + port;
        }

        public boolean alive() {
            return process != null && process.isAlive();
        }

        /** Lines of its output containing {@code text}. */
        public long lines(String text) {
            try (Stream<String> lines = Files.lines(output, StandardCharsets.UTF_8)) {
                return lines.filter(l -> l.contains(text)).count();
            } catch (IOException | UncheckedIOException e) {
                return 0;
            }
        }

        /** Waits until the broker says it is the active one, serving clients. */
        public void awaitActive() {
            await(name + " active (output " + output + ")")
                    .atMost(START_WITHIN)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!alive()) {
                            throw new IllegalStateException(name + " ended: " + tail());
                        }
                        return lines(ACTIVE) > 0 || lines(BACKUP_ACTIVE) > 0;
                    });
        }

        private void run(String readyLine) {
            try {
                Files.deleteIfExists(output);
                process = new ProcessBuilder(
                                "bash", instance.resolve("bin/artemis").toString(), "run")
                        .directory(instance.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot run " + name, e);
            }
            await(name + " ready (output " + output + ")")
                    .atMost(START_WITHIN)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !alive() || lines(readyLine) > 0 || lines(PORT_TAKEN) > 0);
        }

        private boolean portTaken() {
            return lines(PORT_TAKEN) > 0;
        }

        /** SIGKILL, as a crash of its machine would end it. */
        public void kill() {
            if (process != null) {
                process.destroyForcibly();
                waitFor();
            }
        }

        private void stop() {
            if (process != null && process.isAlive()) {
                process.destroy(); // SIGTERM: the broker's shutdown hook stops it cleanly
                waitFor();
            }
        }

        private void waitFor() {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private String tail() {
            try {
                List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (IOException e) {
                return "(no output)";
            }
        }
    }

    private final Path directory;
    private final String password = "pw-" + UUID.randomUUID();
    private final List<Broker> brokers = new ArrayList<>();
    private final Thread stopOnExit = new Thread(this::stopAndDelete, "stop-artemis");

    private StandaloneArtemis() {
        try {
            directory = Files.createTempDirectory("ra-gateway-artemis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** One broker, started and active. */
    public static StandaloneArtemis single() {
        StandaloneArtemis artemis = new StandaloneArtemis();
        try {
            Broker broker = artemis.new Broker("broker");
            artemis.brokers.add(broker);
            artemis.startRetryingPorts(broker, null, List.of(), ACTIVE);
            return artemis;
        } catch (RuntimeException e) {
            artemis.close();
            throw e;
        }
    }

    /** A primary and its backup on a shared store: the primary active, the backup waiting for it to fail. */
    public static StandaloneArtemis pair() {
        StandaloneArtemis artemis = new StandaloneArtemis();
        try {
            Broker primary = artemis.new Broker("primary");
            Broker backup = artemis.new Broker("backup");
            artemis.brokers.add(primary);
            artemis.brokers.add(backup);
            // both ports chosen first: each broker's cluster connection names the other
            primary.port = RunningGateway.freePort();
            backup.port = RunningGateway.freePort();
            List<String> shared = List.of(
                    "--shared-store",
                    "--failover-on-shutdown",
                    "--data",
                    artemis.directory.resolve("shared-store").toString(),
                    "--cluster-user",
                    "cluster",
                    "--cluster-password",
                    artemis.password);
            artemis.startRetryingPorts(primary, backup, shared, ACTIVE);
            artemis.startRetryingPorts(backup, primary, concat(shared, List.of("--backup")), BACKUP_WAITING);
            return artemis;
        } catch (RuntimeException e) {
            artemis.close();
            throw e;
        }
    }

    public Broker primary() {
        return brokers.get(0);
    }

    public Broker backup() {
        return brokers.get(1);
    }

    /** The client URL: the broker, or both of the pair with failover and reconnection for ever. */
    public String url() {
        if (brokers.size() == 1) {
            return primary().url();
        }
        return "(" + primary().url() + "," + backup().url() + ")?ha=true&reconnectAttempts=-1&retryInterval=100"
                + "&retryIntervalMultiplier=1.5&maxRetryInterval=1000&callTimeout=5000";
    }

    /** The gateway's settings for these brokers. */
    public Map<String, String> gatewaySettings() {
        return Map.of("gateway.broker.url", url(), "gateway.broker.user", USER, "gateway.broker.password", password);
    }

    public String password() {
        return password;
    }

    private void startRetryingPorts(Broker broker, Broker other, List<String> options, String readyLine) {
        for (int attempt = 1; ; attempt++) {
            if (broker.port == 0 || attempt > 1) {
                broker.port = RunningGateway.freePort();
            }
            List<String> create = new ArrayList<>(options);
            if (other != null) {
                create.addAll(List.of("--static-cluster", other.url()));
            }
            create(broker, create);
            broker.run(readyLine);
            if (broker.alive() && !broker.portTaken()) {
                return;
            }
            broker.kill();
            if (!broker.portTaken() || attempt == 5) {
                throw new IllegalStateException(broker.name + " did not start: " + broker.tail());
            }
            if (other != null && other.alive()) {
                throw new IllegalStateException(
                        broker.name + "'s port " + broker.port + " was taken, and " + other.name + " already names it");
            }
        }
    }

    private void create(Broker broker, List<String> options) {
        List<String> command = new ArrayList<>(List.of(
                "bash",
                home().resolve("bin/artemis").toString(),
                "create",
                broker.instance.toString(),
                "--force",
                "--silent",
                "--name",
                broker.name,
                "--user",
                USER,
                "--password",
                password,
                "--require-login",
                "--host",
                "127.0.0.1",
                "--default-port",
                Integer.toString(broker.port),
                "--no-web",
                "--no-amqp-acceptor",
                "--no-mqtt-acceptor",
                "--no-stomp-acceptor",
                "--no-hornetq-acceptor",
                "--nio",
                "--no-autotune",
                "--java-memory",
                "512M"));
        command.addAll(options);
        Path out = directory.resolve(broker.name + "-create.out");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        "artemis create " + broker.name + " failed: " + Files.readString(out, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The unpacked distribution: system property artemis.home (set by failsafe), else where Maven unpacks it. */
    static Path home() {
        Path home = Path.of(System.getProperty("artemis.home", "target/artemis/apache-artemis-2.40.0"));
        if (!Files.isRegularFile(home.resolve("bin/artemis"))) {
            throw new IllegalStateException("No Artemis distribution at " + home.toAbsolutePath()
                    + ": mvn verify unpacks it (pre-integration-test), or run mvn pre-integration-test once");
        }
        return home;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Override
    public void close() {
        stopAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void stopAndDelete() {
        // the backup first: a primary stopped first would hand over to it (failover-on-shutdown)
        for (int i = brokers.size() - 1; i >= 0; i--) {
            brokers.get(i).stop();
        }
        TestFiles.deleteQuietly(directory);
    }
}
