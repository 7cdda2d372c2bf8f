package ir.meganaft.ragateway.notification;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.RequestType;
import ir.meganaft.ragateway.store.OutboxStore;
import ir.meganaft.ragateway.store.RequestQueries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Integration admins' view of the dead letters: list them, send them again. Two kinds wait:
 * callbacks and CPMIS calls (outbox entries; replaying one also replays the dead earlier entries of
 * its request and channel, in sequence, so order holds), and vetting and issuance messages (a
 * request id; replaying one puts the request back on its step's queue, which acts on it only if the
 * request still waits for that step).
 */
public final class DeadLetterAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterAdmin.class);
    public static final int MAX_LISTED = 500;

    private final Set<String> admins;
    private final DeadLetterQueue deadLetters;
    private final OutboxStore outbox;
    private final RequestQueries requests;
    private final OutboxRelay relay;
    private final RequestDeadLetters requestDeadLetters;

    public DeadLetterAdmin(
            Set<String> admins,
            DeadLetterQueue deadLetters,
            OutboxStore outbox,
            RequestQueries requests,
            OutboxRelay relay,
            RequestDeadLetters requestDeadLetters) {
        this.admins = Set.copyOf(admins);
        this.deadLetters = deadLetters;
        this.outbox = outbox;
        this.requests = requests;
        this.relay = relay;
        this.requestDeadLetters = requestDeadLetters;
    }

    /**
     * The dead letters of the channels and steps asked for, at most {@code max} (default and cap
     * {@value #MAX_LISTED}): the callbacks and CPMIS calls first, then vetting, then issuance, each
     * oldest first.
     */
    public List<Listed> list(String adminId, Integer max, Set<DeliveryChannel> channels, Set<RequestQueue> steps) {
        authorize(adminId);
        int limit = max == null ? MAX_LISTED : Math.min(max, MAX_LISTED);
        List<Listed> listed = new ArrayList<>();
        if (!channels.isEmpty()) {
            boolean everyChannel = channels.containsAll(EnumSet.allOf(DeliveryChannel.class));
            outbox.find(deadLetters.list(everyChannel ? limit : Integer.MAX_VALUE)).stream()
                    .filter(e -> channels.contains(e.channel()))
                    .limit(limit)
                    .map(e -> new DeadLetterView(
                            e,
                            requests.find(e.requestId())
                                    .map(r -> r.callerSystemId())
                                    .orElse("")))
                    .forEach(listed::add);
        }
        for (RequestQueue step : RequestQueue.values()) {
            if (!steps.contains(step) || listed.size() >= limit) {
                continue;
            }
            for (RequestDeadLetter letter : requestDeadLetters.list(step, limit - listed.size())) {
                listed.add(RequestDeadLetterView.of(letter, requests.find(letter.requestId())));
            }
        }
        return listed;
    }

    /** Replays one callback or CPMIS dead letter (and the earlier dead ones of its request and channel). */
    public List<Long> replay(String adminId, long id, Set<DeliveryChannel> channels) {
        authorize(adminId);
        List<OutboxEntry> dead = outbox.find(deadLetters.list(Integer.MAX_VALUE));
        OutboxEntry chosen = dead.stream()
                .filter(e -> e.id() == id && channels.contains(e.channel()))
                .findFirst()
                .orElseThrow(() -> unknown("No dead letter " + id + " waits in the dead-letter queue"));
        List<OutboxEntry> batch = dead.stream()
                .filter(e -> e.requestId().equals(chosen.requestId())
                        && e.channel() == chosen.channel()
                        && e.sequence() <= chosen.sequence())
                .toList();
        return replayAll(adminId, batch);
    }

    /** Replays every callback and CPMIS dead letter of those channels, oldest first. */
    public List<Long> replayAll(String adminId, Set<DeliveryChannel> channels) {
        authorize(adminId);
        return replayAll(
                adminId,
                outbox.find(deadLetters.list(Integer.MAX_VALUE)).stream()
                        .filter(e -> channels.contains(e.channel()))
                        .toList());
    }

    /**
     * Replays one vetting or issuance dead letter: a fresh message for its request on the step's
     * queue. Harmless when the request has moved on (the step ignores it); the answer says which.
     */
    public RequestReplay replay(String adminId, RequestQueue step, long id) {
        authorize(adminId);
        RequestDeadLetter letter = requestDeadLetters.list(step, Integer.MAX_VALUE).stream()
                .filter(l -> l.id() == id)
                .findFirst()
                .orElseThrow(() -> unknown("No " + step + " dead letter " + id + " waits in its dead-letter queue"));
        return replay(adminId, letter)
                .orElseThrow(() -> unknown(step + " dead letter " + id + " was taken off its queue meanwhile"));
    }

    /** Replays every dead letter of a step, oldest first. */
    public List<RequestReplay> replayAll(String adminId, RequestQueue step) {
        authorize(adminId);
        List<RequestReplay> replayed = new ArrayList<>();
        for (RequestDeadLetter letter : requestDeadLetters.list(step, Integer.MAX_VALUE)) {
            replay(adminId, letter).ifPresent(replayed::add);
        }
        return replayed;
    }

    /**
     * Deletes one callback or CPMIS dead letter for good (only that one: a request's later
     * notifications are its own to replay or purge); its outbox entry stays DEAD, for the record.
     */
    public List<Long> purge(String adminId, long id, Set<DeliveryChannel> channels) {
        authorize(adminId);
        OutboxEntry chosen = outbox.find(deadLetters.list(Integer.MAX_VALUE)).stream()
                .filter(e -> e.id() == id && channels.contains(e.channel()))
                .findFirst()
                .orElseThrow(() -> unknown("No dead letter " + id + " waits in the dead-letter queue"));
        return purged(adminId, deadLetters.purge(chosen.id()) ? List.of(chosen.id()) : List.of());
    }

    /** Deletes every callback and CPMIS dead letter of those channels for good. */
    public List<Long> purgeAll(String adminId, Set<DeliveryChannel> channels) {
        authorize(adminId);
        List<Long> purged = new ArrayList<>();
        for (OutboxEntry e : outbox.find(deadLetters.list(Integer.MAX_VALUE))) {
            if (channels.contains(e.channel()) && deadLetters.purge(e.id())) {
                purged.add(e.id());
            }
        }
        return purged(adminId, purged);
    }

    /** Deletes one vetting or issuance dead letter for good; its request keeps its state. */
    public List<Long> purge(String adminId, RequestQueue step, long id) {
        authorize(adminId);
        if (!requestDeadLetters.purge(step, id)) {
            throw unknown("No " + step + " dead letter " + id + " waits in its dead-letter queue");
        }
        return purged(adminId, List.of(id));
    }

    /** Deletes every dead letter of a step for good. */
    public List<Long> purgeAll(String adminId, RequestQueue step) {
        authorize(adminId);
        List<Long> purged = new ArrayList<>();
        for (RequestDeadLetter letter : requestDeadLetters.list(step, Integer.MAX_VALUE)) {
            if (requestDeadLetters.purge(step, letter.id())) {
                purged.add(letter.id());
            }
        }
        return purged(adminId, purged);
    }

    private static List<Long> purged(String adminId, List<Long> ids) {
        LOG.warn("Admin {} purged dead letters {}: they will not be delivered", adminId, ids);
        return ids;
    }

    private Optional<RequestReplay> replay(String adminId, RequestDeadLetter letter) {
        // the state before the move: once it is back on the queue the step may act on it at once
        RequestState state =
                requests.find(letter.requestId()).map(CertificateRequest::state).orElse(null);
        if (!requestDeadLetters.replay(letter.queue(), letter.id())) {
            return Optional.empty();
        }
        RequestReplay replay =
                new RequestReplay(letter, state, state == letter.queue().actsOn());
        if (replay.stillWaiting()) {
            LOG.info(
                    "Admin {} replayed {} dead letter {}: request {} is {}, so {} takes it up again",
                    adminId,
                    letter.queue(),
                    letter.id(),
                    letter.requestId(),
                    state,
                    letter.queue());
        } else {
            LOG.info(
                    "Admin {} replayed {} dead letter {}: request {} is {}, not {}, so {} will ignore it (harmless)",
                    adminId,
                    letter.queue(),
                    letter.id(),
                    letter.requestId(),
                    state == null ? "unknown" : state,
                    letter.queue().actsOn(),
                    letter.queue());
        }
        return Optional.of(replay);
    }

    private List<Long> replayAll(String adminId, List<OutboxEntry> entries) {
        List<Long> replayed = new ArrayList<>();
        Set<OutboxEntry> ordered = new LinkedHashSet<>(entries.stream()
                .sorted(Comparator.comparing(OutboxEntry::requestId)
                        .thenComparing(OutboxEntry::channel)
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

    private static GatewayException unknown(String message) {
        return new GatewayException(FaultCode.UNKNOWN_DEAD_LETTER, message, "deadLetterId", null);
    }

    private void authorize(String adminId) {
        if (adminId == null || !admins.contains(adminId)) {
            throw new GatewayException(
                    FaultCode.NOT_AUTHORIZED,
                    adminId + " is not an integration admin " + "(gateway.integration-admins)",
                    "admin/adminId",
                    null);
        }
    }

    /** A dead letter as listed: a callback or CPMIS call, or a vetting or issuance message. */
    public sealed interface Listed permits DeadLetterView, RequestDeadLetterView {}

    /** A callback or CPMIS dead letter and the system whose request it concerns. */
    public record DeadLetterView(OutboxEntry entry, String callerSystemId) implements Listed {}

    /**
     * A vetting or issuance dead letter with its request as it is now.
     *
     * @param callerSystemId the system that sent the request; blank when the gateway knows no such request
     * @param state the request's state now; null when the gateway knows no such request
     * @param type the request's type; null when the gateway knows no such request
     */
    public record RequestDeadLetterView(
            RequestDeadLetter letter, String callerSystemId, RequestState state, RequestType type) implements Listed {
        static RequestDeadLetterView of(RequestDeadLetter letter, Optional<CertificateRequest> request) {
            return new RequestDeadLetterView(
                    letter,
                    request.map(CertificateRequest::callerSystemId).orElse(""),
                    request.map(CertificateRequest::state).orElse(null),
                    request.map(CertificateRequest::type).orElse(null));
        }

        /** Whether the step acts on the request if it is delivered again. */
        public boolean stillWaiting() {
            return state == letter.queue().actsOn();
        }
    }

    /**
     * A vetting or issuance dead letter sent again.
     *
     * @param state the request's state when it was replayed; null when the gateway knows no such request
     * @param stillWaiting true when the request was in the state its step acts on, so the step takes it
     *     up again; false when it had moved on, so the step ignores the message
     */
    public record RequestReplay(RequestDeadLetter letter, RequestState state, boolean stillWaiting) {}
}
