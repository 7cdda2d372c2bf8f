package ir.meganaft.ragateway.soap;

import org.apache.camel.component.cxf.jaxws.CxfConfigurer;
import org.apache.cxf.annotations.SchemaValidation.SchemaValidationType;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.frontend.AbstractWSDLBasedEndpointFactory;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http.AbstractHTTPDestination;

/**
 * What every SOAP endpoint of the gateway sets on its CXF server.
 * <ul>
 * <li>Requests are validated against the WSDL's schema (a clear SCHEMA_INVALID fault); answers
 * are not: the gateway builds them from the generated types, and validating them cost a schema
 * validator and a StAX factory lookup per answer (a third of the SOAP CPU in the benchmark's profile).
 * <li>The HTTP destination's server policy is computed once at start. CXF computes it lazily on
 * the first request, and two first requests arriving together can see it half-set (the field and
 * its "computed" flag are read without ordering): one of them failed with a NullPointerException in
 * {@code JettyHTTPDestination.doService} (HTTP 500) in a benchmark run.
 * </ul>
 */
public final class SoapEndpointSettings implements CxfConfigurer {
    @Override
    public void configure(AbstractWSDLBasedEndpointFactory factory) {
        factory.getProperties(true).put(Message.SCHEMA_VALIDATION_ENABLED, SchemaValidationType.IN);
    }

    @Override
    public void configureServer(Server server) {
        if (server.getDestination() instanceof AbstractHTTPDestination http) {
            http.getServer(); // computes and keeps the policy now, before any request can race for it
        }
    }

    @Override
    public void configureClient(Client client) {
        // the gateway's endpoints are servers only
    }
}
