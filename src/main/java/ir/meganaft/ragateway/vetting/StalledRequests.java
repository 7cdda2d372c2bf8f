package ir.meganaft.ragateway.vetting;

import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.store.RequestQueries;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds requests that should be on a queue but are not: RECEIVED or APPROVED with no progress for
 * a while and no message waiting for them (on their queue, or parked among the dead letters), e.g.
 * stored just before a crash and never queued. They are queued again, each time under a fresh
 * duplicate id, so the broker never drops the re-queue as a repeat (issue 11). A copy too many is
 * harmless: consumers act only on a request still in the state they expect.
 */
public final class StalledRequests {
    private static final Logger LOG = LoggerFactory.getLogger(StalledRequests.class);
    private static final int BATCH = 500;

    private final RequestQueries requests;
    private final WaitingMessages waiting;
    private final Duration idle;
    private final Clock clock;

    public StalledRequests(RequestQueries requests, WaitingMessages waiting, Duration idle, Clock clock) {
        this.requests = requests;
        this.waiting = waiting;
        this.idle = idle;
        this.clock = clock;
    }

    public List<String> received() {
        return find(RequestState.RECEIVED);
    }

    public List<String> approved() {
        return find(RequestState.APPROVED);
    }

    private List<String> find(RequestState state) {
        List<String> ids = requests.idleSince(state, clock.instant().minus(idle), BATCH);
        if (!ids.isEmpty()) {
            Set<String> queued = waiting.requestIds(state);
            ids = ids.stream().filter(id -> !queued.contains(id)).toList();
        }
        if (!ids.isEmpty()) {
            LOG.warn("{} request(s) idle in {} for over {}s are queued again", ids.size(), state, idle.toSeconds());
        }
        return ids;
    }
}
