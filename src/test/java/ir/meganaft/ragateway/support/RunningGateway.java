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

    public static RunningGateway start(Path dataDir) {
        return start(dataDir, freePort(), Map.of());
    }

    public static RunningGateway start(Path dataDir, int port, Map<String, String> settings) {
        Map<String, String> overrides = testSettings(dataDir, port);
        overrides.putAll(settings);
        Main main = GatewayApp.create(overrides);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("The gateway did not start", e);
        }
        return new RunningGateway(main, port, Integer.parseInt(overrides.get("gateway.https.port")), dataDir);
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
        overrides.put("gateway.profile.crl-url", "http://127.0.0.1:" + port + "/pki/crl/issuing-ca.crl");
        overrides.put("gateway.profile.delta-crl-url", "http://127.0.0.1:" + port + "/pki/crl/issuing-ca-delta.crl");
        overrides.put("gateway.profile.ca-issuers-url", "http://127.0.0.1:" + port + "/pki/issuing-ca.cer");
        // the tests' callers (issue 12): back-office systems, their own RA staff (one role each, plus one officer
        // holding both checking roles), an admin and a relying party, each with a development client certificate
        overrides.putAll(TestPrincipals.settings(Map.of(INTAKE, "INTAKE_OFFICER", COMPLIANCE, "COMPLIANCE_OFFICER",
                REGISTRAR, "REGISTRAR", OTHER_REGISTRAR, "REGISTRAR", ARCHIVIST, "ARCHIVIST",
                BOTH_CHECKS, "INTAKE_OFFICER, COMPLIANCE_OFFICER", PUBLISHER, "PUBLISHER"), Services.ADMIN));
        return overrides;
    }

    /**
     * The SOAP (HTTPS) port of the gateway whose data is in {@code dataDir}: chosen free on its first
     * start and kept beside the data, so that a restart on the same data listens where its clients call.
     */
    public static synchronized int httpsPort(Path dataDir) {
        Path file = dataDir.resolveSibling(dataDir.getFileName() + ".https-port");
        try {
            if (java.nio.file.Files.exists(file)) {
                return Integer.parseInt(java.nio.file.Files.readString(file).strip());
            }
            int port = freePort();
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, Integer.toString(port));
            return port;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) tls(TestPrincipals.system(Requests.SYSTEM)).getSocketFactory()
                .createSocket("127.0.0.1", httpsPort);
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
        return TestPrincipals.clientNamedInMessage(RegistrationServicePortType.class,
                () -> new RegistrationService().getRegistrationServiceSoap11Port(), url("/ra/RegistrationService"), dataDir,
                TestPrincipals.system(Requests.SYSTEM));
    }

    public RegistrationServicePortType registrationSoap12() {
        return TestPrincipals.clientNamedInMessage(RegistrationServicePortType.class,
                () -> new RegistrationService().getRegistrationServiceSoap12Port(), url("/ra/soap12/RegistrationService"),
                dataDir, TestPrincipals.system(Requests.SYSTEM));
    }

    /** The back-office service as one principal only, a plain generated port (MTOM, request headers...). */
    public RegistrationServicePortType registrationAs(String principal) {
        return TestPrincipals.client(new RegistrationService().getRegistrationServiceSoap11Port(), url("/ra/RegistrationService"),
                tls(principal));
    }

    /** The officer service, as whichever officer each message names. */
    public OfficerServicePortType officer() {
        return TestPrincipals.clientNamedInMessage(OfficerServicePortType.class,
                () -> new OfficerService().getOfficerServiceSoap11Port(), url("/ra/OfficerService"), dataDir,
                TestPrincipals.officer(REGISTRAR));
    }

    public OfficerServicePortType officerSoap12() {
        return TestPrincipals.clientNamedInMessage(OfficerServicePortType.class,
                () -> new OfficerService().getOfficerServiceSoap12Port(), url("/ra/soap12/OfficerService"), dataDir,
                TestPrincipals.officer(REGISTRAR));
    }

    /** The officer service as one principal only. */
    public OfficerServicePortType officerAs(String principal) {
        return TestPrincipals.client(new OfficerService().getOfficerServiceSoap11Port(), url("/ra/OfficerService"),
                tls(principal));
    }

    /** A generated client port, pointed at {@code address}. */
    /** The text bodies waiting on one of the gateway's queues, browsed: they stay on the queue. */
    public List<String> queuedBodies(String queue) throws Exception {
        jakarta.jms.ConnectionFactory jms = camel().getRegistry().lookupByNameAndType("jmsConnectionFactory",
                jakarta.jms.ConnectionFactory.class);
        List<String> bodies = new java.util.ArrayList<>();
        try (jakarta.jms.JMSContext context = jms.createContext()) {
            for (Object message : java.util.Collections.list(context.createBrowser(context.createQueue(queue)).getEnumeration())) {
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

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
