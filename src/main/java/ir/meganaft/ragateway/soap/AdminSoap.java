package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.contract.admin.DeadLetter;
import ir.meganaft.ragateway.contract.admin.DeliveryChannel;
import ir.meganaft.ragateway.contract.admin.ListDeadLettersRequest;
import ir.meganaft.ragateway.contract.admin.ListDeadLettersResponse;
import ir.meganaft.ragateway.contract.admin.ListStalledRequestsRequest;
import ir.meganaft.ragateway.contract.admin.ListStalledRequestsResponse;
import ir.meganaft.ragateway.contract.admin.PublishCrlRequest;
import ir.meganaft.ragateway.contract.admin.PublishCrlResponse;
import ir.meganaft.ragateway.contract.admin.PublishedCrl;
import ir.meganaft.ragateway.contract.admin.PurgeDeadLettersRequest;
import ir.meganaft.ragateway.contract.admin.PurgeDeadLettersResponse;
import ir.meganaft.ragateway.contract.admin.PushCrlRequest;
import ir.meganaft.ragateway.contract.admin.PushCrlResponse;
import ir.meganaft.ragateway.contract.admin.PushedCrl;
import ir.meganaft.ragateway.contract.admin.ReplayDeadLettersRequest;
import ir.meganaft.ragateway.contract.admin.ReplayDeadLettersResponse;
import ir.meganaft.ragateway.contract.admin.ReplayedRequest;
import ir.meganaft.ragateway.contract.admin.RequeueStalledRequestsRequest;
import ir.meganaft.ragateway.contract.admin.RequeueStalledRequestsResponse;
import ir.meganaft.ragateway.contract.admin.StalledRequest;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.crl.CrlPublisher;
import ir.meganaft.ragateway.crl.CrlPush;
import ir.meganaft.ragateway.crl.CrlRecord;
import ir.meganaft.ragateway.crl.PushTarget;
import ir.meganaft.ragateway.notification.DeadLetterAdmin;
import ir.meganaft.ragateway.notification.OutboxEntry;
import ir.meganaft.ragateway.notification.RequestDeadLetter;
import ir.meganaft.ragateway.notification.RequestQueue;
import ir.meganaft.ragateway.vetting.StalledRequests;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The admin service's operations (caller: an integration admin): JAXB to domain and back: dead
 * letters (list, replay, purge), stalled requests (list, queue again) and CRLs on demand. A
 * request that names no channel gets what version 1 of the contract gave (callbacks and CPMIS
 * calls only); VETTING and ISSUANCE are there for those who ask.
 */
