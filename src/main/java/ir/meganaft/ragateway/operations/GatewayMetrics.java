package ir.meganaft.ragateway.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import ir.meganaft.ragateway.crl.CrlPublisher;
import ir.meganaft.ragateway.crl.CrlPush;
import ir.meganaft.ragateway.crl.CrlRecord;
import ir.meganaft.ragateway.keys.HsmHealth;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.store.OperationsStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's gauges ({@link MetricNames}). What comes from the database (requests by state, the
 * outbox, CRLs, push targets) is read on the health monitor's thread into a cache, the database
 * aggregates at most every {@code databaseInterval}; a scrape only reads the cache, so any number of
 * scrapes cost the database nothing. Queue depths and key states are read live: both are in memory.
 */
public final class GatewayMetrics {
    private static final double NONE = Double.NaN;

    private final OperationsStore store;
    private final CrlPublisher crls;
    private final CrlPush push;
    private final Duration databaseInterval;
    private final Clock clock;
    private final AtomicReference<Map<String, Long>> requests = new AtomicReference<>(Map.of());
    private final AtomicReference<Map<String, Long>> backlog = new AtomicReference<>(Map.of());
    private final AtomicReference<Optional<CrlRecord>> full = new AtomicReference<>(Optional.empty());
    private final AtomicReference<Optional<CrlRecord>> delta = new AtomicReference<>(Optional.empty());
    private final MultiGauge failing;
    private final MultiGauge pushBehind;
    private final MultiGauge pushFailures;
    private volatile Instant databaseReadAt = Instant.MIN;

    public GatewayMetrics(
            MeterRegistry registry,
            OperationsStore store,
            CrlPublisher crls,
            CrlPush push,
            HsmHealth hsm,
            List<String> signingKeys,
            HealthMonitor health,
            QueueDepths depths,
            List<String> queues,
            Duration databaseInterval,
            Clock clock) {
        this.store = store;
        this.crls = crls;
        this.push = push;
        this.databaseInterval = databaseInterval;
        this.clock = clock;
        for (RequestState state : RequestState.values()) {
            Gauge.builder(MetricNames.REQUESTS, requests, r -> r.get().getOrDefault(state.name(), 0L))
                    .description("Requests in each state (from the database, refreshed on a schedule)")
                    .tag("state", state.name())
                    .register(registry);
        }
        for (String channel : List.of("CALLBACK", "CPMIS")) {
            Gauge.builder(MetricNames.OUTBOX_BACKLOG, backlog, b -> b.get().getOrDefault(channel, 0L))
                    .description("Callbacks and CPMIS calls not yet delivered")
                    .tag("channel", channel)
                    .register(registry);
        }
        failing = MultiGauge.builder(MetricNames.OUTBOX_FAILING)
                .description("Outbox entries being retried or given up, " + "per receiver")
                .register(registry);
        for (String queue : queues) {
            Gauge.builder(
                            MetricNames.QUEUE_MESSAGES,
                            depths,
                            d -> d.depth(queue).stream()
                                    .mapToDouble(v -> v)
                                    .findFirst()
                                    .orElse(NONE))
                    .description("Messages on the queue")
                    .tag("queue", queue)
                    .register(registry);
        }
        crlGauges(registry, "full", full);
        crlGauges(registry, "delta", delta);
        pushBehind = MultiGauge.builder(MetricNames.CRL_PUSH_BEHIND)
                .description("1 while the target lacks the latest CRL")
                .register(registry);
        pushFailures = MultiGauge.builder(MetricNames.CRL_PUSH_FAILED_ATTEMPTS)
                .description("Failed pushes in a row")
                .register(registry);
        for (String key : signingKeys) {
            boolean onHsm = hsm.status().stream().anyMatch(s -> s.key().equals(key));
            Tags tags = Tags.of("key", key, "store", onHsm ? "pkcs11" : "pkcs12");
            Gauge.builder(
                            MetricNames.SIGNING_KEY_UP,
                            hsm,
                            h -> h.status().stream()
                                    .filter(s -> s.key().equals(key))
                                    .findFirst()
                                    .map(s -> s.up() ? 1.0 : 0.0)
                                    .orElse(1.0))
                    .description("1 when the key signs")
                    .tags(tags)
                    .register(registry);
            Gauge.builder(
                            MetricNames.SIGNING_KEY_LAST_PROBE,
                            hsm,
                            h -> h.lastProbe(key)
                                    .map(at -> at.toEpochMilli() / 1000.0)
                                    .orElse(NONE))
                    .description("When a test signature last tried the key")
                    .tags(tags)
                    .register(registry);
        }
        for (HealthCheck check : health.checks()) {
            Gauge.builder(
                            MetricNames.HEALTH_CHECK,
                            health,
                            h -> h.results().stream()
                                    .filter(r -> r.name().equals(check.name()))
                                    .findFirst()
                                    .map(r -> switch (r.state()) {
                                        case UP -> 2.0;
                                        case WARN -> 1.0;
                                        case DOWN -> 0.0;
                                    })
                                    .orElse(NONE))
                    .description("2 UP, 1 WARN, 0 DOWN")
                    .tag("check", check.name())
                    .tag("critical", Boolean.toString(check.critical()))
                    .register(registry);
        }
        Gauge.builder(MetricNames.READY, health, h -> h.ready() ? 1.0 : 0.0)
                .description("1 when the gateway is ready")
                .register(registry);
    }

