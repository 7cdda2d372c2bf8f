package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.contract.admin.DeadLetter;
import ir.meganaft.ragateway.contract.admin.DeliveryChannel;
import ir.meganaft.ragateway.contract.admin.ListDeadLettersRequest;
import ir.meganaft.ragateway.contract.admin.ListDeadLettersResponse;
import ir.meganaft.ragateway.contract.admin.ReplayDeadLettersRequest;
import ir.meganaft.ragateway.contract.admin.ReplayDeadLettersResponse;
import ir.meganaft.ragateway.contract.admin.ReplayedRequest;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.notification.DeadLetterAdmin;
import ir.meganaft.ragateway.notification.OutboxEntry;
import ir.meganaft.ragateway.notification.RequestDeadLetter;
import ir.meganaft.ragateway.notification.RequestQueue;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The admin service's operations (caller: an integration admin): JAXB to domain and back. A
 * request that names no channel gets what version 1 of the contract gave (callbacks and CPMIS
 * calls only); VETTING and ISSUANCE are there for those who ask.
 */
public final class AdminSoap {
    private final DeadLetterAdmin admin;

    public AdminSoap(DeadLetterAdmin admin) {
        this.admin = admin;
    }

    /** listDeadLetters. Caller: an integration admin. */
    public ListDeadLettersResponse listDeadLetters(ListDeadLettersRequest request, ir.meganaft.ragateway.security.Caller caller) {
        Integer max = request.getMaxResults() == null ? null
                : request.getMaxResults().min(java.math.BigInteger.valueOf(DeadLetterAdmin.MAX_LISTED)).intValue();
        List<DeliveryChannel> asked = request.getChannel();
        ListDeadLettersResponse response = new ListDeadLettersResponse();
        for (DeadLetterAdmin.Listed listed : admin.list(caller.id(), max, outboxChannels(asked),
                steps(asked))) {
            response.getDeadLetter().add(listed instanceof DeadLetterAdmin.DeadLetterView view ? deadLetter(view)
                    : deadLetter((DeadLetterAdmin.RequestDeadLetterView) listed));
        }
        return response;
    }

    /** replayDeadLetters. Caller: an integration admin. */
    public ReplayDeadLettersResponse replayDeadLetters(ReplayDeadLettersRequest request,
            ir.meganaft.ragateway.security.Caller caller) {
        String adminId = caller.id();
        List<DeliveryChannel> asked = request.getChannel() == null ? List.of() : List.of(request.getChannel());
        Set<RequestQueue> steps = steps(asked);
        ReplayDeadLettersResponse response = new ReplayDeadLettersResponse();
        if (request.getDeadLetterId() != null && !steps.isEmpty()) {
            add(response, admin.replay(adminId, steps.iterator().next(), request.getDeadLetterId()));
        } else if (request.getDeadLetterId() != null) {
            response.getReplayedId().addAll(admin.replay(adminId, request.getDeadLetterId(), outboxChannels(asked)));
        } else if (!steps.isEmpty()) {
            admin.replayAll(adminId, steps.iterator().next()).forEach(r -> add(response, r));
        } else {
            response.getReplayedId().addAll(admin.replayAll(adminId, outboxChannels(asked)));
        }
        return response;
    }

    private static DeadLetter deadLetter(DeadLetterAdmin.DeadLetterView view) {
        OutboxEntry e = view.entry();
        DeadLetter d = new DeadLetter();
        d.setDeadLetterId(e.id());
        d.setNotificationId(e.notificationId());
        d.setChannel(DeliveryChannel.fromValue(e.channel().name()));
        d.setEvent(e.event());
        d.setRequestId(e.requestId());
        d.setCallerSystemId(view.callerSystemId());
        d.setTarget(e.target());
        d.setAttempts(e.attempts());
        d.setLastError(e.lastError());
        d.setOccurredAt(e.occurredAt());
        d.setLastAttemptAt(e.lastAttemptAt());
        return d;
    }

    private static DeadLetter deadLetter(DeadLetterAdmin.RequestDeadLetterView view) {
        RequestDeadLetter letter = view.letter();
        DeadLetter d = new DeadLetter();
        d.setDeadLetterId(letter.id());
        d.setNotificationId("");
        d.setChannel(DeliveryChannel.fromValue(letter.queue().name()));
        d.setEvent(view.type() == null ? "UNKNOWN" : view.type().name());
        d.setRequestId(letter.requestId());
        d.setCallerSystemId(view.callerSystemId());
        d.setAttempts(letter.attempts());
        d.setOccurredAt(letter.queuedAt());
        d.setRequestState(view.state() == null ? null : RequestState.fromValue(view.state().name()));
        d.setQueue(letter.originalQueue());
        return d;
    }

    private static void add(ReplayDeadLettersResponse response, DeadLetterAdmin.RequestReplay replay) {
        ReplayedRequest r = new ReplayedRequest();
        r.setDeadLetterId(replay.letter().id());
        r.setChannel(DeliveryChannel.fromValue(replay.letter().queue().name()));
        r.setRequestId(replay.letter().requestId());
        r.setRequestState(replay.state() == null ? null : RequestState.fromValue(replay.state().name()));
        r.setStillWaiting(replay.stillWaiting());
        response.getReplayedId().add(replay.letter().id());
        response.getReplayedRequest().add(r);
    }

    /** The callback and CPMIS channels asked for; none named means both (version 1). */
    private static Set<ir.meganaft.ragateway.notification.DeliveryChannel> outboxChannels(Collection<DeliveryChannel> asked) {
        Set<ir.meganaft.ragateway.notification.DeliveryChannel> channels =
                EnumSet.noneOf(ir.meganaft.ragateway.notification.DeliveryChannel.class);
        if (asked.isEmpty()) {
            return EnumSet.allOf(ir.meganaft.ragateway.notification.DeliveryChannel.class);
        }
        for (ir.meganaft.ragateway.notification.DeliveryChannel c : ir.meganaft.ragateway.notification.DeliveryChannel.values()) {
            if (asked.contains(DeliveryChannel.fromValue(c.name()))) {
                channels.add(c);
            }
        }
        return channels;
    }

    /** The request steps asked for: only those named. */
    private static Set<RequestQueue> steps(Collection<DeliveryChannel> asked) {
        Set<RequestQueue> steps = EnumSet.noneOf(RequestQueue.class);
        for (RequestQueue q : RequestQueue.values()) {
            if (asked.contains(DeliveryChannel.fromValue(q.name()))) {
                steps.add(q);
            }
        }
        return steps;
    }
}
