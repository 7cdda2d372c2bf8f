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
    private final Path dataDir;

    private RunningGateway(Main main, int port, Path dataDir) {
        this.main = main;
        this.port = port;
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
        return new RunningGateway(main, port, dataDir);
    }

    /**
     * The settings every test gateway runs with, in this JVM or as a separate process
     * ({@link GatewayProcess}): its port and data directory, the CRL and CA addresses on that
     * port, and the tests' officers.
     */
    public static Map<String, String> testSettings(Path dataDir, int port) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("gateway.http.port", Integer.toString(port));
        overrides.put("gateway.data-dir", dataDir.toString());
        overrides.put("gateway.profile.crl-url", "http://127.0.0.1:" + port + "/pki/crl/issuing-ca.crl");
        overrides.put("gateway.profile.delta-crl-url", "http://127.0.0.1:" + port + "/pki/crl/issuing-ca-delta.crl");
        overrides.put("gateway.profile.ca-issuers-url", "http://127.0.0.1:" + port + "/pki/issuing-ca.cer");
        // the tests' own RA staff, one role each, plus one officer holding both checking roles
        overrides.put("gateway.officers." + INTAKE, "INTAKE_OFFICER");
        overrides.put("gateway.officers." + COMPLIANCE, "COMPLIANCE_OFFICER");
        overrides.put("gateway.officers." + REGISTRAR, "REGISTRAR");
        overrides.put("gateway.officers." + OTHER_REGISTRAR, "REGISTRAR");
        overrides.put("gateway.officers." + ARCHIVIST, "ARCHIVIST");
        overrides.put("gateway.officers." + BOTH_CHECKS, "INTAKE_OFFICER, COMPLIANCE_OFFICER");
        overrides.put("gateway.officers." + PUBLISHER, "PUBLISHER");
        return overrides;
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

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /**
     * A raw connection to the gateway's HTTP port, for tests that write HTTP by hand (half-sent or
     * trickled bodies, broken framing): the one place to change with {@link #url} when the port's scheme does.
     */
    public java.net.Socket connect() throws IOException {
        return new java.net.Socket("127.0.0.1", port);
    }

    public RegistrationServicePortType registration() {
        return at(new RegistrationService().getRegistrationServiceSoap11Port(), url("/ra/RegistrationService"));
    }

    public RegistrationServicePortType registrationSoap12() {
        return at(new RegistrationService().getRegistrationServiceSoap12Port(), url("/ra/soap12/RegistrationService"));
    }

    public OfficerServicePortType officer() {
        return at(new OfficerService().getOfficerServiceSoap11Port(), url("/ra/OfficerService"));
    }

    public OfficerServicePortType officerSoap12() {
        return at(new OfficerService().getOfficerServiceSoap12Port(), url("/ra/soap12/OfficerService"));
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
