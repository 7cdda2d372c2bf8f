package ir.meganaft.ragateway.operations;

import java.time.Duration;

/** The latency histograms' buckets: a few fixed ones rather than Micrometer's 70-odd per series. */
public final class Buckets {
    private Buckets() {}

    public static final Duration[] LATENCY = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };
}