    private void crlGauges(MeterRegistry registry, String kind, AtomicReference<Optional<CrlRecord>> latest) {
        gauge(registry, MetricNames.CRL_NUMBER, "The latest CRL's number", kind, latest, c -> c.number());
        gauge(registry, MetricNames.CRL_SIZE, "The latest CRL's size", kind, latest, c -> c.sizeBytes());
        gauge(registry, MetricNames.CRL_ENTRIES, "Entries in the latest CRL", kind, latest, c -> c.entries());
        gauge(
                registry,
                MetricNames.CRL_AGE,
                "Seconds since the latest CRL's thisUpdate",
                kind,
                latest,
                c -> Duration.between(c.thisUpdate(), clock.instant()).toMillis() / 1000.0);
        gauge(
                registry,
                MetricNames.CRL_NEXT_UPDATE,
                "Seconds until the latest CRL's nextUpdate",
                kind,
                latest,
                c -> Duration.between(clock.instant(), c.nextUpdate()).toMillis() / 1000.0);
        gauge(
                registry,
                MetricNames.CRL_GENERATION,
                "Seconds from thisUpdate to published",
                kind,
                latest,
                c -> Math.max(
                        0, Duration.between(c.thisUpdate(), c.publishedAt()).toMillis() / 1000.0));
    }

    private static void gauge(
            MeterRegistry registry,
            String name,
            String description,
            String kind,
            AtomicReference<Optional<CrlRecord>> latest,
            ToDoubleFunction<CrlRecord> value) {
        Gauge.builder(name, latest, l -> l.get().map(value::applyAsDouble).orElse(NONE))
                .description(description)
                .tag("kind", kind)
                .register(registry);
    }

    /**
     * Reads what the gauges show from the database: CRLs and push targets every time (one indexed
     * row each), request and outbox counts when {@code databaseInterval} has passed since the last read.
     */
    public void refresh() {
        full.set(crls.latest(false));
        delta.set(crls.latest(true));
        List<CrlPush.TargetStatus> targets = push.status();
        pushBehind.register(
                targets.stream()
                        .map(t -> MultiGauge.Row.of(Tags.of("target", t.target().name()), t.behind() ? 1 : 0))
                        .toList(),
                true);
        pushFailures.register(
                targets.stream()
                        .map(t -> MultiGauge.Row.of(
                                Tags.of("target", t.target().name()), t.target().failedAttempts()))
                        .toList(),
                true);
        Instant now = clock.instant();
        if (databaseReadAt.plus(databaseInterval).isAfter(now)) {
            return;
        }
        requests.set(store.requestsByState());
        backlog.set(store.outboxBacklog());
        failing.register(
                store.failingDeliveries().stream()
                        .map(f -> MultiGauge.Row.of(
                                Tags.of("channel", f.channel(), "receiver", f.receiver(), "status", f.status()),
                                f.entries()))
                        .toList(),
                true);
        databaseReadAt = now;
    }
}
