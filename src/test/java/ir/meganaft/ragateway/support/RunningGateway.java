package ir.meganaft.ragateway.support;

import ir.meganaft.ragateway.GatewayApp;
import ir.meganaft.ragateway.contract.officer.OfficerService;
import ir.meganaft.ragateway.contract.officer.OfficerServicePortType;
import ir.meganaft.ragateway.contract.registration.RegistrationService;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import jakarta.xml.ws.BindingProvider;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The whole gateway, started in this JVM as {@code java -jar} would start it (Camel Main, the
 * routes in routes/, config/), on a free port with its data directory in a test folder.
 */
public final class RunningGateway implements AutoCloseable {
    public static final String INTAKE = "test-intake";
    public static final String COMPLIANCE = "test-compliance";
    public static final String REGISTRAR = "test-registrar";
    public static final String OTHER_REGISTRAR = "test-registrar-2";
    public static final String ARCHIVIST = "test-archivist";
    public static final String BOTH_CHECKS = "test-intake-and-compliance";
    public static final String PUBLISHER = "test-publisher";

    private final Main main;
    private final int port;
    private final int httpsPort;
    private final Path dataDir;

    private RunningGateway(Main main, int port, int httpsPort, Path dataDir) {
        this.main = main;
        this.port = port;
        this.httpsPort = httpsPort;
        this.dataDir = dataDir;
    }

    /** The gateway on ports of its own choosing ({@link #start(Path, Map)}), with the default settings. */
    public static RunningGateway start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /**
     * The gateway on ports it chooses itself: read them back with {@link #port()} and {@link #httpsPort()}.
     * A port is chosen free, but Jetty binds it seconds later; if another process took it meanwhile,
     * the start is retried on new ports ({@link #startOn}). Prefer this to passing {@link #freePort()}.
     */
    public static RunningGateway start(Path dataDir, Map<String, String> settings) {
        return startOn(dataDir, RunningGateway::freePort, true, settings);
    }

    /**
     * The gateway on plain-HTTP port {@code port}, for a test that must know it in advance (a restart
     * on the same data keeps the addresses its certificates carry). Only the SOAP port, if this
     * start chose it, is replaced should another process take it first.
     */
    public static RunningGateway start(Path dataDir, int port, Map<String, String> settings) {
        return startOn(dataDir, () -> port, false, settings);
    }

    /**
     * Starts the gateway on a plain-HTTP port from {@code ports}, retrying when Jetty finds a port
     * taken (BindException) by someone else in the moment between its choice and the bind: the
     * half-started gateway is stopped, and the ports that can still change are chosen again (the
     * next from {@code ports}; the SOAP port if no gateway has listened on it for this data yet).
     * A port that cannot change, or a fifth failure, ends the start as any other failure does.
     *
     * @param portMayChange false when the test named the plain-HTTP port: it is then never replaced
     */
    static RunningGateway startOn(
            Path dataDir, java.util.function.IntSupplier ports, boolean portMayChange, Map<String, String> settings) {
        for (int attempt = 1; ; attempt++) {
            int port = ports.getAsInt();
            Map<String, String> overrides = testSettings(dataDir, port);
            overrides.putAll(settings);
            int httpsPort = Integer.parseInt(overrides.get("gateway.https.port"));
            Main main = GatewayApp.create(overrides);
            try {
                main.start();
            } catch (Exception e) {
                if (!portTaken(e) || attempt == 5) {
                    throw new IllegalStateException("The gateway did not start", e);
                }
                main.stop();
                boolean httpsMayChange =
                        !settings.containsKey("gateway.https.port") && UNBOUND_HTTPS_PORTS.contains(dataDir);
                boolean httpTaken = !bindable(port);
                boolean httpsTaken = !bindable(httpsPort);
                if (httpTaken && !portMayChange || httpsTaken && !httpsMayChange) {
                    throw new IllegalStateException(
                            "The gateway did not start: port " + (httpTaken ? port : httpsPort)
                                    + " is taken, and the test chose it",
                            e);
                }
                if (httpsTaken) {
                    forgetHttpsPort(dataDir);
                }
                org.slf4j.LoggerFactory.getLogger(RunningGateway.class)
                        .warn(
                                "Port {} or {} was taken before the"
                                        + " gateway bound it; starting again on other ports",
                                port,
                                httpsPort);
                continue;
            }
            UNBOUND_HTTPS_PORTS.remove(dataDir);
            return new RunningGateway(main, port, httpsPort, dataDir);
        }
    }

