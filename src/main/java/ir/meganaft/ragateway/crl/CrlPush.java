package ir.meganaft.ragateway.crl;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes each new CRL to every configured target ({@code gateway.crl.targets.<name> = <Camel URI>}).
 * Each target is tracked on its own (last full and delta CRL delivered, failures, next attempt), so
 * one that is down never holds back the others; a failing target is retried with exponential
 * backoff and shows as behind in {@code listCrlTargets}.
 */
public final class CrlPush {
    private static final Logger LOG = LoggerFactory.getLogger(CrlPush.class);

    /** One file to push to one target. */
    public record Job(String target, String uri, CrlRecord crl, Path file, String fileName) {}

    /** A target as admins see it. */
    public record TargetStatus(PushTarget target, boolean behind) {}

    private final PushTargets targets;
    private final CrlPublisher publisher;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final Clock clock;

    public CrlPush(
            PushTargets targets,
            Map<String, String> configured,
            CrlPublisher publisher,
            Duration firstRetry,
            Duration maxRetry,
            Clock clock) {
        this.targets = targets;
        this.publisher = publisher;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
        this.clock = clock;
        targets.configure(configured);
    }

    /** The pushes due now: the latest full and delta CRLs each target lacks, unless it is backing off. */
    public List<Job> due() {
        Instant now = clock.instant();
        Optional<CrlRecord> full = publisher.latest(false);
        Optional<CrlRecord> delta = publisher.latest(true);
        List<Job> jobs = new ArrayList<>();
        for (PushTarget t : targets.all()) {
            if (t.nextAttemptAt() != null && t.nextAttemptAt().isAfter(now)) {
                continue;
            }
            full.filter(c -> t.lastFullNumber() == null || t.lastFullNumber() < c.number())
                    .ifPresent(c -> jobs.add(job(t, c, CrlPublisher.FULL_FILE)));
            delta.filter(c -> t.lastDeltaNumber() == null || t.lastDeltaNumber() < c.number())
                    .ifPresent(c -> jobs.add(job(t, c, CrlPublisher.DELTA_FILE)));
        }
        return jobs;
    }

    /**
     * On an admin's demand: the latest full and delta CRLs for one target, whether or not it has
     * them, backoff or not.
     *
     * @throws ir.meganaft.ragateway.errors.GatewayException UNKNOWN_CRL_TARGET when no such target is configured
     */
    public List<Job> again(String name) {
        PushTarget t = target(name);
        List<Job> jobs = new ArrayList<>();
        publisher.latest(false).ifPresent(c -> jobs.add(job(t, c, CrlPublisher.FULL_FILE)));
        publisher.latest(true).ifPresent(c -> jobs.add(job(t, c, CrlPublisher.DELTA_FILE)));
        return jobs;
    }

    /** One target as it stands. */
    public PushTarget target(String name) {
        return targets.all().stream()
                .filter(x -> x.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new ir.meganaft.ragateway.errors.GatewayException(
                        ir.meganaft.ragateway.errors.FaultCode.UNKNOWN_CRL_TARGET,
                        "No CRL push target " + name + " is configured (gateway.crl.targets." + name + ")",
                        "target",
                        null));
    }

    public void delivered(Job job) {
        targets.delivered(job.target(), job.crl(), clock.instant());
        LOG.info("CRL {} delivered to {}", job.crl().number(), job.target());
    }

    public void failed(Job job, Exception error) {
        PushTarget t = target(job.target());
        Duration wait = firstRetry.multipliedBy(1L << Math.min(t.failedAttempts(), 16));
        if (wait.compareTo(maxRetry) > 0) {
            wait = maxRetry;
        }
        String message = error.getClass().getSimpleName() + ": " + error.getMessage();
        targets.failed(
                job.target(),
                message.length() > 2000 ? message.substring(0, 2000) : message,
                clock.instant().plus(wait));
        LOG.warn(
                "CRL {} not delivered to {} (attempt {}): {}; next try in {} s",
                job.crl().number(),
                job.target(),
                t.failedAttempts() + 1,
                message,
                wait.toSeconds());
    }

    /** The number of the latest CRL of either kind, or null before the first. */
    public Long latestNumber() {
        return java.util.stream.Stream.of(publisher.latest(false), publisher.latest(true))
                .flatMap(Optional::stream)
                .map(CrlRecord::number)
                .max(Long::compare)
                .orElse(null);
    }

    public List<TargetStatus> status() {
        Optional<CrlRecord> full = publisher.latest(false);
        Optional<CrlRecord> delta = publisher.latest(true);
        return targets.all().stream()
                .map(t -> new TargetStatus(
                        t,
                        full.map(c -> t.lastFullNumber() == null || t.lastFullNumber() < c.number())
                                        .orElse(false)
                                || delta.map(c -> t.lastDeltaNumber() == null || t.lastDeltaNumber() < c.number())
                                        .orElse(false)))
                .toList();
    }

    private Job job(PushTarget t, CrlRecord crl, String fileName) {
        return new Job(t.name(), t.uri(), crl, publisher.fileOf(crl), fileName);
    }
}
