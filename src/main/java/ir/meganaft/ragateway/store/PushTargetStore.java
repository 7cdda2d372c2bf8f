package ir.meganaft.ragateway.store;

import ir.meganaft.ragateway.crl.CrlRecord;
import ir.meganaft.ragateway.crl.PushTarget;
import ir.meganaft.ragateway.crl.PushTargets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** CRL push targets and their progress. */
public final class PushTargetStore implements PushTargets {
    private final Jdbi jdbi;

    public PushTargetStore(Database database) {
        this.jdbi = database.jdbi();
    }

    @Override
    public void configure(Map<String, String> uriByName) {
        jdbi.useTransaction(h -> uriByName.forEach((name, uri) -> {
            int updated = h.createUpdate("update crl_push_target set uri = :uri where name = :name")
                    .bind("uri", uri)
                    .bind("name", name)
                    .execute();
            if (updated == 0) {
                h.createUpdate("insert into crl_push_target (name, uri) values (:name, :uri)")
                        .bind("name", name)
                        .bind("uri", uri)
                        .execute();
            }
        }));
        jdbi.useHandle(h -> {
            if (uriByName.isEmpty()) {
                h.createUpdate("delete from crl_push_target").execute();
            } else {
                h.createUpdate("delete from crl_push_target where name not in (<names>)")
                        .bindList("names", List.copyOf(uriByName.keySet()))
                        .execute();
            }
        });
    }

    @Override
    public List<PushTarget> all() {
        return jdbi.withHandle(h -> h.createQuery("select * from crl_push_target order by name")
                .map((rs, ctx) -> {
                    long full = rs.getLong("last_full_number");
                    Long lastFull = rs.wasNull() ? null : full;
                    long delta = rs.getLong("last_delta_number");
                    Long lastDelta = rs.wasNull() ? null : delta;
                    return new PushTarget(
                            rs.getString("name"),
                            rs.getString("uri"),
                            lastFull,
                            lastDelta,
                            RequestRows.instant(rs, "last_delivered_at"),
                            rs.getInt("failed_attempts"),
                            rs.getString("last_error"),
                            RequestRows.instant(rs, "next_attempt_at"));
                })
                .list());
    }

    @Override
    public void delivered(String name, CrlRecord crl, Instant at) {
        String column = crl.kind() == CrlRecord.Kind.FULL ? "last_full_number" : "last_delta_number";
        jdbi.useHandle(h -> h.createUpdate("update crl_push_target set " + column + " = greatest(coalesce(" + column
                        + ", 0), :number), last_delivered_at = :at, failed_attempts = 0, last_error = null, next_attempt_at = null"
                        + " where name = :name")
                .bind("number", crl.number())
                .bind("at", Timestamp.from(at))
                .bind("name", name)
                .execute());
    }

    @Override
    public void failed(String name, String error, Instant nextAttemptAt) {
        jdbi.useHandle(h -> h.createUpdate("""
                update crl_push_target set failed_attempts = failed_attempts + 1, last_error = :error,
                  next_attempt_at = :next where name = :name""")
                .bind("error", error)
                .bind("next", Timestamp.from(nextAttemptAt))
                .bind("name", name)
                .execute());
    }
}
