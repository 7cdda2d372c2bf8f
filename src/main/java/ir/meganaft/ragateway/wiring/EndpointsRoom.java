package ir.meganaft.ragateway.wiring;

import ir.meganaft.ragateway.contract.admin.AdminServicePortType;
import ir.meganaft.ragateway.contract.cpmisaccount.CpmisAccountServicePortType;
import ir.meganaft.ragateway.contract.officer.OfficerServicePortType;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.status.StatusServicePortType;
import ir.meganaft.ragateway.crl.CrlPublisher;
import ir.meganaft.ragateway.security.AccessPolicy;
import ir.meganaft.ragateway.security.CallerResolver;
import ir.meganaft.ragateway.soap.CallerEdge;
import ir.meganaft.ragateway.soap.HttpEdge;
import ir.meganaft.ragateway.soap.HttpServerEdge;
import ir.meganaft.ragateway.soap.NoEchoedHeaders;
import ir.meganaft.ragateway.soap.PublicAddress;
import ir.meganaft.ragateway.soap.SoapEndpointSettings;
import ir.meganaft.ragateway.soap.SoapFaultInterceptor;
import ir.meganaft.ragateway.web.PkiFiles;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.xml.namespace.QName;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.cxf.common.DataFormat;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.camel.component.cxf.transport.header.CxfHeaderFilterStrategy;
import org.apache.cxf.attachment.AttachmentDeserializer;
import org.apache.cxf.frontend.WSDLGetUtils;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngine;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngineFactory;

/**
 * The HTTP edge: the two Jetty servers (gateway.http.port for /pki over plain HTTP,
 * gateway.https.port for the SOAP services over mutual TLS) with their limits (gateway.http.*),
 * the CRL and CA-certificate files under /pki, and one CXF endpoint per service and SOAP version,
 * from the table {@link #SERVICES}. Every endpoint gets the same interceptors: the HTTP edge's
 * checks, the caller and the access policy (decided here, once, before any route runs), the fault
 * mapping, and no echoed headers.
 */
