package ir.meganaft.ragateway.support;

import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.officer.OfficerService;
import ir.meganaft.ragateway.contract.officer.OfficerServicePortType;
import ir.meganaft.ragateway.contract.registration.RegistrationService;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.status.StatusService;
import ir.meganaft.ragateway.contract.status.StatusServicePortType;
import jakarta.xml.ws.BindingProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway ({@code java -jar target/ra-gateway.jar}) as a separate JVM, as it runs in
 * production, so a test can kill it the hard way (SIGKILL: no shutdown hook, no flush) and start
 * it again on the same data directory and port. Settings go in a properties file named by
 * RA_GATEWAY_CONFIG ({@link RunningGateway#testSettings} plus the test's own); each run writes
 * its output to its own log file (gateway-1.log, gateway-2.log, ...) in the folder given. A run
 * counts as started once the WSDLs of the services its clients use answer.
 */
public final class GatewayProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target/ra-gateway.jar").toAbsolutePath();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> SERVICES = List.of("RegistrationService", "OfficerService", "StatusService");

    private final Path folder;
    private final Path dataDir;
    private final int port;
    private final Path config;
    private final List<Path> logs = new ArrayList<>();
    private HttpClient http;
    private final Thread killOnExit = new Thread(this::killQuietly, "kill-gateway-process");
    private Process process;

    private GatewayProcess(Path folder, int port, Map<String, String> settings) {
        this.folder = folder;
        this.dataDir = folder.resolve("data");
        this.port = port;
        this.config = folder.resolve("gateway.properties");
        Properties properties = new Properties();
        properties.putAll(RunningGateway.testSettings(dataDir, port));
        properties.putAll(settings);
        try (var out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            properties.store(out, "written by " + GatewayProcess.class.getSimpleName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a last resort if the test JVM ends without closing us: never leave a gateway running
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** A gateway on a free loopback port with its data in {@code folder}/data; not started yet. */
    public static GatewayProcess in(Path folder, Map<String, String> settings) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the packaged-jar tests after `mvn package`");
        }
        return new GatewayProcess(folder, RunningGateway.freePort(), settings);
    }

    /** Starts a run (the first, or again after {@link #kill()}) and waits until its WSDL answers. */
    public GatewayProcess start() {
        if (running()) {
            throw new IllegalStateException("The gateway is already running");
        }
        Path log = folder.resolve("gateway-" + (logs.size() + 1) + ".log");
        logs.add(log);
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString())
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("RA_GATEWAY_CONFIG", config.toString());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + JAR, e);
        }
        await("the WSDLs of " + SERVICES + ", log " + log)
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(this::servicesAnswer);
        return this;
    }

    /**
     * Every service the clients here use answers its WSDL: the services are published one after
     * another, and a call to one not yet published gets HTTP 405 from the port's other handlers.
     */
    private boolean servicesAnswer() throws InterruptedException {
        for (String service : SERVICES) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "The gateway exited with " + process.exitValue() + "; see " + currentLog());
            }
            HttpRequest wsdl = HttpRequest.newBuilder(URI.create(url("/ra/" + service + "?wsdl")))
                    .timeout(Duration.ofSeconds(5))
                    .build();
            if (http == null) {
                if (!Files.exists(dataDir.resolve("tls")
                        .resolve("clients")
                        .resolve(TestPrincipals.system(Requests.SYSTEM) + ".p12"))) {
                    return false; // the first run has not made its development certificates yet
                }
                http = HttpClient.newBuilder()
                        .sslContext(TestPrincipals.tls(dataDir, TestPrincipals.system(Requests.SYSTEM)))
                        .connectTimeout(Duration.ofSeconds(2))
                        .build();
            }
            try {
                if (http.send(wsdl, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                    return false;
                }
            } catch (IOException notYet) {
                return false;
            }
        }
        return true;
    }

    /** SIGKILL, as a power cut or the OOM killer would end it, and waits until it is gone. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        waitForExit(process);
    }

    /** A graceful stop (SIGTERM: Camel's shutdown); SIGKILL if it takes too long. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        waitForExit(process);
    }

    private static void waitForExit(Process process) {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("The gateway process " + process.pid() + " did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the gateway to exit", e);
        }
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    public int port() {
        return port;
    }

    public Path folder() {
        return folder;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The log of every run so far, oldest first. */
    public List<Path> logs() {
        return List.copyOf(logs);
    }

    public Path currentLog() {
        return logs.get(logs.size() - 1);
    }

    /** How many lines of the current run's log contain {@code text}. */
    public long linesInCurrentLog(String text) {
        try (var lines = Files.lines(currentLog(), StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains(text)).count();
        } catch (IOException | UncheckedIOException e) {
            return 0; // not written yet
        }
    }

    /** https on the SOAP port; plain http for /pki. */
    public String url(String path) {
        return path.startsWith("/pki")
                ? "http://127.0.0.1:" + port + path
                : "https://127.0.0.1:" + RunningGateway.httpsPort(dataDir) + path;
    }

    /** A new client, as whichever system each message names: take a new one after each restart (see {@link #unshared}). */
    public RegistrationServicePortType registration() {
        return TestPrincipals.clientNamedInMessage(
                RegistrationServicePortType.class,
                () -> unshared(new RegistrationService().getRegistrationServiceSoap11Port()),
                url("/ra/RegistrationService"),
                dataDir,
                TestPrincipals.system(Requests.SYSTEM));
    }

    /** As whichever officer each message names. */
    public OfficerServicePortType officer() {
        return TestPrincipals.clientNamedInMessage(
                OfficerServicePortType.class,
                () -> unshared(new OfficerService().getOfficerServiceSoap11Port()),
                url("/ra/OfficerService"),
                dataDir,
                TestPrincipals.officer(RunningGateway.REGISTRAR));
    }

    /** As the tests' relying party. */
    public StatusServicePortType status() {
        return TestPrincipals.client(
                unshared(new StatusService().getStatusServiceSoap11Port()),
                url("/ra/StatusService"),
                TestPrincipals.tls(dataDir, TestPrincipals.relyingParty(TestPrincipals.RELYING_PARTY)));
    }

    /**
     * CXF shares one HTTP client, and its pooled keep-alive connections, among all clients of a
     * JVM; after a kill those connections lead nowhere and the next call on one fails ("Could not
     * send Message"). Each client here has its own, so a client made after a restart starts clean.
     */
    private static <T> T unshared(T port) {
        ((BindingProvider) port).getRequestContext().put("share.httpclient.http.conduit", false);
        return port;
    }

    /** Kills the gateway if it still runs. */
    @Override
    public void close() {
        killQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void killQuietly() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
