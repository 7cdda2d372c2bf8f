package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.errors.LogSafe;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngine;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * The HTTP server under every SOAP port and /pki, as far as the gateway sets it (issue 13): no
 * {@code Server} header (Jetty's version), a bounded request line and header block, an idle timeout
 * per connection, a bounded worker pool and a bound on open connections.
 * <p>
 * CXF reads a request body with blocking servlet reads, so a client that sent headers and half a
 * body would hold a worker for as long as it takes to send the rest. Every request therefore passes
 * {@link BodiesFirst} before CXF: a body of up to {@code gateway.http.eager-read-bytes} is read
 * asynchronously (Jetty's {@link EagerContentHandler}), and a worker is taken only once it is all
 * there. A slow sender costs a connection and that much memory, not a worker; the connection limit
 * bounds the first, and {@code gateway.http.max-read-ms} bounds how long any body may take to
 * arrive ({@link ReadDeadline}), however it trickles. Only a body larger than the eager read holds
 * a worker while it arrives, for at most that long.
 * <p>
 * {@link #configure} runs before the first endpoint on the port is published (the engine is shared
 * by every CXF bus in the JVM).
 */
public final class HttpServerEdge {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpServerEdge.class);

    private HttpServerEdge() {
    }

    /** The gateway's HTTP limits, from gateway.http.* settings. */
    public record Limits(long maxRequestBytes, int maxHeaderBytes, long idleTimeoutMs, int minThreads, int maxThreads,
            int maxConnections, int maxAttachments, long maxAttachmentBytes, long maxReadMs, int eagerReadBytes) {
    }

    /**
     * Gives the CXF Jetty engine for host:port a server and connector built here; call before
     * anything is published on the port. CXF adopts a connector's server when it is given one
     * (JettyHTTPServerEngine.createServer), adds its handlers and starts it on the first endpoint.
     */
    public static void configure(JettyHTTPServerEngine engine, String host, int port, Limits limits) {
        org.eclipse.jetty.util.thread.QueuedThreadPool threads = new org.eclipse.jetty.util.thread.QueuedThreadPool(
                limits.maxThreads(), limits.minThreads());
        threads.setName("gateway-http");
        Server server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setRequestHeaderSize(limits.maxHeaderBytes());
        config.setIdleTimeout(limits.idleTimeoutMs());
        org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(server,
                new HttpConnectionFactory(config));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeoutMs());
        connector.setReuseAddress(true);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        server.setHandler(new BodiesFirst(limits.maxReadMs(), limits.eagerReadBytes()));
        engine.setSendServerVersion(false);
        engine.setMaxIdleTime((int) limits.idleTimeoutMs());
        engine.setConnector(connector);
    }

    /**
     * The server's handler, which CXF's contexts go into: CXF adds them to a server's existing
     * {@link Handler.Collection} (JettyHTTPServerEngine.addServant) rather than replacing it, and a
     * started server's handler cannot be replaced. A context collection, so that each request reaches
     * the context of its path; before that, every request passes the read deadline and then the eager
     * read.
     */
    static final class BodiesFirst extends org.eclipse.jetty.server.handler.ContextHandlerCollection {
        private final Handler front;

        BodiesFirst(long maxReadMs, int eagerReadBytes) {
            Handler theRest = new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) throws Exception {
                    return BodiesFirst.super.handle(request, response, callback);
                }
            };
            // retains at most eagerReadBytes of a body and never refuses one: a larger body goes on with a worker
            front = new ReadDeadline(new EagerContentHandler(theRest,
                    new EagerContentHandler.RetainedContentLoaderFactory(eagerReadBytes, -1, false)), maxReadMs);
            addBean(front, true);
        }

        @Override
        public void setServer(Server server) {
            super.setServer(server);
            front.setServer(server);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            return front.handle(request, response, callback);
        }
    }

    /**
     * A request's whole body must arrive within {@code gateway.http.max-read-ms} of its headers, however
     * it trickles: the idle timeout alone lets a client send a byte just before each timeout for ever.
     * Past the deadline every further read of the body fails (a reader waiting for bytes is woken), the
     * request is answered with REQUEST_TIMEOUT (HTTP 408) and Jetty closes the connection, which still
     * holds unread body.
     * <p>
     * A body that stalls for {@code gateway.http.idle-timeout-ms} ends the same way. Jetty reports that
     * to a reader as a transient failure, which a reader may ignore and read on; the eager read
     * ({@link EagerContentHandler}) does, and would wait for the deadline. Here it is final.
     */
    static final class ReadDeadline extends Handler.Wrapper {
        private final long maxReadMs;

        ReadDeadline(Handler next, long maxReadMs) {
            super(next);
            this.maxReadMs = maxReadMs;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            boolean hasBody = request.getLength() > 0 || request.getHeaders().contains(org.eclipse.jetty.http.HttpHeader.TRANSFER_ENCODING);
            if (!hasBody) {
                return super.handle(request, response, callback);
            }
            TimedRequest timed = new TimedRequest(request, maxReadMs);
            if (maxReadMs <= 0) {
                return super.handle(timed, response, callback);
            }
            long sinceHeadersMs = org.eclipse.jetty.util.NanoTime.millisSince(request.getHeadersNanoTime());
            org.eclipse.jetty.util.thread.Scheduler.Task expiry = request.getComponents().getScheduler().schedule(timed::expire,
                    Math.max(0, maxReadMs - sinceHeadersMs), java.util.concurrent.TimeUnit.MILLISECONDS);
            return super.handle(timed, response, Callback.from(callback, expiry::cancel));
        }
    }

    /** A request whose body reads fail for good once its deadline has passed, or once it stalled, before its end. */
    private static final class TimedRequest extends Request.Wrapper {
        private final long maxReadMs;
        private volatile boolean ended;
        private volatile Content.Chunk failure;
        /** The reader's pending demand, run at most once: by Jetty when bytes arrive, or by the deadline. */
        private final java.util.concurrent.atomic.AtomicReference<Runnable> pending = new java.util.concurrent.atomic.AtomicReference<>();

        TimedRequest(Request request, long maxReadMs) {
            super(request);
            this.maxReadMs = maxReadMs;
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk failed = failure;
            if (failed != null) {
                return failed;
            }
            Content.Chunk chunk = super.read();
            if (chunk != null && Content.Chunk.isFailure(chunk, false)) {
                // Jetty's idle timeout while the body is awaited: final here, with the gateway's code
                Throwable cause = chunk.getFailure();
                failure = cause instanceof java.util.concurrent.TimeoutException ? timedOut("Nothing more of the request "
                        + "body arrived for the idle timeout") : Content.Chunk.from(cause, true);
                return failure;
            }
            if (chunk != null && chunk.isLast()) {
                ended = true;
            }
            return chunk;
        }

        @Override
        public void demand(Runnable demandCallback) {
            if (failure != null) {
                demandCallback.run();
                return;
            }
            java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
            Runnable once = Invocable.from(Invocable.getInvocationType(demandCallback), () -> {
                if (ran.compareAndSet(false, true)) {
                    demandCallback.run();
                }
            });
            pending.set(once);
            super.demand(once);
            if (failure != null) { // the deadline passed while the demand was being registered
                once.run();
            }
        }

        void expire() {
            if (ended || failure != null) {
                return;
            }
            failure = timedOut("The request body did not arrive within " + maxReadMs + " ms");
            Runnable waiting = pending.getAndSet(null);
            if (waiting != null) {
                waiting.run();
            }
        }

        /** A last chunk failing with REQUEST_TIMEOUT: the servlet layer hands its cause to CXF as an IOException. */
        private static Content.Chunk timedOut(String message) {
            return Content.Chunk.from(new java.io.IOException(new ir.meganaft.ragateway.errors.GatewayException(
                    ir.meganaft.ragateway.errors.FaultCode.REQUEST_TIMEOUT, message)), true);
        }
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
        public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                org.eclipse.jetty.util.Callback callback) {
            Object cause = request.getAttribute(ERROR_EXCEPTION);
            int status = response.getStatus();
            String code;
            String message;
            if (cause instanceof Throwable t && (t instanceof java.nio.charset.UnsupportedCharsetException
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
            LOG.warn("Refused with {} (HTTP {}) before the SOAP layer: {}", code, status,
                    cause instanceof Throwable t ? LogSafe.excerpt(t.getClass().getSimpleName()) : "");
            String body = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault>"
                    + "<faultcode>soap:" + (code.equals("INTERNAL_ERROR") ? "Server" : "Client") + "</faultcode><faultstring>"
                    + message + "</faultstring><detail><t:GatewayFault xmlns:t=\"" + SoapFaultInterceptor.TYPES_NS + "\"><t:code>"
                    + code + "</t:code><t:message>" + message + "</t:message></t:GatewayFault></detail></soap:Fault></soap:Body>"
                    + "</soap:Envelope>";
            response.setStatus(status);
            response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE, "text/xml; charset=UTF-8");
            response.write(true, java.nio.ByteBuffer.wrap(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)), callback);
            return true;
        }
    }
}
