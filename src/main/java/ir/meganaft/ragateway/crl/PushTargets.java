package ir.meganaft.ragateway.crl;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The push targets' progress (the store implements it). */
public interface PushTargets {

    /** Makes the configured targets known; targets no longer configured are left as they were. */
    void configure(Map<String, String> uriByName);

    List<PushTarget> all();

    void delivered(String name, CrlRecord crl, Instant at);

    void failed(String name, String error, Instant nextAttemptAt);
}
