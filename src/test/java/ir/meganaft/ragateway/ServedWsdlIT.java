package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.contract.admin.AdminServicePortType;
import ir.meganaft.ragateway.contract.cpmisaccount.CpmisAccountServicePortType;
import ir.meganaft.ragateway.contract.officer.OfficerServicePortType;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.status.StatusServicePortType;
import ir.meganaft.ragateway.support.RunningGateway;
import jakarta.jws.WebMethod;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.camel.Route;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The WSDLs the gateway serves are its contract as callers fetch it: every port of every service
 * (SOAP 1.1 and 1.2) and every schema location name the gateway's configured public address, never
 * one a request's Host header chose, and every operation they declare reaches a route.
 */
class ServedWsdlIT {
    private static final String WSDL_NS = "http://schemas.xmlsoap.org/wsdl/";
    private static final String SOAP11_NS = "http://schemas.xmlsoap.org/wsdl/soap/";
    private static final String SOAP12_NS = "http://schemas.xmlsoap.org/wsdl/soap12/";
    private static final String XSD_NS = "http://www.w3.org/2001/XMLSchema";
    /** What a forging caller (or a poisoned proxy cache) puts in the request. */
    private static final String FORGED_HOST = "evil.example";
    /** The services the gateway serves (docs/integration.md's endpoint table) and the port types their routes implement. */
    private static final Map<String, Class<?>> SERVICES = services();

    @TempDir
    static Path data;

    static RunningGateway gateway;

