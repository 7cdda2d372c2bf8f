package ir.meganaft.ragateway.singletons;

import ir.meganaft.ragateway.store.LeaseStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's lease as a Camel cluster view: this instance leads while it holds the lease. Its own
 * deadline is counted from just before each successful take or renewal was sent, on this process's
 * monotonic clock: the database set the expiry later than that, so this instance always stops
 * believing it leads before another can take the lease.
 */
final class LeaseView extends AbstractCamelClusterView {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseView.class);

    private final LeaseStore leases;
    private final String instanceId;
    private final Duration lease;
    private final Duration renewal;
    private final ScheduledExecutorService renewals;
    private final ScheduledExecutorService expiries;
    private final Member local = new Member();
    private Optional<LeaseStore.Lease> held = Optional.empty(); // guarded by this
    private long deadlineNanos; // guarded by this
    private ScheduledFuture<?> renewing;
    private ScheduledFuture<?> expiry; // guarded by this
    private boolean waitingLogged; // touched by the renewal thread only

    LeaseView(
            LeaseClusterService service,
            String job,
            LeaseStore leases,
            String instanceId,
            Duration lease,
            Duration renewal,
            ScheduledExecutorService renewals,
            ScheduledExecutorService expiries) {
        super(service, job);
        this.leases = leases;
        this.instanceId = instanceId;
        this.lease = lease;
        this.renewal = renewal;
        this.renewals = renewals;
        this.expiries = expiries;
    }

    synchronized Optional<LeaseStore.Lease> held() {
        return held.filter(l -> System.nanoTime() - deadlineNanos < 0);
    }

    @Override
    protected void doStart() {
        takeOrRenew(); // at once: a lone instance leads as it starts
        renewing = renewals.scheduleWithFixedDelay(
                this::takeOrRenew, renewal.toMillis(), renewal.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (renewing != null) {
            renewing.cancel(false);
        }
        Optional<LeaseStore.Lease> mine = held();
        lose("this instance stops");
        mine.ifPresent(l -> {
            try {
                leases.release(l);
                LOG.info("Released the lease on {} (fencing {})", getNamespace(), l.fencing());
            } catch (RuntimeException e) {
                LOG.warn("Could not release the lease on {}; it expires by itself: {}", getNamespace(), e.getMessage());
            }
        });
    }

    private void takeOrRenew() {
        long sent = System.nanoTime();
        Optional<LeaseStore.Lease> taken;
        try {
            taken = leases.take(getNamespace(), instanceId, lease);
        } catch (RuntimeException e) {
            LOG.warn("Could not take or renew the lease on {}: {}", getNamespace(), e.getMessage());
            return; // the expiry task ends leadership if this lasts
        }
        if (taken.isEmpty()) {
            if (leading()) {
                lose("another instance holds the lease");
            } else if (!waitingLogged) {
                waitingLogged = true;
                LOG.info(
                        "{} runs on another instance ({}); this one takes over if that lease expires",
                        getNamespace(),
                        leases.holderOf(getNamespace())
                                .map(LeaseStore.Lease::holder)
                                .orElse("just released"));
            }
            return;
        }
        waitingLogged = false;
        boolean gained;
        synchronized (this) {
            gained = held.isEmpty() || held.get().fencing() != taken.get().fencing();
            held = taken;
            deadlineNanos = sent + lease.toNanos();
            if (expiry != null) {
                expiry.cancel(false);
            }
            expiry = expiries.schedule(() -> expire(sent), lease.toNanos(), TimeUnit.NANOSECONDS);
        }
        if (gained) {
            LOG.info(
                    "This instance now runs {} (lease fencing {})",
                    getNamespace(),
                    taken.get().fencing());
            fireLeadershipChangedEvent(local);
        }
    }

    private synchronized boolean leading() {
        return held.isPresent();
    }

    private void expire(long sentAt) {
        synchronized (this) {
            if (held.isEmpty() || deadlineNanos != sentAt + lease.toNanos()) {
                return; // renewed meanwhile
            }
        }
        lose("its lease expired before it could be renewed");
    }

    private void lose(String why) {
        synchronized (this) {
            if (held.isEmpty()) {
                return;
            }
            held = Optional.empty();
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
        }
        if (why.equals("this instance stops")) {
            LOG.info("This instance no longer runs {}: {}", getNamespace(), why); // a graceful stop is no warning
        } else {
            LOG.warn("This instance no longer runs {}: {}", getNamespace(), why);
        }
        fireLeadershipChangedEvent(Optional.empty());
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        return held().isPresent() ? Optional.of(local) : Optional.empty();
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return local;
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        return List.of(local);
    }

    private final class Member implements CamelClusterMember {
        @Override
        public boolean isLeader() {
            return held().isPresent();
        }

        @Override
        public boolean isLocal() {
            return true;
        }

        @Override
        public String getId() {
            return instanceId;
        }
    }
}
