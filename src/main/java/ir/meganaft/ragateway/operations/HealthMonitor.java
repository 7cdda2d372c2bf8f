package ir.meganaft.ragateway.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every check on a schedule ({@code gateway.management.check-interval-ms}), each on its own
 * worker and given at most {@code gateway.management.check-timeout-ms}: a database that does not
 * answer makes its check DOWN in that time instead of hanging the health answer. Health requests
 * and scrapes read the latest results, so a storm of them costs the gateway nothing. A check still
 * running from an earlier round is not started again. Each change of a check's state is logged once.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);
    private static final int MAX_DETAIL = 300;

    private record Running(Future<Finding> future, Instant started) {}

    private final List<HealthCheck> checks;
    private final Duration interval;
    private final Duration timeout;
    private final Clock clock;
    private final Map<String, CheckResult> latest = new ConcurrentHashMap<>();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile String lastRefreshFailure;
    private final List<Runnable> afterEachRound = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(daemon("health-check"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("health-monitor"));

    public HealthMonitor(List<HealthCheck> checks, Duration interval, Duration timeout, Clock clock) {
        this.checks = List.copyOf(checks);
        this.interval = interval;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Also run after every round of checks, on the monitor's thread (e.g. refreshing cached gauges). */
    public void afterEachRound(Runnable task) {
        afterEachRound.add(task);
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::roundSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round: every check, each within the time limit; the results replace the earlier ones. */
    public void runOnce() {
        Map<HealthCheck, Running> round = new java.util.LinkedHashMap<>();
        for (HealthCheck check : checks) {
            round.put(
                    check,
                    running.compute(
                            check.name(),
                            (name, before) -> before != null && !before.future().isDone()
                                    ? before
                                    : new Running(workers.submit(check.probe()::look), clock.instant())));
        }
        for (Map.Entry<HealthCheck, Running> e : round.entrySet()) {
            record(e.getKey(), await(e.getValue()));
        }
        for (Runnable task : afterEachRound) {
            try {
                task.run();
                lastRefreshFailure = null;
            } catch (RuntimeException ex) {
                String why = describe(ex);
                if (!why.equals(lastRefreshFailure)) { // once per cause, not every round while the database is away
                    LOG.warn("Refreshing the metrics after the health checks failed: {}", why);
                }
                lastRefreshFailure = why;
            }
        }
    }

    private Finding await(Running r) {
        long left = Duration.between(clock.instant(), r.started().plus(timeout)).toMillis();
        try {
            return r.future().get(Math.max(left, 0), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Finding.down("no answer within " + timeout.toMillis() + " ms (asked at " + r.started() + ")");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Finding.down(describe(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.down("interrupted");
        }
    }

    /** A failure as one line: its class's simple name and message, and the innermost cause's, bounded. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (root != failure) {
            text += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "..." : text;
    }

    private void record(HealthCheck check, Finding finding) {
        CheckResult result =
                new CheckResult(check.name(), check.critical(), finding.state(), finding.detail(), clock.instant());
        CheckResult before = latest.put(check.name(), result);
        if (before == null ? finding.state() != Finding.State.UP : before.state() != finding.state()) {
            if (finding.state() == Finding.State.UP) {
                LOG.info("Health check {} is UP again: {}", check.name(), finding.detail());
            } else if (before == null && finding.state() == Finding.State.WARN) {
                // at start (no CRL before the first is published): worth a line, not a warning
                LOG.info("Health check {} is {}: {}", check.name(), finding.state(), finding.detail());
            } else if (finding.state() == Finding.State.DOWN && check.critical()) {
                LOG.error("Health check {} is DOWN, the gateway is not ready: {}", check.name(), finding.detail());
            } else {
                LOG.warn("Health check {} is {}: {}", check.name(), finding.state(), finding.detail());
            }
        }
    }

    private void roundSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warn("A round of health checks failed: {}", e.toString());
        }
    }

    public List<HealthCheck> checks() {
        return checks;
    }

    /** The latest result of every check, in the order they were registered (empty before the first round ends). */
    public List<CheckResult> results() {
        List<CheckResult> out = new ArrayList<>();
        for (HealthCheck check : checks) {
            CheckResult r = latest.get(check.name());
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** Ready: every check has answered at least once, and no critical one found its part down. */
    public boolean ready() {
        List<CheckResult> results = results();
        return results.size() == checks.size() && results.stream().allMatch(CheckResult::allowsReadiness);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
