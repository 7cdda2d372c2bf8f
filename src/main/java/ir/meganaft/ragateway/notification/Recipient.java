package ir.meganaft.ragateway.notification;

import java.util.Optional;

/** Delivers the outbox entries of one channel. */
public interface Recipient {

    /** Where the entry goes; empty when there is nowhere to send it (it is then skipped). */
    Optional<String> target(OutboxEntry entry);

    /** Sends the entry; returns once the other side confirmed, throws otherwise. */
    void send(OutboxEntry entry, String target);
}
