package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.contract.admin.CatchAllDeadLetter;
import ir.meganaft.ragateway.contract.admin.ListCatchAllDeadLettersRequest;
import ir.meganaft.ragateway.contract.admin.ListCatchAllDeadLettersResponse;
import ir.meganaft.ragateway.contract.admin.MessageProperty;
import ir.meganaft.ragateway.contract.admin.NotReplayedMessage;
import ir.meganaft.ragateway.contract.admin.PurgeCatchAllDeadLettersRequest;
import ir.meganaft.ragateway.contract.admin.PurgeCatchAllDeadLettersResponse;
import ir.meganaft.ragateway.contract.admin.ReplayCatchAllDeadLettersRequest;
import ir.meganaft.ragateway.contract.admin.ReplayCatchAllDeadLettersResponse;
import ir.meganaft.ragateway.contract.admin.ReplayedMessage;
import ir.meganaft.ragateway.contract.admin.ShowCatchAllDeadLetterRequest;
import ir.meganaft.ragateway.contract.admin.ShowCatchAllDeadLetterResponse;
import ir.meganaft.ragateway.notification.CatchAllDeadLetterAdmin;
import ir.meganaft.ragateway.security.Caller;

/**
 * AdminService 1.3, the broker's catch-all queues DLQ and ExpiryQueue (caller: an integration
 * admin, for every operation): JAXB to domain and back; the checks and the faults are
 * {@link CatchAllDeadLetterAdmin}'s.
 */
public final class CatchAllDeadLettersSoap {
    private final CatchAllDeadLetterAdmin admin;

    public CatchAllDeadLettersSoap(CatchAllDeadLetterAdmin admin) {
        this.admin = admin;
    }

    /** listCatchAllDeadLetters. Caller: an integration admin. */
    public ListCatchAllDeadLettersResponse listCatchAllDeadLetters(
            ListCatchAllDeadLettersRequest request, Caller caller) {
        Integer max = request.getMaxResults() == null
                ? null
                : request.getMaxResults()
                        .min(java.math.BigInteger.valueOf(CatchAllDeadLetterAdmin.MAX_LISTED))
                        .intValue();
        ListCatchAllDeadLettersResponse response = new ListCatchAllDeadLettersResponse();
        admin.list(caller.id(), request.getQueue(), max).stream()
                .map(CatchAllDeadLettersSoap::letter)
                .forEach(response.getCatchAllDeadLetter()::add);
        return response;
    }

    /** showCatchAllDeadLetter. Caller: an integration admin. */
    public ShowCatchAllDeadLetterResponse showCatchAllDeadLetter(ShowCatchAllDeadLetterRequest request, Caller caller) {
        ir.meganaft.ragateway.notification.CatchAllDeadLetter shown =
                admin.show(caller.id(), request.getQueue(), request.getMessageId());
        CatchAllDeadLetter letter = letter(shown);
        shown.properties().forEach((name, value) -> {
            MessageProperty p = new MessageProperty();
            p.setName(name);
            p.setValue(value);
            letter.getProperty().add(p);
        });
        letter.setBodyPreview(shown.body());
        letter.setBodyTruncated(!shown.bodyComplete());
        ShowCatchAllDeadLetterResponse response = new ShowCatchAllDeadLetterResponse();
        response.setCatchAllDeadLetter(letter);
        return response;
    }

    /** replayCatchAllDeadLetters. Caller: an integration admin. */
    public ReplayCatchAllDeadLettersResponse replayCatchAllDeadLetters(
            ReplayCatchAllDeadLettersRequest request, Caller caller) {
        CatchAllDeadLetterAdmin.Replay replay = request.getMessageId() != null
                ? admin.replay(caller.id(), request.getQueue(), request.getMessageId())
                : admin.replayAll(caller.id(), request.getQueue());
        ReplayCatchAllDeadLettersResponse response = new ReplayCatchAllDeadLettersResponse();
        for (CatchAllDeadLetterAdmin.Replayed r : replay.replayed()) {
            ReplayedMessage m = new ReplayedMessage();
            m.setMessageId(r.messageId());
            m.setToQueue(r.toQueue());
            m.setToAddress(r.toAddress());
            response.getReplayed().add(m);
        }
        for (CatchAllDeadLetterAdmin.NotReplayed n : replay.notReplayed()) {
            NotReplayedMessage m = new NotReplayedMessage();
            m.setMessageId(n.messageId());
            m.setReason(n.reason());
            response.getNotReplayed().add(m);
        }
        response.setRemaining(replay.remaining());
        return response;
    }

    /** purgeCatchAllDeadLetters. Caller: an integration admin. */
    public PurgeCatchAllDeadLettersResponse purgeCatchAllDeadLetters(
            PurgeCatchAllDeadLettersRequest request, Caller caller) {
        PurgeCatchAllDeadLettersResponse response = new PurgeCatchAllDeadLettersResponse();
        if (request.getMessageId() != null) {
            response.getPurgedMessageId().add(admin.purge(caller.id(), request.getQueue(), request.getMessageId()));
            response.setPurgedCount(1);
        } else {
            response.setPurgedCount(admin.purgeAll(caller.id(), request.getQueue()));
        }
        return response;
    }

    private static CatchAllDeadLetter letter(ir.meganaft.ragateway.notification.CatchAllDeadLetter m) {
        CatchAllDeadLetter d = new CatchAllDeadLetter();
        d.setMessageId(m.messageId());
        d.setQueue(m.queue());
        d.setOriginalAddress(m.originalAddress());
        d.setOriginalQueue(m.originalQueue());
        d.setOriginalMessageId(m.originalMessageId());
        d.setJmsMessageId(m.jmsMessageId());
        d.setBodyType(m.bodyType());
        d.setSize(m.size());
        d.setDurable(m.durable());
        d.setPriority(m.priority());
        d.setSentAt(m.sentAt());
        d.setExpiredAt(m.expiredAt());
        d.setExpiresAt(m.expiresAt());
        return d;
    }
}
