package ir.meganaft.ragateway.messaging;

import ir.meganaft.ragateway.keys.HsmHealth;
import ir.meganaft.ragateway.keys.HsmUnavailableException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses a route's consumer when an exchange found the HSM unavailable, and resumes it once a test
 * signature succeeds (tried every probe interval). The exchange itself was handled (its request put
 * back on the queue as a fresh message: routes/issuance.camel.yaml), so nothing is rolled back and no
 * delivery is counted against a message while the HSM is away, however long: approved requests wait
 * on the queue, never in the dead letters (issue 11). Messages a pausing consumer still receives are
 * processed, not bounced ({@code acceptMessagesWhileStopping}), and put back the same way.
 */
public final class PauseWhileHsmDown extends RoutePolicySupport {
    private static final Logger LOG = LoggerFactory.getLogger(PauseWhileHsmDown.class);

    private final HsmHealth hsm;
    private final long probeMillis;
    private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hsm-probe");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> probing; // guarded by this

    public PauseWhileHsmDown(HsmHealth hsm, long probeMillis) {
        this.hsm = hsm;
        this.probeMillis = probeMillis;
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        if (foundHsmDown(exchange)) {
            pause(route);
        }
    }

    private static boolean foundHsmDown(Exchange exchange) {
        return exchange.getException(HsmUnavailableException.class) != null
                || causedBy(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    private static boolean causedBy(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HsmUnavailableException) {
                return true;
            }
        }
        return false;
    }

    private synchronized void pause(Route route) {
        if (probing != null) {
            return;
        }
        try {
            suspendOrStopConsumer(route.getConsumer());
        } catch (Exception e) {
            handleException(e);
        }
        LOG.warn(
                "Route {} paused: the HSM cannot sign. Its requests wait on the queue; a test signature is tried every {} ms",
                route.getRouteId(),
                probeMillis);
        probing = probes.scheduleWithFixedDelay(
                () -> resumeWhenSigning(route), probeMillis, probeMillis, TimeUnit.MILLISECONDS);
    }

    private void resumeWhenSigning(Route route) {
        try {
            if (!hsm.probe()) {
                return;
            }
            synchronized (this) {
                resumeOrStartConsumer(route.getConsumer());
                probing.cancel(false);
                probing = null;
            }
            LOG.warn("Route {} resumed: the HSM signs again", route.getRouteId());
        } catch (Exception e) {
            LOG.warn("Route {} could not be resumed yet: {}", route.getRouteId(), e.getMessage());
        }
    }

    @Override
    protected void doStop() {
        probes.shutdownNow();
    }
}
