package ir.meganaft.ragateway.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether each HSM-held key of the gateway can sign right now. Keys in PKCS#12 files never appear
 * here. Bound as {@code hsmHealth} for health output; every change is logged once.
 */
public final class HsmHealth {
    private static final Logger LOG = LoggerFactory.getLogger(HsmHealth.class);

    /** The state of one key: {@code up} since {@code since}; {@code detail} says why it is down. */
    public record KeyStatus(String key, String token, boolean up, Instant since, String detail) {}

    private final Map<String, KeyStatus> keys = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.BooleanSupplier> probes = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastProbes = new ConcurrentHashMap<>();
    private final Clock clock;

    public HsmHealth(Clock clock) {
        this.clock = clock;
    }

    /** True when every HSM key signs (also when there is none). */
    public boolean isUp() {
        return keys.values().stream().allMatch(KeyStatus::up);
    }

    /**
     * Tries every key that is down with a test signature (which restarts the library if needed);
     * true when all keys sign. Issuance waits on this before it takes requests off the queue again.
     */
    public boolean probe() {
        for (KeyStatus s : status()) {
            java.util.function.BooleanSupplier probe = probes.get(s.key());
            if (!s.up() && probe != null) {
                probe.getAsBoolean();
                lastProbes.put(s.key(), clock.instant());
            }
        }
        return isUp();
    }

    /**
     * Tries one key with a test signature, up or down (health's regular probe, so a token that went
     * away is seen without waiting for a request to sign); its status afterwards, empty for a key
     * that is not in an HSM.
     */
    public java.util.Optional<KeyStatus> probe(String key) {
        java.util.function.BooleanSupplier probe = probes.get(key);
        if (probe != null) {
            probe.getAsBoolean();
            lastProbes.put(key, clock.instant());
        }
        return java.util.Optional.ofNullable(keys.get(key));
    }

    /** When a test signature last tried this key (health's probe or issuance's while paused); empty before any. */
    public java.util.Optional<Instant> lastProbe(String key) {
        return java.util.Optional.ofNullable(lastProbes.get(key));
    }

    /** Registers how to test a key, for {@link #probe()}. */
    void watch(String key, java.util.function.BooleanSupplier probe) {
        probes.put(key, probe);
    }

    public List<KeyStatus> status() {
        return keys.values().stream()
                .sorted(Comparator.comparing(KeyStatus::key))
                .toList();
    }

    /** One line for logs and health output, e.g. {@code HSM DOWN: ca on token 'x' since ...}. */
    public String summary() {
        if (keys.isEmpty()) {
            return "HSM: no key is held in an HSM";
        }
        StringBuilder line = new StringBuilder(isUp() ? "HSM UP:" : "HSM DOWN:");
        for (KeyStatus s : status()) {
            line.append(' ')
                    .append(s.key())
                    .append(s.up() ? " signs" : " cannot sign (" + s.detail() + ")")
                    .append(" since ")
                    .append(s.since())
                    .append(';');
        }
        return line.toString();
    }

    void up(String key, String token) {
        KeyStatus before = keys.get(key);
        if (before != null && before.up()) {
            return;
        }
        Instant now = clock.instant();
        keys.put(key, new KeyStatus(key, token, true, now, null));
        if (before == null) {
            LOG.info("HSM key '{}' on {} signs", key, token);
        } else {
            LOG.warn(
                    "HSM key '{}' on {} signs again after {} s down; queued requests proceed",
                    key,
                    token,
                    Duration.between(before.since(), now).toSeconds());
        }
    }

    void down(String key, String token, String detail) {
        KeyStatus before = keys.get(key);
        if (before != null && !before.up()) {
            return;
        }
        keys.put(key, new KeyStatus(key, token, false, clock.instant(), detail));
        LOG.error(
                "HSM key '{}' on {} cannot sign: {}. Requests waiting for issuance stay queued and are retried; "
                        + "the library is restarted on each try.",
                key,
                token,
                detail);
    }
}
