package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.errors.LogSafe;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngine;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;

/**
 * The HTTP server under every SOAP port and /pki, as far as the gateway sets it (issue 13): no
 * {@code Server} header (Jetty's version), a bounded request line and header block, an idle timeout
 * per connection, a bounded worker pool and a bound on open connections.
 * <p>
 * CXF reads a request body with blocking servlet reads, so a client that sent headers and half a
 * body would hold a worker for as long as it takes to send the rest. Every request therefore passes
 * {@link BodiesFirst} before CXF; before that, the TLS handshake and the request's head must arrive
 * within {@code gateway.http.max-head-ms} ({@link HeadDeadline}); a body of up to {@code gateway.http.eager-read-bytes} is read
 * asynchronously, and a worker is taken only once it is all there; a larger body takes a worker as
 * its rest arrives, and at most {@code gateway.http.max-large-bodies} do so at once; and no body may
 * take longer than {@code gateway.http.max-read-ms} to arrive, however it trickles.
 * <p>
 * {@link #configure} runs before the first endpoint on the port is published (the engine is shared
 * by every CXF bus in the JVM).
 */
public final class HttpServerEdge {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpServerEdge.class);

    private HttpServerEdge() {}

    /** The gateway's HTTP limits, from gateway.http.* settings. */
    public record Limits(
            long maxRequestBytes,
            int maxHeaderBytes,
            long idleTimeoutMs,
            int minThreads,
            int maxThreads,
            int maxConnections,
            int maxAttachments,
            long maxAttachmentBytes,
            long maxReadMs,
            long maxHeadMs,
            int eagerReadBytes,
            LargeBodies largeBodies) {}

    /**
     * How many requests whose bodies are larger than the eager read (or of unknown length) may be on
     * workers at once; further ones wait, holding no worker, up to {@code maxWaiting} of them for at
     * most {@code maxWaitMs}, and beyond that are refused with GATEWAY_BUSY (HTTP 503).
     */
    public record LargeBodies(int maxAtOnce, int maxWaiting, long maxWaitMs) {}

    /**
     * Gives the CXF Jetty engine for host:port a server and connector built here; call before
     * anything is published on the port. CXF adopts a connector's server when it is given one
     * (JettyHTTPServerEngine.createServer), adds its handlers and starts it on the first endpoint.
     */
    public static void configure(JettyHTTPServerEngine engine, String host, int port, Limits limits) {
        configure(engine, host, port, limits, null);
    }

    /**
     * As {@link #configure(JettyHTTPServerEngine, String, int, Limits)}, over TLS when {@code tls} is
     * given (issue 12): TLS 1.2 and 1.3 only, a client certificate required (no certificate, no
     * handshake), and the presented chain handed to CXF (TLSSessionInfo) for {@link CallerEdge}.
     * The engine must have been created for "https".
     */
    public static void configure(
            JettyHTTPServerEngine engine, String host, int port, Limits limits, javax.net.ssl.SSLContext tls) {
        org.eclipse.jetty.util.thread.QueuedThreadPool threads =
                new org.eclipse.jetty.util.thread.QueuedThreadPool(limits.maxThreads(), limits.minThreads());
        threads.setName(tls == null ? "gateway-http" : "gateway-https");
        Server server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setRequestHeaderSize(limits.maxHeaderBytes());
        config.setIdleTimeout(limits.idleTimeoutMs());
        org.eclipse.jetty.server.ServerConnector connector;
        if (tls == null) {
            connector = new org.eclipse.jetty.server.ServerConnector(server, new HttpConnectionFactory(config));
        } else {
            org.eclipse.jetty.server.SecureRequestCustomizer secure =
                    new org.eclipse.jetty.server.SecureRequestCustomizer();
            // callers reach the gateway by whatever name their network gives it (a load balancer, an IP address)
            secure.setSniHostCheck(false);
            secure.setSniRequired(false);
            config.addCustomizer(secure);
            org.eclipse.jetty.util.ssl.SslContextFactory.Server factory =
                    new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
            factory.setSslContext(tls);
            factory.setIncludeProtocols(ir.meganaft.ragateway.security.TlsContexts.PROTOCOLS);
            factory.setNeedClientAuth(true);
            factory.setSniRequired(false);
            connector =
                    new org.eclipse.jetty.server.ServerConnector(server, factory, new HttpConnectionFactory(config));
        }
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeoutMs());
        connector.setReuseAddress(true);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        server.addBean(new HeadDeadline(connector, limits.maxHeadMs()), true);
        server.setHandler(new BodiesFirst(limits.maxReadMs(), limits.eagerReadBytes(), limits.largeBodies()));
        engine.setSendServerVersion(false);
        engine.setMaxIdleTime((int) limits.idleTimeoutMs());
        engine.setConnector(connector);
    }

    /** Replaces CXF's error handler, which it sets as it builds the server on the first endpoint. */
    public static void answerErrorsAsFaults(JettyHTTPServerEngine engine) {
        engine.getServer().setErrorHandler(new PlainErrors());
    }

    /**
     * What Jetty answers itself, for requests that never reach CXF (a bad chunk, a header block that
     * is too large) or that fail in the servlet layer before it (an unknown charset): a SOAP 1.1
     * client fault with a stable code instead of Jetty's HTML page, which names exception classes.
     */
    static final class PlainErrors extends org.eclipse.jetty.server.handler.ErrorHandler {
        @Override
        public boolean handle(
                org.eclipse.jetty.server.Request request,
                org.eclipse.jetty.server.Response response,
                org.eclipse.jetty.util.Callback callback) {
            Object cause = request.getAttribute(ERROR_EXCEPTION);
            int status = response.getStatus();
            String code;
            String message;
            if (cause instanceof Throwable t
                    && (t instanceof java.nio.charset.UnsupportedCharsetException
                            || t.getCause() instanceof java.nio.charset.UnsupportedCharsetException
                            || t instanceof java.nio.charset.IllegalCharsetNameException)) {
                status = 415;
                code = "UNSUPPORTED_MEDIA_TYPE";
                message = "The charset must be UTF-8 or UTF-16";
            } else if (status == 408) {
                code = "REQUEST_TIMEOUT";
                message = "The request did not arrive in time";
            } else if (status == 413 || status == 414 || status == 431) {
                code = "REQUEST_TOO_LARGE";
                message = "The request line, a header or the body is larger than the gateway accepts";
            } else if (status == 503) {
                code = "GATEWAY_BUSY";
                message = "The gateway is busy with other large requests; send the request again later";
                response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.RETRY_AFTER, "10");
            } else if (status == 405) {
                code = "METHOD_NOT_ALLOWED";
                message = "Only POST is accepted here (and GET with ?wsdl)";
            } else if (status >= 400 && status < 500) {
                code = "MALFORMED_XML";
                message = "The request is not well-formed HTTP";
            } else {
                code = "INTERNAL_ERROR";
                message = "The gateway could not process the request";
            }
            LOG.warn(
                    "Refused with {} (HTTP {}) before the SOAP layer: {}",
                    code,
                    status,
                    cause instanceof Throwable t ? LogSafe.excerpt(t.getClass().getSimpleName()) : "");
            String body =
                    "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault>"
                            + "<faultcode>soap:"
                            + (code.equals("INTERNAL_ERROR") || code.equals("GATEWAY_BUSY") ? "Server" : "Client")
                            + "</faultcode><faultstring>"
                            + message + "</faultstring><detail><t:GatewayFault xmlns:t=\""
                            + SoapFaultInterceptor.TYPES_NS + "\"><t:code>"
                            + code + "</t:code><t:message>" + message
                            + "</t:message></t:GatewayFault></detail></soap:Fault></soap:Body>"
                            + "</soap:Envelope>";
            response.setStatus(status);
            response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE, "text/xml; charset=UTF-8");
            response.write(
                    true, java.nio.ByteBuffer.wrap(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)), callback);
            return true;
        }
    }
}
