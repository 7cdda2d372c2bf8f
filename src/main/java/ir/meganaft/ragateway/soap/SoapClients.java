package ir.meganaft.ragateway.soap;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;

/** CXF client proxies for the services the gateway calls, one per address, with bounded timeouts. */
final class SoapClients<T> {
    private final Class<T> portType;
    private final Duration timeout;
    private final Map<String, T> byAddress = new ConcurrentHashMap<>();
    private final javax.net.ssl.SSLContext tls;

    SoapClients(Class<T> portType, Duration timeout) {
        this(portType, timeout, null);
    }

    /** With {@code tls}, https addresses present the gateway's certificate when the server asks for one. */
    SoapClients(Class<T> portType, Duration timeout, javax.net.ssl.SSLContext tls) {
        this.portType = portType;
        this.timeout = timeout;
        this.tls = tls;
    }

    T at(String address) {
        return byAddress.computeIfAbsent(address, this::create);
    }

    private T create(String address) {
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setServiceClass(portType);
        factory.setAddress(address);
        T port = portType.cast(factory.create());
        Client client = ClientProxy.getClient(port);
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(timeout.toMillis());
        policy.setReceiveTimeout(timeout.toMillis());
        policy.setAllowChunking(false);
        HTTPConduit conduit = (HTTPConduit) client.getConduit();
        conduit.setClient(policy);
        if (tls != null) {
            org.apache.cxf.configuration.jsse.TLSClientParameters parameters =
                    new org.apache.cxf.configuration.jsse.TLSClientParameters();
            parameters.setSslContext(tls);
            conduit.setTlsClientParameters(parameters);
        }
        return port;
    }
}
