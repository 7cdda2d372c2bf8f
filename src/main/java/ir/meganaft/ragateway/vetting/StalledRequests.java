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

    /** A stalled request and the state it waits in: RECEIVED waits for vetting, APPROVED for the CA. */
    public record Stalled(String requestId, RequestState state) {
        /** True when it goes on the vetting queue, false for the issuance queue. */
        public boolean forVetting() {
            return state == RequestState.RECEIVED;
        }
    }

    public List<String> received() {
        return logged(RequestState.RECEIVED, find(RequestState.RECEIVED));
    }

    public List<String> approved() {
        return logged(RequestState.APPROVED, find(RequestState.APPROVED));
    }

    /** Every stalled request, RECEIVED then APPROVED (at most 500 of each), for an admin to see; nothing is queued. */
    public List<Stalled> all() {
        java.util.ArrayList<Stalled> all = new java.util.ArrayList<>();
        for (RequestState state : List.of(RequestState.RECEIVED, RequestState.APPROVED)) {
            find(state).forEach(id -> all.add(new Stalled(id, state)));
        }
        return all;
    }

    private List<String> find(RequestState state) {
        List<String> ids = requests.idleSince(state, clock.instant().minus(idle), BATCH);
        if (!ids.isEmpty()) {
            Set<String> queued = waiting.requestIds(state);
            ids = ids.stream().filter(id -> !queued.contains(id)).toList();
        }
        return ids;
    }

    private List<String> logged(RequestState state, List<String> ids) {
        if (!ids.isEmpty()) {
            LOG.warn("{} request(s) idle in {} for over {}s are queued again", ids.size(), state, idle.toSeconds());
        }
        return ids;
    }
}