public final class AdminSoap {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AdminSoap.class);
    private final DeadLetterAdmin admin;
    private final StalledRequests stalled;
    private final CrlPublisher crls;
    private final CrlPush push;

    public AdminSoap(DeadLetterAdmin admin, StalledRequests stalled, CrlPublisher crls, CrlPush push) {
        this.admin = admin;
        this.stalled = stalled;
        this.crls = crls;
        this.push = push;
    }

    /** purgeDeadLetters. Caller: an integration admin. */
    public PurgeDeadLettersResponse purgeDeadLetters(
            PurgeDeadLettersRequest request, ir.meganaft.ragateway.security.Caller caller) {
        List<DeliveryChannel> asked = request.getChannel() == null ? List.of() : List.of(request.getChannel());
        Set<RequestQueue> steps = steps(asked);
        PurgeDeadLettersResponse response = new PurgeDeadLettersResponse();
        if (request.getDeadLetterId() != null && !steps.isEmpty()) {
            response.getPurgedId()
                    .addAll(admin.purge(caller.id(), steps.iterator().next(), request.getDeadLetterId()));
        } else if (request.getDeadLetterId() != null) {
            response.getPurgedId().addAll(admin.purge(caller.id(), request.getDeadLetterId(), outboxChannels(asked)));
        } else if (!steps.isEmpty()) {
            response.getPurgedId()
                    .addAll(admin.purgeAll(caller.id(), steps.iterator().next()));
        } else {
            response.getPurgedId().addAll(admin.purgeAll(caller.id(), outboxChannels(asked)));
        }
        return response;
    }

    /** listStalledRequests. Caller: an integration admin. */
    public ListStalledRequestsResponse listStalledRequests(
            ListStalledRequestsRequest request, ir.meganaft.ragateway.security.Caller caller) {
        ListStalledRequestsResponse response = new ListStalledRequestsResponse();
        stalled.all().forEach(s -> response.getStalledRequest().add(stalledRequest(s)));
        return response;
    }

    /**
     * requeueStalledRequests, first half: the stalled requests to queue again (those named, or all);
     * routes/admin.camel.yaml queues each, then {@link #requeued} answers.
     */
    public List<StalledRequests.Stalled> toRequeue(
            RequeueStalledRequestsRequest request, ir.meganaft.ragateway.security.Caller caller) {
        Set<String> named = Set.copyOf(request.getRequestId());
        List<StalledRequests.Stalled> chosen = stalled.all().stream()
                .filter(s -> named.isEmpty() || named.contains(s.requestId()))
                .toList();
        LOG.info(
                "Admin {} queues {} stalled request(s) again: {}",
                caller.id(),
                chosen.size(),
                chosen.stream().map(StalledRequests.Stalled::requestId).toList());
        return chosen;
    }

    /** requeueStalledRequests, second half: the answer. */
    public RequeueStalledRequestsResponse requeued(List<StalledRequests.Stalled> requeued) {
        RequeueStalledRequestsResponse response = new RequeueStalledRequestsResponse();
        requeued.forEach(s -> response.getRequeued().add(stalledRequest(s)));
        return response;
    }

    /** publishCrl. Caller: an integration admin. */
    public PublishCrlResponse publishCrl(PublishCrlRequest request, ir.meganaft.ragateway.security.Caller caller) {
        List<CrlRecord> published;
        try {
            published = crls.publishNow(Boolean.TRUE.equals(request.isDelta()));
        } catch (IllegalStateException refused) {
            throw new ir.meganaft.ragateway.errors.GatewayException(
                    ir.meganaft.ragateway.errors.FaultCode.CRL_NOT_AVAILABLE,
                    "No CRL was published: " + refused.getMessage(),
                    null,
                    null);
        }
        LOG.info(
                "Admin {} published CRL(s) {}",
                caller.id(),
                published.stream().map(CrlRecord::number).toList());
        PublishCrlResponse response = new PublishCrlResponse();
        for (CrlRecord crl : published) {
            PublishedCrl p = new PublishedCrl();
            p.setCrlNumber(crl.number());
            p.setDelta(crl.kind() == CrlRecord.Kind.DELTA);
            p.setThisUpdate(crl.thisUpdate());
            p.setNextUpdate(crl.nextUpdate());
            response.getPublished().add(p);
        }
        return response;
    }

    /** pushCrl, first half: the pushes to make (routes/admin.camel.yaml makes them, then {@link #pushed} answers). */
    public List<CrlPush.Job> pushAgain(PushCrlRequest request, ir.meganaft.ragateway.security.Caller caller) {
        List<CrlPush.Job> jobs = push.again(request.getTarget());
        LOG.info(
                "Admin {} pushes CRL(s) {} to {} again",
                caller.id(),
                jobs.stream().map(j -> j.crl().number()).toList(),
                request.getTarget());
        return jobs;
    }

    /** pushCrl, second half: what the target has now. */
    public PushCrlResponse pushed(List<CrlPush.Job> jobs) {
        PushCrlResponse response = new PushCrlResponse();
        for (CrlPush.Job job : jobs) {
            PushTarget now = push.target(job.target());
            Long last = job.crl().kind() == CrlRecord.Kind.DELTA ? now.lastDeltaNumber() : now.lastFullNumber();
            PushedCrl p = new PushedCrl();
            p.setCrlNumber(job.crl().number());
            p.setFileName(job.fileName());
            p.setDelivered(last != null && last >= job.crl().number() && now.failedAttempts() == 0);
            p.setError(p.isDelivered() ? null : now.lastError());
            response.getPushed().add(p);
        }
        return response;
    }

    private static StalledRequest stalledRequest(StalledRequests.Stalled s) {
        StalledRequest r = new StalledRequest();
        r.setRequestId(s.requestId());
        r.setRequestState(RequestState.fromValue(s.state().name()));
        r.setChannel(s.forVetting() ? DeliveryChannel.VETTING : DeliveryChannel.ISSUANCE);
        return r;
    }

    /** listDeadLetters. Caller: an integration admin. */
    public ListDeadLettersResponse listDeadLetters(
            ListDeadLettersRequest request, ir.meganaft.ragateway.security.Caller caller) {
        Integer max = request.getMaxResults() == null
                ? null
                : request.getMaxResults()
                        .min(java.math.BigInteger.valueOf(DeadLetterAdmin.MAX_LISTED))
                        .intValue();
        List<DeliveryChannel> asked = request.getChannel();
        ListDeadLettersResponse response = new ListDeadLettersResponse();
        for (DeadLetterAdmin.Listed listed : admin.list(caller.id(), max, outboxChannels(asked), steps(asked))) {
            response.getDeadLetter()
                    .add(
                            listed instanceof DeadLetterAdmin.DeadLetterView view
                                    ? deadLetter(view)
                                    : deadLetter((DeadLetterAdmin.RequestDeadLetterView) listed));
        }
        return response;
    }

    /** replayDeadLetters. Caller: an integration admin. */
    public ReplayDeadLettersResponse replayDeadLetters(
            ReplayDeadLettersRequest request, ir.meganaft.ragateway.security.Caller caller) {
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
        d.setRequestState(
                view.state() == null
                        ? null
                        : RequestState.fromValue(view.state().name()));
        d.setQueue(letter.originalQueue());
        return d;
    }

    private static void add(ReplayDeadLettersResponse response, DeadLetterAdmin.RequestReplay replay) {
        ReplayedRequest r = new ReplayedRequest();
        r.setDeadLetterId(replay.letter().id());
        r.setChannel(DeliveryChannel.fromValue(replay.letter().queue().name()));
        r.setRequestId(replay.letter().requestId());
        r.setRequestState(
                replay.state() == null
                        ? null
                        : RequestState.fromValue(replay.state().name()));
        r.setStillWaiting(replay.stillWaiting());
        response.getReplayedId().add(replay.letter().id());
        response.getReplayedRequest().add(r);
    }

    /** The callback and CPMIS channels asked for; none named means both (version 1). */
    private static Set<ir.meganaft.ragateway.notification.DeliveryChannel> outboxChannels(
            Collection<DeliveryChannel> asked) {
        Set<ir.meganaft.ragateway.notification.DeliveryChannel> channels =
                EnumSet.noneOf(ir.meganaft.ragateway.notification.DeliveryChannel.class);
        if (asked.isEmpty()) {
            return EnumSet.allOf(ir.meganaft.ragateway.notification.DeliveryChannel.class);
        }
        for (ir.meganaft.ragateway.notification.DeliveryChannel c :
                ir.meganaft.ragateway.notification.DeliveryChannel.values()) {
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