public final class EndpointsRoom {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EndpointsRoom.class);
    private static final String BASE_PATH = "/ra/";

    /** A WSDL service: the bean name prefix of its endpoints (routes/*.camel.yaml: cxf:bean:&lt;bean&gt;11 and 12). */
    private record Service(String bean, String name, String namespace, Class<?> portType) {}

    /** Every service of wsdl/; each is published for SOAP 1.1 at /ra/&lt;name&gt; and SOAP 1.2 at /ra/soap12/&lt;name&gt;. */
    private static final List<Service> SERVICES = List.of(
            new Service(
                    "registrationSoap",
                    "RegistrationService",
                    "http://ra.meganaft.ir/gateway/registration/v1",
                    RegistrationServicePortType.class),
            new Service(
                    "officerSoap",
                    "OfficerService",
                    "http://ra.meganaft.ir/gateway/officer/v1",
                    OfficerServicePortType.class),
            new Service(
                    "statusSoap",
                    "StatusService",
                    "http://ra.meganaft.ir/gateway/status/v1",
                    StatusServicePortType.class),
            new Service(
                    "cpmisAccountSoap",
                    "CpmisAccountService",
                    "http://ra.meganaft.ir/gateway/cpmis-account/v1",
                    CpmisAccountServicePortType.class),
            new Service(
                    "adminSoap", "AdminService", "http://ra.meganaft.ir/gateway/admin/v1", AdminServicePortType.class));

    @PropertyInject("gateway.http.host")
    private String httpHost;

    @PropertyInject("gateway.http.port")
    private int httpPort;

    @PropertyInject("gateway.https.port")
    private int httpsPort;

    @PropertyInject(value = "gateway.http.public-url", defaultValue = "")
    private String publicUrl;

    @PropertyInject("gateway.http.max-request-bytes")
    private long httpMaxRequestBytes;

    @PropertyInject("gateway.http.max-header-bytes")
    private int httpMaxHeaderBytes;

    @PropertyInject("gateway.http.idle-timeout-ms")
    private long httpIdleTimeoutMs;

    @PropertyInject("gateway.http.min-threads")
    private int httpMinThreads;

    @PropertyInject("gateway.http.max-threads")
    private int httpMaxThreads;

    @PropertyInject("gateway.http.max-connections")
    private int httpMaxConnections;

    @PropertyInject("gateway.http.max-attachments")
    private int httpMaxAttachments;

    @PropertyInject("gateway.http.max-attachment-bytes")
    private long httpMaxAttachmentBytes;

    @PropertyInject("gateway.http.max-read-ms")
    private long httpMaxReadMs;

    @PropertyInject("gateway.http.max-head-ms")
    private long httpMaxHeadMs;

    @PropertyInject("gateway.http.eager-read-bytes")
    private int httpEagerReadBytes;

    @PropertyInject("gateway.http.max-large-bodies")
    private int httpMaxLargeBodies;

    @PropertyInject("gateway.http.max-waiting-large-bodies")
    private int httpMaxWaitingLargeBodies;

    @PropertyInject("gateway.http.max-wait-ms")
    private long httpMaxWaitMs;

    /** Checked first, so a malformed gateway.http.public-url stops the start before anything runs. */
    public void announce() {
        LOG.info("SOAP endpoints listen at {} and are advertised at {}", listeningOrigin(), publicOrigin());
    }

    public void wire(Boot boot, CallersRoom.Callers callers, CrlRoom.Crls crls, KeysRoom.Keys keys) throws Exception {
        JettyHTTPServerEngine httpEngine = configureHttpServer(httpPort, "http", null);
        publishPkiFiles(
                boot,
                new PkiFiles(
                        crls.publisher(),
                        crls.issuingCa(),
                        boot.clock(),
                        boot.data().resolve("keys").resolve(ir.meganaft.ragateway.keys.DevelopmentKeys.ROOT_CRL_FILE)));
        HttpServerEdge.answerErrorsAsFaults(httpEngine);
        JettyHTTPServerEngine httpsEngine = configureHttpServer(httpsPort, "https", callers.serverTls());
        AccessPolicy policy = AccessPolicy.standard();
        // routes/callers.camel.yaml: the caller CallerEdge established, as the exchange property "caller"
        boot.bind("authenticatedCallers", new ir.meganaft.ragateway.soap.AuthenticatedCallers());
        for (Service service : SERVICES) {
            QName name = new QName(service.namespace(), service.name());
            bindEndpoint(
                    boot,
                    service.bean() + "11",
                    BASE_PATH + service.name(),
                    service,
                    name,
                    new QName(service.namespace(), service.name() + "Soap11Port"),
                    callers.resolver(),
                    policy);
            bindEndpoint(
                    boot,
                    service.bean() + "12",
                    BASE_PATH + "soap12/" + service.name(),
                    service,
                    name,
                    new QName(service.namespace(), service.name() + "Soap12Port"),
                    callers.resolver(),
                    policy);
        }
        // CXF builds the https server, and sets its own error handler, as the first SOAP route starts
        boot.context().addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext camel, boolean alreadyStarted) {}

            @Override
            public void onCamelContextFullyStarted(CamelContext camel, boolean alreadyStarted) {
                HttpServerEdge.answerErrorsAsFaults(httpsEngine);
            }
        });
    }

    /**
     * The Jetty server that CXF builds for {@code port}, set up before /pki or any SOAP port is
     * published on it (the engine is shared by every CXF bus in the JVM): limits, no Server header.
     */
    private JettyHTTPServerEngine configureHttpServer(int port, String protocol, SSLContext tls) throws Exception {
        // a fresh engine: one left from an earlier gateway on this port in the same JVM (a restart) holds a stopped
        // server
        JettyHTTPServerEngineFactory.destroyForPort(port);
        JettyHTTPServerEngineFactory engines =
                org.apache.cxf.BusFactory.getDefaultBus().getExtension(JettyHTTPServerEngineFactory.class);
        if (tls != null) {
            // CXF makes an engine https only when its port has TLS parameters; the connector that HttpServerEdge
            // builds carries the whole TLS set-up, so these stay empty
            engines.setTLSServerParametersForPort(port, new org.apache.cxf.configuration.jsse.TLSServerParameters());
        }
        JettyHTTPServerEngine engine = engines.createJettyHTTPServerEngine(httpHost, port, protocol);
        HttpServerEdge.configure(engine, httpHost, port, httpLimits(), tls);
        return engine;
    }

    private HttpServerEdge.Limits httpLimits() {
        return new HttpServerEdge.Limits(
                httpMaxRequestBytes,
                httpMaxHeaderBytes,
                httpIdleTimeoutMs,
                httpMinThreads,
                httpMaxThreads,
                httpMaxConnections,
                httpMaxAttachments,
                httpMaxAttachmentBytes,
                httpMaxReadMs,
                httpMaxHeadMs,
                httpEagerReadBytes,
                new HttpServerEdge.LargeBodies(httpMaxLargeBodies, httpMaxWaitingLargeBodies, httpMaxWaitMs));
    }

    /** CRLs and the CA certificate over plain HTTP, on gateway.http.port (not the SOAP endpoints' https port), under /pki. */
    private void publishPkiFiles(Boot boot, PkiFiles files) {
        org.apache.cxf.jaxrs.JAXRSServerFactoryBean factory = new org.apache.cxf.jaxrs.JAXRSServerFactoryBean();
        factory.setAddress("http://" + httpHost + ":" + httpPort + "/pki");
        factory.setServiceBean(files);
        org.apache.cxf.endpoint.Server server = factory.create();
        // gone before the routes stop: every SOAP endpoint has its own CXF bus, and each bus, as it shuts down,
        // shuts down every Jetty engine of the JVM; one still serving /pki answered each of them with a
        // "Failed to shutdown Jetty server ... because it is still in use" warning
        boot.onStopping(server::destroy);
        LOG.info(
                "CRLs at http://{}:{}/pki/crl/{} and /pki/crl/{}; CA certificate at /pki/issuing-ca.cer",
                httpHost,
                httpPort,
                CrlPublisher.FULL_FILE,
                CrlPublisher.DELTA_FILE);
    }

    /**
     * One SOAP port at {@code path}: listening on gateway.http.host and gateway.https.port, and advertised in its
     * WSDL (every port of it, both SOAP versions, and the schema locations) at the public address
     * ({@link PublicAddress}) + {@code path}, whatever Host header a request carries (docs/stack.md trap 11).
     */
    private void bindEndpoint(
            Boot boot,
            String bean,
            String path,
            Service service,
            QName serviceName,
            QName port,
            CallerResolver callers,
            AccessPolicy policy) {
        String address = listeningOrigin() + path;
        String publicAddress = publicOrigin() + path;
        CxfEndpoint endpoint = new CxfEndpoint();
        endpoint.setCamelContext(boot.context());
        endpoint.setAddress(address);
        // The WSDL and its schemas are served with this port's public address rather than one built from the
        // request; CXF gives the WSDL's other ports the same scheme, host and port with their own paths.
        endpoint.setPublishedEndpointUrl(publicAddress);
        endpoint.setServiceClass(service.portType());
        endpoint.setWsdlURL("classpath:wsdl/" + service.name() + ".wsdl");
        endpoint.setServiceNameAsQName(serviceName);
        endpoint.setPortNameAsQName(port);
        endpoint.setDataFormat(DataFormat.POJO);
        endpoint.setMtomEnabled(false); // MTOM is accepted inbound; answers stay plain SOAP for legacy callers
        CxfHeaderFilterStrategy headers = new CxfHeaderFilterStrategy();
        headers.setRelayHeaders(false); // never echo a caller's SOAP headers (docs/stack.md trap 2)
        // nor its HTTP headers: Camel would copy every request header (Authorization, Cookie...) into the
        // answer; CXF sets the answer's own (Content-Type) itself
        headers.setOutFilterPattern(".*");
        endpoint.setHeaderFilterStrategy(headers);
        endpoint.setProperties(new HashMap<>(Map.of(
                "faultStackTraceEnabled",
                "false",
                "exceptionMessageCauseEnabled",
                "false",
                WSDLGetUtils.AUTO_REWRITE_ADDRESS_ALL,
                "true",
                // CXF's own attachment limits, alike (soap/HttpEdge counts and refuses first, on the raw body)
                AttachmentDeserializer.ATTACHMENT_MAX_COUNT,
                Integer.toString(httpMaxAttachments),
                AttachmentDeserializer.ATTACHMENT_MAX_SIZE,
                Long.toString(httpMaxAttachmentBytes))));
        endpoint.setCxfConfigurer(new SoapEndpointSettings());
        endpoint.getInInterceptors().add(new HttpEdge(httpLimits()));
        endpoint.getInInterceptors().add(new HttpEdge.AllPartsRead());
        endpoint.getInInterceptors().add(new HttpEdge.RequestElementRequired());
        // who is calling, and may they call this operation: decided here, once, before any route runs (issue 12)
        CallerEdge edge = new CallerEdge(service.name(), callers, policy);
        endpoint.getInInterceptors().add(edge);
        endpoint.getInInterceptors().add(edge.authorization());
        endpoint.getInInterceptors().add(edge.ownIdentity());
        endpoint.getOutFaultInterceptors().add(new SoapFaultInterceptor());
        endpoint.getOutInterceptors().add(edge.forget());
        endpoint.getOutFaultInterceptors().add(edge.forget());
        endpoint.getOutInterceptors().add(new NoEchoedHeaders());
        endpoint.getOutFaultInterceptors().add(new NoEchoedHeaders());
        boot.bind(bean, endpoint);
        LOG.info("SOAP endpoint {} at {} (WSDL: {}?wsdl)", port.getLocalPart(), publicAddress, publicAddress);
    }

    /** Where the SOAP endpoints listen: gateway.http.host and gateway.https.port, over mutual TLS. */
    private String listeningOrigin() {
        return "https://" + httpHost + ":" + httpsPort;
    }

    /** Where callers reach them, as every served WSDL says: gateway.http.public-url, blank for the listening address. */
    private String publicOrigin() {
        return PublicAddress.origin(publicUrl, listeningOrigin());
    }
}