    @BeforeAll
    static void start() {
        gateway = RunningGateway.start(data.resolve("default"), portOtherThan8080(), Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void every_port_of_every_wsdl_advertises_the_listening_address_whatever_the_host_header_says() throws Exception {
        String publicUrl = "https://127.0.0.1:" + gateway.httpsPort();
        for (String service : SERVICES.keySet()) {
            for (String path : paths(service)) {
                String wsdl = fetch(gateway, path + "?wsdl");

                assertThat(wsdl).as("%s?wsdl", path).doesNotContain(FORGED_HOST);
                assertThat(addresses(wsdl))
                        .as("the ports in %s?wsdl", path)
                        .isEqualTo(expectedAddresses(publicUrl, service));
            }
        }
    }

    @Test
    void every_schema_a_wsdl_imports_is_located_at_the_listening_address_whatever_the_host_header_says()
            throws Exception {
        String publicUrl = "https://127.0.0.1:" + gateway.httpsPort();
        for (String service : SERVICES.keySet()) {
            for (String path : paths(service)) {
                List<String> locations = schemaLocationsReachableFrom(gateway, publicUrl, path);

                assertThat(locations)
                        .as("schemas of %s", path)
                        .isNotEmpty()
                        .allSatisfy(location -> assertThat(location).startsWith(publicUrl + path + "?xsd="));
            }
        }
    }

    @Test
    void a_configured_public_url_is_what_every_port_and_schema_location_advertises() throws Exception {
        String publicUrl = "https://ra.meganaft.example:9443";
        try (RunningGateway proxied = RunningGateway.start(
                data.resolve("public-url"), portOtherThan8080(), Map.of("gateway.http.public-url", publicUrl + "/"))) {
            for (String service : SERVICES.keySet()) {
                for (String path : paths(service)) {
                    String wsdl = fetch(proxied, path + "?wsdl");

                    assertThat(wsdl)
                            .as("%s?wsdl", path)
                            .doesNotContain(FORGED_HOST)
                            .doesNotContain("127.0.0.1")
                            .doesNotContain(":" + proxied.httpsPort() + "/");
                    assertThat(addresses(wsdl))
                            .as("the ports in %s?wsdl", path)
                            .isEqualTo(expectedAddresses(publicUrl, service));
                    assertThat(schemaLocationsReachableFrom(proxied, publicUrl, path))
                            .as("schemas of %s", path)
                            .isNotEmpty()
                            .allSatisfy(location -> assertThat(location).startsWith(publicUrl + path + "?xsd="));
                }
            }
        }
    }

    @Test
    void a_public_url_with_a_path_stops_the_start_naming_the_setting() {
        assertThatThrownBy(() -> RunningGateway.start(
                                data.resolve("bad-public-url"),
                                portOtherThan8080(),
                                Map.of("gateway.http.public-url", "https://ra.meganaft.example/gateway"))
                        .close())
                .hasStackTraceContaining("gateway.http.public-url");
    }

    /**
     * routes/error-handling.camel.yaml's route configuration without an id is every route's
     * default, so no route can forget it; the issuance route adds its own handler for an HSM that is away.
     */
    @Test
    void every_route_has_the_shared_error_handling_and_issuance_the_hsm_handling_too() {
        ModelCamelContext camel = (ModelCamelContext) gateway.camel();
        assertThat(camel.getRoutes()).hasSizeGreaterThan(30);
        for (Route route : camel.getRoutes()) {
            List<String> handled = camel.getRouteDefinition(route.getRouteId()).getOutputs().stream()
                    .filter(step -> step instanceof OnExceptionDefinition)
                    .flatMap(step -> ((OnExceptionDefinition) step).getExceptions().stream())
                    .toList();
            assertThat(handled)
                    .as("route %s", route.getRouteId())
                    .contains("java.lang.Exception", "ir.meganaft.ragateway.errors.GatewayException");
            if (route.getRouteId().equals("issue-certificate")) {
                assertThat(handled).contains("ir.meganaft.ragateway.keys.HsmUnavailableException");
            }
        }
    }

    @Test
    void every_operation_of_every_served_wsdl_has_a_route_that_handles_it() throws Exception {
        ModelCamelContext camel = (ModelCamelContext) gateway.camel();
        // The dispatch: every SOAP route sends the call to direct:soap-operation (routes/callers.camel.yaml),
        // which hands the authenticated caller on and calls direct:<operation name> ...
        List<Route> soapRoutes = camel.getRoutes().stream()
                .filter(r -> r.getEndpoint() instanceof CxfEndpoint)
                .toList();
        assertThat(soapRoutes).hasSize(2 * SERVICES.size());
        for (Route soap : soapRoutes) {
            RouteDefinition definition = camel.getRouteDefinition(soap.getRouteId());
            // (the shared error handling, routes/error-handling.camel.yaml, is merged in as onException outputs)
            assertThat(definition.getOutputs().stream().filter(step -> !(step instanceof OnExceptionDefinition)))
                    .as("route %s", soap.getRouteId())
                    .singleElement()
                    .isInstanceOfSatisfying(
                            org.apache.camel.model.ToDefinition.class,
                            to -> assertThat(to.getUri()).isEqualTo("direct:soap-operation"));
        }
        assertThat(camel.getRouteDefinition("soap-operation").getOutputs().stream()
                        .filter(step -> step instanceof ToDynamicDefinition)
                        .map(step -> ((ToDynamicDefinition) step).getUri()))
                .containsExactly("direct:${header.operationName}");
        Set<String> directConsumers = camel.getRoutes().stream()
                .map(r -> r.getEndpoint().getEndpointBaseUri())
                .filter(uri -> uri.startsWith("direct://"))
                .map(uri -> uri.substring("direct://".length()))
                .collect(Collectors.toSet());
        // ... where operationName is the name of the port type's Java method CXF invoked for the operation.
        for (Map.Entry<String, Class<?>> service : SERVICES.entrySet()) {
            Map<String, String> methodByOperation = methodsByOperation(service.getValue());
            for (String path : paths(service.getKey())) {
                Set<String> operations = operations(fetch(gateway, path + "?wsdl"));

                assertThat(operations).as("operations of %s", path).isNotEmpty();
                for (String operation : operations) {
                    assertThat(methodByOperation)
                            .as("%s in %s", operation, service.getValue().getSimpleName())
                            .containsKey(operation);
                    assertThat(directConsumers)
                            .as("a route from direct:%s for %s", methodByOperation.get(operation), path)
                            .contains(methodByOperation.get(operation));
                }
            }
        }
    }

    /** The paths of a service's two endpoints, SOAP 1.1 then SOAP 1.2 (the table in docs/integration.md). */
    private static List<String> paths(String service) {
        return List.of("/ra/" + service, "/ra/soap12/" + service);
    }

    /** Port name to address, as every WSDL of the service must give them. */
    private static Map<String, String> expectedAddresses(String publicUrl, String service) {
        Map<String, String> expected = new HashMap<>();
        expected.put(service + "Soap11Port", publicUrl + "/ra/" + service);
        expected.put(service + "Soap12Port", publicUrl + "/ra/soap12/" + service);
        return expected;
    }

    /** Port name to the location of its soap:address or soap12:address (each port must have exactly one). */
    private static Map<String, String> addresses(String wsdl) throws Exception {
        Map<String, String> addresses = new HashMap<>();
        for (Element port : elements(parse(wsdl).getDocumentElement(), WSDL_NS, "port")) {
            List<Element> found = new ArrayList<>(elements(port, SOAP11_NS, "address"));
            found.addAll(elements(port, SOAP12_NS, "address"));
            assertThat(found)
                    .as("addresses of port %s", port.getAttribute("name"))
                    .hasSize(1);
            addresses.put(port.getAttribute("name"), found.get(0).getAttribute("location"));
        }
        return addresses;
    }

    private static Set<String> operations(String wsdl) throws Exception {
        Set<String> operations = new LinkedHashSet<>();
        for (Element portType : elements(parse(wsdl).getDocumentElement(), WSDL_NS, "portType")) {
            for (Element operation : elements(portType, WSDL_NS, "operation")) {
                operations.add(operation.getAttribute("name"));
            }
        }
        return operations;
    }

    /** As CXF names the invoked method in the operationName header: the WSDL operation to the Java method. */
    private static Map<String, String> methodsByOperation(Class<?> portType) {
        Map<String, String> methods = new HashMap<>();
        for (Method method : portType.getMethods()) {
            WebMethod web = method.getAnnotation(WebMethod.class);
            if (web != null) {
                methods.put(web.operationName().isEmpty() ? method.getName() : web.operationName(), method.getName());
            }
        }
        return methods;
    }

    /**
     * Every schemaLocation in the WSDL at {@code path} and, fetched in turn (with the forged Host
     * header, from wherever the gateway listens), in the schemas it names, recursively.
     */
    private static List<String> schemaLocationsReachableFrom(RunningGateway gateway, String publicUrl, String path)
            throws Exception {
        List<String> seen = new ArrayList<>();
        List<String> toRead = new ArrayList<>(schemaLocations(fetch(gateway, path + "?wsdl")));
        while (!toRead.isEmpty()) {
            String location = toRead.remove(0);
            if (seen.contains(location)) {
                continue;
            }
            seen.add(location);
            assertThat(location)
                    .as("a schema location")
                    .doesNotContain(FORGED_HOST)
                    .startsWith(publicUrl + "/");
            URI uri = URI.create(location);
            String schema = fetch(gateway, uri.getRawPath() + "?" + uri.getRawQuery());
            assertThat(schema).as(location).doesNotContain(FORGED_HOST);
            toRead.addAll(schemaLocations(schema));
        }
        return seen;
    }

    private static List<String> schemaLocations(String xml) throws Exception {
        List<String> locations = new ArrayList<>();
        Element root = parse(xml).getDocumentElement();
        for (String kind : List.of("import", "include", "redefine")) {
            for (Element reference : elements(root, XSD_NS, kind)) {
                if (reference.hasAttribute("schemaLocation")) {
                    locations.add(reference.getAttribute("schemaLocation"));
                }
            }
        }
        return locations;
    }

    /**
     * GET {@code pathAndQuery} from the gateway over a plain socket, so the request can carry a
     * forged Host header (and the proxy headers a forwarding hop would add), which Java's HTTP
     * clients refuse to send.
     */
    private static String fetch(RunningGateway gateway, String pathAndQuery) throws IOException {
        try (Socket socket = gateway.socket()) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + pathAndQuery + " HTTP/1.0\r\nHost: " + FORGED_HOST + "\r\nX-Forwarded-Host: "
                            + FORGED_HOST
                            + "\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Port: 443\r\nForwarded: host=" + FORGED_HOST
                            + ";proto=https\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int bodyStart = response.indexOf("\r\n\r\n");
            assertThat(bodyStart).as("an HTTP answer to %s", pathAndQuery).isPositive();
            assertThat(response).as("GET %s", pathAndQuery).startsWith("HTTP/1.1 200");
            return response.substring(bodyStart + 4);
        }
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Element in, String namespace, String localName) {
        NodeList nodes = in.getElementsByTagNameNS(namespace, localName);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    /** A free port, never 8080: the address a WSDL must not fall back to. */
    private static int portOtherThan8080() {
        int port = RunningGateway.freePort();
        while (port == 8080) {
            port = RunningGateway.freePort();
        }
        return port;
    }

    private static Map<String, Class<?>> services() {
        Map<String, Class<?>> services = new LinkedHashMap<>();
        services.put("RegistrationService", RegistrationServicePortType.class);
        services.put("OfficerService", OfficerServicePortType.class);
        services.put("StatusService", StatusServicePortType.class);
        services.put("CpmisAccountService", CpmisAccountServicePortType.class);
        services.put("AdminService", AdminServicePortType.class);
        return services;
    }
}
