package ir.meganaft.ragateway.store;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * The few aggregate reads behind health and metrics (issue 16): cheap, indexed, and run on the
 * management's schedule, never once per scrape.
 */
public final class OperationsStore {
    private final Jdbi jdbi;

    /** Outbox entries whose delivery failed at least once, by receiver: the caller system for callbacks. */
    public record FailingDeliveries(String channel, String receiver, String status, long entries) {}

    public OperationsStore(Database database) {
        this.jdbi = database.jdbi();
    }

    /** A round trip to the database; throws when it does not answer. */
    public void ping() {
        jdbi.useHandle(h -> h.createQuery("select 1").mapTo(Integer.class).one());
    }

    /** How many requests are in each state (states with none are absent). Uses the state index. */
    public Map<String, Long> requestsByState() {
        return jdbi.withHandle(h -> h.createQuery("select state, count(*) as n from cert_request group by state")
                .reduceRows(new TreeMap<String, Long>(), (map, row) -> {
                    map.put(row.getColumn("state", String.class), row.getColumn("n", Long.class));
                    return map;
                }));
    }

    /** Callbacks and CPMIS calls waiting to be delivered (PENDING, QUEUED, RETRYING), per channel. */
    public Map<String, Long> outboxBacklog() {
        return jdbi.withHandle(h -> h.createQuery("""
                select channel, count(*) as n from outbox where status in ('PENDING', 'QUEUED', 'RETRYING') group by channel
                """).reduceRows(new TreeMap<String, Long>(), (map, row) -> {
            map.put(row.getColumn("channel", String.class), row.getColumn("n", Long.class));
            return map;
        }));
    }

    /**
     * Entries being retried or given up (RETRYING, DEAD), per channel and receiver: the caller system
     * a callback goes to, or {@code cpmis}.
     */
    public List<FailingDeliveries> failingDeliveries() {
        return jdbi.withHandle(h -> h.createQuery("""
                select o.channel, case when o.channel = 'CPMIS' then 'cpmis' else r.caller_system_id end as receiver,
                       o.status, count(*) as n
                from outbox o join cert_request r on r.id = o.request_id
                where o.status in ('RETRYING', 'DEAD')
                group by o.channel, case when o.channel = 'CPMIS' then 'cpmis' else r.caller_system_id end, o.status
                """)
                .map((rs, ctx) -> new FailingDeliveries(
                        rs.getString("channel"), rs.getString("receiver"), rs.getString("status"), rs.getLong("n")))
                .list());
    }
}
