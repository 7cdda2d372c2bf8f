package ir.meganaft.ragateway.bench;

import java.nio.file.Path;
import java.util.List;
import one.profiler.AsyncProfiler;

/**
 * A CPU profile of one timed phase of the benchmark (bench/run profile=intake,issuance,e2e), taken
 * with async-profiler in the benchmark's own JVM: started when the phase's clock starts, stopped
 * when it stops, so start-up, warm-up and the preparation of a phase stay out of it. It samples
 * every thread, JIT compiler and GC threads included, on the interval timer (no perf_events needed),
 * or with {@code profile-event=wall} the wall-clock time of every thread (where they wait).
 * Each phase writes a flame graph ({@code profile-<phase>.html}) and the collapsed stacks
 * ({@code profile-<phase>.collapsed}) to the run's work directory.
 */
final class PhaseProfiler {
    private final List<String> phases;
    private final Path dir;
    private final String event;
    private AsyncProfiler profiler;

    /** @param event itimer (CPU time, the default) or wall (wall-clock time of every thread: where threads wait) */
    PhaseProfiler(String phases, String event, Path dir) {
        this.phases = phases.isBlank() ? List.of() : List.of(phases.split(","));
        this.event = switch (event) {
            case "wall" -> "wall,interval=2ms";
            case "cpu" -> "cpu,interval=1ms";
            default -> "itimer,interval=1ms";
        };
        this.dir = dir;
    }

    void start(String phase) throws Exception {
        if (!phases.contains(phase)) {
            return;
        }
        if (profiler == null) {
            profiler = AsyncProfiler.getInstance();
        }
        profiler.execute("start,event=" + event + ",threads");
    }

    void stop(String phase) throws Exception {
        if (!phases.contains(phase)) {
            return;
        }
        profiler.execute("stop,file=" + dir.resolve("profile-" + phase + ".collapsed") + ",collapsed");
        profiler.execute("stop,file=" + dir.resolve("profile-" + phase + ".html") + ",flamegraph");
        System.out.println("profile of " + phase + ": " + dir.resolve("profile-" + phase + ".html"));
    }
}