    /**
     * Starts a test's own server on a {@link #freePort()}, choosing again (up to five times) when
     * another process took the port before the server bound it.
     */
    public static <T> T onAFreePort(java.util.function.IntFunction<T> start) {
        for (int attempt = 1; ; attempt++) {
            try {
                return start.apply(freePort());
            } catch (RuntimeException e) {
                if (!portTaken(e) || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    static boolean portTaken(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The settings every test gateway runs with, in this JVM or as a separate process
     * ({@link GatewayProcess}): its port and data directory, the CRL and CA addresses on that
     * port, and the tests' officers.
     */
    public static Map<String, String> testSettings(Path dataDir, int port) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("gateway.http.port", Integer.toString(port));
        overrides.put("gateway.https.port", Integer.toString(httpsPort(dataDir)));
        overrides.put("gateway.data-dir", dataDir.toString());
        // the management port (health, metrics): free, chosen again with the plain-HTTP port when a start is retried
        overrides.put("gateway.management.port", Integer.toString(freePort()));
        overrides.put("gateway.profile.crl-url", "http://127.0.0.1:" + port + "/pki/crl/issuing-ca.crl");
        overrides.put("gateway.profile.delta-crl-url", "http://127.0.0.1:" + port + "/pki/crl/issuing-ca-delta.crl");
        overrides.put("gateway.profile.ca-issuers-url", "http://127.0.0.1:" + port + "/pki/issuing-ca.cer");
        // the tests' callers (issue 12): back-office systems, their own RA staff (one role each, plus one officer
        // holding both checking roles), an admin and a relying party, each with a development client certificate
        overrides.putAll(TestPrincipals.settings(
                Map.of(
                        INTAKE,
                        "INTAKE_OFFICER",
                        COMPLIANCE,
                        "COMPLIANCE_OFFICER",
                        REGISTRAR,
                        "REGISTRAR",
                        OTHER_REGISTRAR,
                        "REGISTRAR",
                        ARCHIVIST,
                        "ARCHIVIST",
                        BOTH_CHECKS,
                        "INTAKE_OFFICER, COMPLIANCE_OFFICER",
                        PUBLISHER,
                        "PUBLISHER"),
                Services.ADMIN));
        return overrides;
    }

    /**
     * The SOAP (HTTPS) port of the gateway whose data is in {@code dataDir}: chosen free on its first
     * start and kept beside the data, so that a restart on the same data listens where its clients call.
     */
    public static synchronized int httpsPort(Path dataDir) {
        Path file = httpsPortFile(dataDir);
        try {
            if (java.nio.file.Files.exists(file)) {
                return Integer.parseInt(java.nio.file.Files.readString(file).strip());
            }
            int port = freePort();
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, Integer.toString(port));
            UNBOUND_HTTPS_PORTS.add(dataDir);
            return port;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Data directories whose SOAP port was chosen here and has not been listened on yet: it may still change. */
    private static final java.util.Set<Path> UNBOUND_HTTPS_PORTS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static synchronized void forgetHttpsPort(Path dataDir) {
        try {
            java.nio.file.Files.deleteIfExists(httpsPortFile(dataDir));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path httpsPortFile(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + ".https-port");
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    public int httpsPort() {
        return httpsPort;
    }

    /** The address of {@code path}: https on the SOAP port, but plain http for the CRLs and CA certificates under /pki. */
    public String url(String path) {
        return path.startsWith("/pki") ? "http://127.0.0.1:" + port + path : "https://127.0.0.1:" + httpsPort + path;
    }

    /** The address of {@code path} on the management port (plain HTTP on loopback: /health/live, /health/ready, /metrics). */
    public String managementUrl(String path) {
        return "http://127.0.0.1:"
                + camel().getPropertiesComponent()
                        .resolveProperty("gateway.management.port")
                        .orElseThrow() + path;
    }

    /** The TLS context of a test principal (TestPrincipals.system(...), officer(...), ...). */
    public javax.net.ssl.SSLContext tls(String principal) {
        return TestPrincipals.tls(dataDir, principal);
    }

    private java.net.http.HttpClient http;

    /** A java.net.http client presenting the default back-office system's certificate (plain http for /pki). */
    public synchronized java.net.http.HttpClient http() {
        if (http == null) {
            http = TestPrincipals.httpClient(dataDir, TestPrincipals.system(Requests.SYSTEM));
        }
        return http;
    }

    /**
     * A raw TLS connection to the SOAP port as the default back-office system, handshake done: for
     * tests that send bytes no HTTP client would (framing abuse, forged headers, stalled bodies).
     */
    public java.net.Socket socket() throws IOException {
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket)
                tls(TestPrincipals.system(Requests.SYSTEM)).getSocketFactory().createSocket("127.0.0.1", httpsPort);
        socket.startHandshake();
        return socket;
    }

    /** As {@link #socket()}: the tests' one way to write HTTP by hand to the SOAP port. */
    public java.net.Socket connect() throws IOException {
        return socket();
    }

    /** A raw plain-HTTP connection to the /pki port (CRLs and CA certificates, no TLS). */
    public java.net.Socket connectPlain() throws IOException {
        return new java.net.Socket("127.0.0.1", port);
    }

    /** The back-office service, as whichever system each message names (Requests.SYSTEM when none). */
    public RegistrationServicePortType registration() {
        return TestPrincipals.clientNamedInMessage(
                RegistrationServicePortType.class,
                () -> new RegistrationService().getRegistrationServiceSoap11Port(),
                url("/ra/RegistrationService"),
                dataDir,
                TestPrincipals.system(Requests.SYSTEM));
    }

    public RegistrationServicePortType registrationSoap12() {
        return TestPrincipals.clientNamedInMessage(
                RegistrationServicePortType.class,
                () -> new RegistrationService().getRegistrationServiceSoap12Port(),
                url("/ra/soap12/RegistrationService"),
                dataDir,
                TestPrincipals.system(Requests.SYSTEM));
    }

    /** The back-office service as one principal only, a plain generated port (MTOM, request headers...). */
    public RegistrationServicePortType registrationAs(String principal) {
        return TestPrincipals.client(
                new RegistrationService().getRegistrationServiceSoap11Port(),
                url("/ra/RegistrationService"),
                tls(principal));
    }

    /** The officer service, as whichever officer each message names. */
    public OfficerServicePortType officer() {
        return TestPrincipals.clientNamedInMessage(
                OfficerServicePortType.class,
                () -> new OfficerService().getOfficerServiceSoap11Port(),
                url("/ra/OfficerService"),
                dataDir,
                TestPrincipals.officer(REGISTRAR));
    }

    public OfficerServicePortType officerSoap12() {
        return TestPrincipals.clientNamedInMessage(
                OfficerServicePortType.class,
                () -> new OfficerService().getOfficerServiceSoap12Port(),
                url("/ra/soap12/OfficerService"),
                dataDir,
                TestPrincipals.officer(REGISTRAR));
    }

    /** The officer service as one principal only. */
    public OfficerServicePortType officerAs(String principal) {
        return TestPrincipals.client(
                new OfficerService().getOfficerServiceSoap11Port(), url("/ra/OfficerService"), tls(principal));
    }

    /** A generated client port, pointed at {@code address}. */
    /** The text bodies waiting on one of the gateway's queues, browsed: they stay on the queue. */
    public List<String> queuedBodies(String queue) throws Exception {
        jakarta.jms.ConnectionFactory jms =
                camel().getRegistry().lookupByNameAndType("jmsConnectionFactory", jakarta.jms.ConnectionFactory.class);
        List<String> bodies = new java.util.ArrayList<>();
        try (jakarta.jms.JMSContext context = jms.createContext()) {
            for (Object message : java.util.Collections.list(
                    context.createBrowser(context.createQueue(queue)).getEnumeration())) {
                bodies.add(((jakarta.jms.Message) message).getBody(String.class));
            }
        }
        return bodies;
    }

    public static <T> T at(T port, String address) {
        ((BindingProvider) port).getRequestContext().put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, address);
        return port;
    }

    @Override
    public void close() {
        main.stop();
    }

    /**
     * A port that is free now, for a server a test starts. It is taken below the range the system
     * hands out for outgoing connections ({@code ip_local_port_range}), so no client connection on
     * this machine can be given it before the server binds, and never twice in this JVM. Other
     * processes choosing ports can still take it first; {@link #start(Path, Map)} survives that.
     */
    public static int freePort() {
        int[] range = PORT_RANGE;
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int tries = 0; range != null && tries < 200; tries++) {
            int port = random.nextInt(range[0], range[1] + 1);
            if (bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        for (int tries = 0; ; tries++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort()) || tries > 100) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** From 10000 to just below the ephemeral ports, or null when that leaves too few (then the system chooses). */
    private static final int[] PORT_RANGE = portsBelowEphemeral();

    private static int[] portsBelowEphemeral() {
        int ephemeralStart = 32768;
        // read as a stream: Files.readString trusts the size /proc reports and returns a truncated text
        try (java.io.InputStream in =
                java.nio.file.Files.newInputStream(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            ephemeralStart = Integer.parseInt(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                    .strip()
                    .split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            // not Linux: assume the IANA dynamic range's usual neighbours
        }
        return ephemeralStart - 1 - 10000 >= 1000 ? new int[] {10000, ephemeralStart - 1} : null;
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new java.net.InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
