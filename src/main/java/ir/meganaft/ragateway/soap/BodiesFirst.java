package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * What every request on the gateway's HTTP port passes before CXF sees it (issue 13): the read
 * deadline ({@link ReadDeadline}), then Jetty's {@link EagerContentHandler}, which reads a body of up
 * to {@code gateway.http.eager-read-bytes} without a worker thread and takes one only once the body
 * is all there. CXF reads bodies with blocking servlet reads: without this, a client that sent
 * headers and half a body would hold a worker until it sent the rest. With it, a slow sender of
 * such a body costs a connection and at most that much memory; a larger body takes a worker once
 * that much has arrived, and holds it for at most {@code gateway.http.max-read-ms}. So that slow
 * senders of large bodies cannot take every worker either, Jetty's {@link QoSHandler} lets at most
 * {@code gateway.http.max-large-bodies} of them on workers at once: the others wait without a
 * worker (at most {@code max-waiting-large-bodies}, for at most {@code max-wait-ms}), and beyond
 * that are answered GATEWAY_BUSY (HTTP 503, through {@link HttpServerEdge}'s error handler). Small
 * bodies never wait there. A chunked body's length is unknown when the gate is reached, so it
 * counts as large.
 * <p>
 * It is the server's handler (soap/HttpServerEdge), and CXF's contexts go into it: CXF adds them to
 * a server's existing {@link Handler.Collection} (JettyHTTPServerEngine.addServant) rather than
 * replacing it, and a started server's handler cannot be replaced. A context collection, so that
 * each request reaches the context of its path.
 */
public final class BodiesFirst extends ContextHandlerCollection {
    private final Handler front;

    public BodiesFirst(long maxReadMs, int eagerReadBytes, HttpServerEdge.LargeBodies largeBodies) {
        Handler theRest = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                return BodiesFirst.super.handle(request, response, callback);
            }
        };
        QoSHandler largeBodyGate = new QoSHandler(theRest);
        largeBodyGate.setMaxRequestCount(largeBodies.maxAtOnce());
        largeBodyGate.setMaxSuspendedRequestCount(largeBodies.maxWaiting());
        largeBodyGate.setMaxSuspend(java.time.Duration.ofMillis(largeBodies.maxWaitMs()));
        largeBodyGate.include(request -> request.getLength() > eagerReadBytes
                || (request.getLength() < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)));
        // retains at most eagerReadBytes of a body and never refuses one: a larger body goes on with a
        // worker, through the gate
        front = new ReadDeadline(
                new EagerContentHandler(
                        largeBodyGate, new EagerContentHandler.RetainedContentLoaderFactory(eagerReadBytes, -1, false)),
                maxReadMs);
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
            boolean hasBody = request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
            if (!hasBody) {
                return super.handle(request, response, callback);
            }
            TimedRequest timed = new TimedRequest(request, maxReadMs);
            if (maxReadMs <= 0) {
                return super.handle(timed, response, callback);
            }
            long sinceHeadersMs = NanoTime.millisSince(request.getHeadersNanoTime());
            Scheduler.Task expiry = request.getComponents()
                    .getScheduler()
                    .schedule(timed::expire, Math.max(0, maxReadMs - sinceHeadersMs), TimeUnit.MILLISECONDS);
            return super.handle(timed, response, Callback.from(callback, expiry::cancel));
        }
    }

    /** A request whose body reads fail for good once its deadline has passed, or once it stalled, before its end. */
    private static final class TimedRequest extends Request.Wrapper {
        private final long maxReadMs;
        private volatile boolean ended;
        private volatile Content.Chunk failure;
        /** The reader's pending demand, run at most once: by Jetty when bytes arrive, or by the deadline. */
        private final AtomicReference<Runnable> pending = new AtomicReference<>();

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
                failure = cause instanceof TimeoutException
                        ? timedOut("Nothing more of the request " + "body arrived for the idle timeout")
                        : Content.Chunk.from(cause, true);
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
            AtomicBoolean ran = new AtomicBoolean();
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
            return Content.Chunk.from(new IOException(new GatewayException(FaultCode.REQUEST_TIMEOUT, message)), true);
        }
    }
}
