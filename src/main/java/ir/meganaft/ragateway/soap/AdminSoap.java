package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.contract.admin.DeadLetter;
import ir.meganaft.ragateway.contract.admin.DeliveryChannel;
import ir.meganaft.ragateway.contract.admin.ListDeadLettersRequest;
import ir.meganaft.ragateway.contract.admin.ListDeadLettersResponse;
import ir.meganaft.ragateway.contract.admin.ReplayDeadLettersRequest;
import ir.meganaft.ragateway.contract.admin.ReplayDeadLettersResponse;
import ir.meganaft.ragateway.notification.DeadLetterAdmin;
import ir.meganaft.ragateway.notification.OutboxEntry;
import java.util.List;

/** The admin service's operations (caller: an integration admin): JAXB to domain and back. */
public final class AdminSoap {
    private final DeadLetterAdmin admin;

    public AdminSoap(DeadLetterAdmin admin) {
        this.admin = admin;
    }

    /** listDeadLetters. Caller: an integration admin. */
    public ListDeadLettersResponse listDeadLetters(ListDeadLettersRequest request) {
        Integer max = request.getMaxResults() == null ? null
                : request.getMaxResults().min(java.math.BigInteger.valueOf(DeadLetterAdmin.MAX_LISTED)).intValue();
        ListDeadLettersResponse response = new ListDeadLettersResponse();
        for (DeadLetterAdmin.DeadLetterView view : admin.list(request.getAdmin().getAdminId(), max)) {
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
            response.getDeadLetter().add(d);
        }
        return response;
    }

    /** replayDeadLetters. Caller: an integration admin. */
    public ReplayDeadLettersResponse replayDeadLetters(ReplayDeadLettersRequest request) {
        String adminId = request.getAdmin().getAdminId();
        List<Long> replayed = request.getDeadLetterId() != null ? admin.replay(adminId, request.getDeadLetterId())
                : admin.replayAll(adminId);
        ReplayDeadLettersResponse response = new ReplayDeadLettersResponse();
        response.getReplayedId().addAll(replayed);
        return response;
    }
}
