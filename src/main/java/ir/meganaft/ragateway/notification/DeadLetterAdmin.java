package ir.meganaft.ragateway.notification;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.store.OutboxStore;
import ir.meganaft.ragateway.store.RequestStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Integration admins' view of the dead letters: list them, send them again. Replaying one entry
 * also replays the dead earlier entries of its request and channel, in sequence, so order holds.
 */
public final class DeadLetterAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterAdmin.class);
    public static final int MAX_LISTED = 500;

    private final Set<String> admins;
    private final DeadLetterQueue deadLetters;
    private final OutboxStore outbox;
    private final RequestStore requests;
    private final OutboxRelay relay;

    public DeadLetterAdmin(Set<String> admins, DeadLetterQueue deadLetters, OutboxStore outbox, RequestStore requests,
            OutboxRelay relay) {
        this.admins = Set.copyOf(admins);
        this.deadLetters = deadLetters;
        this.outbox = outbox;
        this.requests = requests;
        this.relay = relay;
    }

    /** The dead letters, oldest first, with the request's caller. */
    public List<DeadLetterView> list(String adminId, Integer max) {
        authorize(adminId);
        int limit = max == null ? MAX_LISTED : Math.min(max, MAX_LISTED);
        return outbox.find(deadLetters.list(limit)).stream()
                .map(e -> new DeadLetterView(e, requests.find(e.requestId()).map(r -> r.callerSystemId()).orElse("")))
                .toList();
    }

    /** Replays one dead letter (and the earlier dead ones of its request and channel). */
    public List<Long> replay(String adminId, long id) {
        authorize(adminId);
        List<OutboxEntry> dead = outbox.find(deadLetters.list(Integer.MAX_VALUE));
        OutboxEntry chosen = dead.stream().filter(e -> e.id() == id).findFirst()
                .orElseThrow(() -> new GatewayException(FaultCode.UNKNOWN_DEAD_LETTER,
                        "No dead letter " + id + " waits in the dead-letter queue", "deadLetterId", null));
        List<OutboxEntry> batch = dead.stream()
                .filter(e -> e.requestId().equals(chosen.requestId()) && e.channel() == chosen.channel()
                        && e.sequence() <= chosen.sequence())
                .toList();
        return replayAll(adminId, batch);
    }

    /** Replays every dead letter, oldest first. */
    public List<Long> replayAll(String adminId) {
        authorize(adminId);
        return replayAll(adminId, outbox.find(deadLetters.list(Integer.MAX_VALUE)));
    }

    private List<Long> replayAll(String adminId, List<OutboxEntry> entries) {
        List<Long> replayed = new ArrayList<>();
        Set<OutboxEntry> ordered = new LinkedHashSet<>(entries.stream()
                .sorted(Comparator.comparing(OutboxEntry::requestId).thenComparing(OutboxEntry::channel)
                        .thenComparingLong(OutboxEntry::sequence))
                .toList());
        for (OutboxEntry e : ordered) {
            outbox.markReplayed(e.id()); // before the move: the consumer may deliver it at once
            if (deadLetters.replay(e.id(), e.groupId(), relay.queueOf(e.channel()))) {
                replayed.add(e.id());
            } else {
                outbox.markDead(e.id());
            }
        }
        LOG.info("Admin {} replayed dead letters {}", adminId, replayed);
        return replayed;
    }

    private void authorize(String adminId) {
        if (adminId == null || !admins.contains(adminId)) {
            throw new GatewayException(FaultCode.NOT_AUTHORIZED, adminId + " is not an integration admin "
                    + "(gateway.integration-admins)", "admin/adminId", null);
        }
    }

    /** A dead letter and the system whose request it concerns. */
    public record DeadLetterView(OutboxEntry entry, String callerSystemId) {
    }
}
