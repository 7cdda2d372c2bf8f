package ir.meganaft.ragateway.singletons;

import ir.meganaft.ragateway.store.LeaseStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's cluster service on database leases: one view per job (the namespace), whose leader is
 * the instance holding the job's lease. Each view takes its lease as it starts, so a lone instance
 * leads every job at once, and renews it every renewal period; an instance that does not hold it
 * tries to take it at the same pace. A holder that could not renew gives leadership up before its
 * lease can expire, and a graceful stop releases the lease, so a survivor takes it at its next try.
 *
 * <p>A job moves to a survivor at most {@code lease + renewal} after its holder died: the lease
 * runs out at most {@code lease} after the last renewal, and the survivor tries every {@code renewal}.
 */
public final class LeaseClusterService extends AbstractCamelClusterService<LeaseView> {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseClusterService.class);

    private final LeaseStore leases;
    private final String instanceId;
    private final Duration lease;
    private final Duration renewal;
    private final ScheduledExecutorService renewals =
            Executors.newSingleThreadScheduledExecutor(daemon("singleton-leases"));
    private final ScheduledExecutorService expiries =
            Executors.newSingleThreadScheduledExecutor(daemon("singleton-expiries"));

    public LeaseClusterService(LeaseStore leases, String instanceId, Duration lease, Duration renewal) {
        super("database-leases");
        if (renewal.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("gateway.singletons.renew-seconds (" + renewal.toSeconds()
                    + ") must be shorter than gateway.singletons.lease-seconds (" + lease.toSeconds() + ")");
        }
        this.leases = leases;
        this.instanceId = instanceId;
        this.lease = lease;
        this.renewal = renewal;
        LOG.info(
                "Singleton jobs: this instance is {}; leases of {} s renewed every {} s, so a job moves to a survivor"
                        + " within {} s",
                instanceId,
                lease.toSeconds(),
                renewal.toSeconds(),
                lease.plus(renewal).toSeconds());
    }

    /** This instance's name in the leases: host, process id and a random part (a restarted process is a new holder). */
    public static String newInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return host + "/" + ProcessHandle.current().pid() + "/" + HexFormat.of().formatHex(random);
    }

    public String instanceId() {
        return instanceId;
    }

    /** The lease this instance holds on {@code job} now, as far as it knows (empty if it does not lead it). */
    public Optional<LeaseStore.Lease> held(String job) {
        try {
            return getView(job).unwrap(LeaseView.class).held();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    @Override
    protected LeaseView createView(String job) {
        return new LeaseView(this, job, leases, instanceId, lease, renewal, renewals, expiries);
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        renewals.shutdownNow();
        expiries.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
