package ir.meganaft.ragateway.vetting;

import ir.meganaft.ragateway.request.RequestState;
import java.util.Set;

/**
 * The requests that have a message on the broker for the step after {@code state}: waiting on its
 * queue, or parked among its dead letters for an admin. Such a request is not stalled, whatever
 * its age: queuing it again would only add a copy (or, for a dead letter, undo the parking).
 */
public interface WaitingMessages {
    Set<String> requestIds(RequestState state);
}
