package ir.meganaft.ragateway.vetting;

import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.store.RequestStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds requests that should be on a queue but have made no progress for a while, e.g. stored
 * just before a crash and never enqueued. Queuing them again is safe: consumers act only on a
 * request still in the state they expect, and the broker drops a duplicate id it still remembers.
 */
public final class StalledRequests {
    private static final Logger LOG = LoggerFactory.getLogger(StalledRequests.class);
    private static final int BATCH = 500;

    private final RequestStore requests;
    private final Duration idle;
    private final Clock clock;

    public StalledRequests(RequestStore requests, Duration idle, Clock clock) {
        this.requests = requests;
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
            LOG.warn("{} request(s) idle in {} for over {}s are queued again", ids.size(), state, idle.toSeconds());
        }
        return ids;
    }
}
