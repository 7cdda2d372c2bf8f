package ir.meganaft.ragateway.operations;

import java.util.OptionalLong;

/** How many messages wait on a queue of the broker (scheduled and being delivered included); empty when it has none by that name. */
@FunctionalInterface
public interface QueueDepths {
    OptionalLong depth(String queue);
}
