package ir.meganaft.ragateway.store;

import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Leases on singleton jobs, one row each in {@code singleton_lease}: the holder, an expiry on the
 * database's clock, and a fencing number that grows each time the lease changes hands. Taking and
 * renewing are one conditional UPDATE (or the INSERT of the first use, which the primary key lets
 * only one instance make), so two instances never both hold a lease: the row's lock orders them,
 * and the second finds the first's unexpired lease.
 */
public final class LeaseStore {
    /** A lease as its holder took it: the fencing number stays the same while it renews. */
    public record Lease(String job, String holder, long fencing) {}

    private final Jdbi jdbi;
    private final int timeoutSeconds;

    /** @param timeoutSeconds how long one lease statement may take: a holder must know in time that it failed */
    public LeaseStore(Database database, int timeoutSeconds) {
        this.jdbi = database.jdbi();
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * Takes the lease on {@code job} for {@code holder}, or renews it if the holder has it: either
     * way it then runs {@code duration} from now on the database's clock. Empty while another holder's
     * lease has not expired. A holder whose own lease expired takes it again with a new fencing number.
     */
    public Optional<Lease> take(String job, String holder, Duration duration) {
        String until = "current_timestamp + interval '" + Math.max(1, duration.toSeconds()) + "' second";
        int updated = jdbi.withHandle(h -> h.createUpdate("update singleton_lease set"
                        + " fencing = case when holder = :holder and expires_at > current_timestamp then fencing else fencing + 1 end,"
                        + " holder = :holder, expires_at = " + until
                        + " where job = :job and (holder = :holder or expires_at <= current_timestamp)")
                .bind("job", job)
                .bind("holder", holder)
                .setQueryTimeout(timeoutSeconds)
                .execute());
        if (updated == 0) {
            try {
                jdbi.useHandle(h -> h.createUpdate("insert into singleton_lease (job, holder, expires_at, fencing)"
                                + " select :job, :holder, " + until
                                + ", 1 where not exists (select 1 from singleton_lease where job = :job)")
                        .bind("job", job)
                        .bind("holder", holder)
                        .setQueryTimeout(timeoutSeconds)
                        .execute());
            } catch (UnableToExecuteStatementException e) {
                return Optional.empty(); // another instance inserted it first: it holds the lease
            }
        }
        return held(job, holder);
    }

    /** The lease if {@code holder} holds it unexpired now. */
    public Optional<Lease> held(String job, String holder) {
        return jdbi.withHandle(h -> h.createQuery("select fencing from singleton_lease"
                        + " where job = :job and holder = :holder and expires_at > current_timestamp")
                .bind("job", job)
                .bind("holder", holder)
                .setQueryTimeout(timeoutSeconds)
                .mapTo(Long.class)
                .findOne()
                .map(fencing -> new Lease(job, holder, fencing)));
    }

    /** Who holds {@code job} now, unexpired, if anyone. */
    public Optional<Lease> holderOf(String job) {
        return jdbi.withHandle(h -> h.createQuery("select holder, fencing from singleton_lease"
                        + " where job = :job and expires_at > current_timestamp")
                .bind("job", job)
                .setQueryTimeout(timeoutSeconds)
                .map((rs, ctx) -> new Lease(job, rs.getString("holder"), rs.getLong("fencing")))
                .findOne());
    }

    /** Gives the lease up at once (a graceful stop), so another instance takes it at its next attempt. */
    public void release(Lease lease) {
        jdbi.useHandle(h -> h.createUpdate("update singleton_lease set expires_at = current_timestamp"
                        + " where job = :job and holder = :holder and fencing = :fencing")
                .bind("job", lease.job())
                .bind("holder", lease.holder())
                .bind("fencing", lease.fencing())
                .setQueryTimeout(timeoutSeconds)
                .execute());
    }

    /**
     * Inside the caller's transaction: locks the lease's row and fails unless {@code lease} is still
     * held, unexpired, with its fencing number. Whatever the transaction writes then commits under the
     * lease, and no new holder can take it before the commit (it waits for the row).
     */
    public static void checkStillHeld(Handle h, Lease lease) {
        boolean held = h.createQuery("select fencing from singleton_lease where job = :job and holder = :holder"
                        + " and fencing = :fencing and expires_at > current_timestamp for update")
                .bind("job", lease.job())
                .bind("holder", lease.holder())
                .bind("fencing", lease.fencing())
                .mapTo(Long.class)
                .findOne()
                .isPresent();
        if (!held) {
            throw new LeaseLostException("The lease on " + lease.job() + " (fencing " + lease.fencing()
                    + ") is no longer held by " + lease.holder());
        }
    }

    /** The lease was lost (expired or taken over) before the work done under it could commit. */
    public static final class LeaseLostException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public LeaseLostException(String message) {
            super(message);
        }
    }
}
