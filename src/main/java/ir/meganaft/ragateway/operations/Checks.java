package ir.meganaft.ragateway.operations;

import ir.meganaft.ragateway.ca.CaHealth;
import ir.meganaft.ragateway.ca.CertificateAuthority;
import ir.meganaft.ragateway.crl.CrlPublisher;
import ir.meganaft.ragateway.crl.CrlPush;
import ir.meganaft.ragateway.crl.CrlRecord;
import ir.meganaft.ragateway.keys.HsmHealth;
import ir.meganaft.ragateway.store.OperationsStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The gateway's own health checks, plain Java. Critical ones (the database, each signing key, the
 * CA, CRL freshness) take the gateway out of readiness when DOWN; the CRL push and the dead letters
 * only WARN, since a gateway with a slow relying system or a parked message still serves callers.
 */
public final class Checks {
    private Checks() {}

    /** The database answers a query. */
    public static HealthCheck database(OperationsStore store, String kind) {
        return new HealthCheck("database", true, () -> {
            store.ping();
            return Finding.up(kind + " answers");
        });
    }

    /**
     * One signing key (ca, ra): on an HSM, a test signature each round, with when it was last tried;
     * in a PKCS#12 file, always up (it cannot go away while the gateway runs).
     */
    public static HealthCheck signingKey(String key, HsmHealth hsm) {
        return new HealthCheck("key-" + key, true, () -> {
            Optional<HsmHealth.KeyStatus> status = hsm.probe(key);
            if (status.isEmpty()) {
                return Finding.up("software key (PKCS#12 file)");
            }
            HsmHealth.KeyStatus s = status.get();
            String probed = hsm.lastProbe(key).map(at -> "; last probe " + at).orElse("");
            return s.up()
                    ? Finding.up("signs on " + s.token() + " since " + s.since() + probed)
                    : Finding.down(
                            "cannot sign on " + s.token() + " since " + s.since() + " (" + s.detail() + ")" + probed);
        });
    }

    /** The CA: asked, when it can say ({@link CaHealth}); else judged by its certificate's validity. */
    public static HealthCheck ca(CertificateAuthority ca, Clock clock) {
        return new HealthCheck("ca", true, () -> {
            CaHealth.Status s = ca instanceof CaHealth h
                    ? h.health()
                    : CaHealth.ofCertificate(ca.chain().get(0), clock.instant());
            return s.up() ? Finding.up(s.detail()) : Finding.down(s.detail());
        });
    }

    /**
     * The latest full and delta CRLs against the clock: WARN when one lapses within {@code warnBefore}
     * (or none is published yet), DOWN once one has lapsed (relying parties then refuse every
     * certificate).
     */
    public static HealthCheck crlFreshness(CrlPublisher crls, Duration warnBefore, Clock clock) {
        return new HealthCheck(
                "crl-freshness",
                true,
                () -> freshness(crls.latest(false), crls.latest(true), warnBefore, clock.instant()));
    }

    static Finding freshness(Optional<CrlRecord> full, Optional<CrlRecord> delta, Duration warnBefore, Instant now) {
        if (full.isEmpty()) {
            return Finding.warn("no CRL published yet");
        }
        Finding.State state = Finding.State.UP;
        List<String> parts = new ArrayList<>();
        state = worse(state, judge(full.get(), warnBefore, now, parts));
        if (delta.isPresent()) {
            state = worse(state, judge(delta.get(), warnBefore, now, parts));
        }
        return new Finding(state, String.join("; ", parts));
    }

    private static Finding.State judge(CrlRecord crl, Duration warnBefore, Instant now, List<String> parts) {
        String name = crl.kind().name().toLowerCase(java.util.Locale.ROOT) + " CRL " + crl.number();
        if (!crl.nextUpdate().isAfter(now)) {
            parts.add(name + " lapsed at " + crl.nextUpdate());
            return Finding.State.DOWN;
        }
        if (!crl.nextUpdate().isAfter(now.plus(warnBefore))) {
            parts.add(name + " lapses soon, at " + crl.nextUpdate());
            return Finding.State.WARN;
        }
        parts.add(name + " valid until " + crl.nextUpdate());
        return Finding.State.UP;
    }

    private static Finding.State worse(Finding.State a, Finding.State b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** Each push target: WARN while one fails (its error and next try), else how far each has got. */
    public static HealthCheck crlPush(CrlPush push) {
        return new HealthCheck("crl-push", false, () -> {
            List<CrlPush.TargetStatus> targets = push.status();
            if (targets.isEmpty()) {
                return Finding.up("no push targets configured");
            }
            boolean failing = false;
            List<String> parts = new ArrayList<>();
            for (CrlPush.TargetStatus t : targets) {
                var target = t.target();
                if (target.failedAttempts() > 0) {
                    failing = true;
                    parts.add(target.name() + " failing (" + target.failedAttempts() + " attempts, next at "
                            + target.nextAttemptAt() + "): " + target.lastError());
                } else {
                    parts.add(target.name() + (t.behind() ? " behind, being pushed" : " up to date") + " (full "
                            + target.lastFullNumber() + ", delta " + target.lastDeltaNumber() + ")");
                }
            }
            String detail = String.join("; ", parts);
            return failing ? Finding.warn(detail) : Finding.up(detail);
        });
    }

    /** Messages parked in the dead-letter queues: WARN while any waits for an admin (they are listed and replayed by hand). */
    public static HealthCheck deadLetters(QueueDepths depths, List<String> queues) {
        return new HealthCheck("dead-letters", false, () -> {
            List<String> waiting = new ArrayList<>();
            for (String queue : queues) {
                OptionalLong depth = depths.depth(queue);
                if (depth.isPresent() && depth.getAsLong() > 0) {
                    waiting.add(queue + ": " + depth.getAsLong());
                }
            }
            return waiting.isEmpty()
                    ? Finding.up("no dead letters")
                    : Finding.warn("waiting for an admin: " + String.join(", ", waiting));
        });
    }
}
