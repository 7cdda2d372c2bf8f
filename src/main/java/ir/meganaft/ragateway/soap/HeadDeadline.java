package ir.meganaft.ragateway.soap;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngineResult;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The TLS handshake and a request's line and headers must arrive within
 * {@code gateway.http.max-head-ms} of their first byte (issue 13). Jetty's idle timeout restarts
 * with every byte, so without this a client sending a header byte just before each idle timeout
 * holds a connection for hours (8 KiB of headers at one byte every 29 s), and a thousand such
 * clients hold every connection the gateway accepts. The read deadline ({@link BodiesFirst}) covers
 * bodies; this covers what comes before them.
 * <p>
 * Jetty has no setting for this, so a sweep looks at the connector's open connections every
 * {@code max-head-ms / 4}: a connection found in the middle of a handshake or of a request head is
 * timed from the first sweep that saw it there, and closed once that is older than the deadline,
 * with one WARN line. A connection between requests, or reading a body, or being answered, is not
 * timed. A TLS connection that has sent nothing yet is timed too (a client opens a connection to
 * send a handshake at once). The state is read from Jetty's HTTP parser ({@code HttpConnection}, an internal class of
 * Jetty 12, read only); the deadline is therefore met to within a quarter of itself.
 */
final class HeadDeadline extends AbstractLifeCycle {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HeadDeadline.class);

    /** The cipher suite of an SSLEngine's session before its first handshake has ended (JSSE's null session). */
    private static final String NO_SESSION_YET = "SSL_NULL_WITH_NULL_NULL";

    private final AbstractConnector connector;
    private final long maxHeadMs;
    /** When a sweep first saw each connection inside a handshake or a request head. */
    private final Map<EndPoint, Long> headSince = new ConcurrentHashMap<>();

    private volatile Scheduler.Task next;

    HeadDeadline(AbstractConnector connector, long maxHeadMs) {
        this.connector = connector;
        this.maxHeadMs = maxHeadMs;
    }

    @Override
    protected void doStart() {
        if (maxHeadMs > 0) {
            schedule();
        }
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
        headSince.clear();
    }

    private void schedule() {
        next = connector.getScheduler().schedule(this::sweep, Math.max(50, maxHeadMs / 4), TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            long now = NanoTime.now();
            var open = connector.getConnectedEndPoints();
            headSince.keySet().retainAll(open);
            for (EndPoint endPoint : open) {
                if (!inHead(endPoint.getConnection())) {
                    headSince.remove(endPoint);
                    continue;
                }
                long since = headSince.computeIfAbsent(endPoint, e -> now);
                if (NanoTime.millisElapsed(since, now) >= maxHeadMs) {
                    headSince.remove(endPoint);
                    LOG.warn(
                            "Closed a connection from {}: its TLS handshake or request head did not arrive within {} ms",
                            endPoint.getRemoteSocketAddress(),
                            maxHeadMs);
                    endPoint.close();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("The request-head deadline sweep failed: {}", e.toString());
        } finally {
            if (isRunning()) {
                schedule();
            }
        }
    }

    /** True while a TLS handshake, or a request's line and headers, have begun and not ended. */
    private static boolean inHead(Connection connection) {
        if (connection instanceof SslConnection tls) {
            javax.net.ssl.SSLEngine engine = tls.getSSLEngine();
            SSLEngineResult.HandshakeStatus handshake = engine.getHandshakeStatus();
            // before its first handshake an engine reports NOT_HANDSHAKING and has the null session
            if ((handshake != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                            && handshake != SSLEngineResult.HandshakeStatus.FINISHED)
                    || NO_SESSION_YET.equals(engine.getSession().getCipherSuite())) {
                return true;
            }
            connection = tls.getSslEndPoint().getConnection();
        }
        return connection instanceof HttpConnection http
                && !http.getParser().isStart()
                && http.getParser().inHeaderState();
    }
}
