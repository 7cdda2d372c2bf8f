package ir.meganaft.ragateway.admin;

import ir.meganaft.ragateway.contract.admin.CatchAllDeadLetter;
import ir.meganaft.ragateway.contract.admin.ListCatchAllDeadLettersRequest;
import ir.meganaft.ragateway.contract.admin.MessageProperty;
import ir.meganaft.ragateway.contract.admin.NotReplayedMessage;
import ir.meganaft.ragateway.contract.admin.PurgeCatchAllDeadLettersRequest;
import ir.meganaft.ragateway.contract.admin.PurgeCatchAllDeadLettersResponse;
import ir.meganaft.ragateway.contract.admin.ReplayCatchAllDeadLettersRequest;
import ir.meganaft.ragateway.contract.admin.ReplayCatchAllDeadLettersResponse;
import ir.meganaft.ragateway.contract.admin.ReplayedMessage;
import ir.meganaft.ragateway.contract.admin.ShowCatchAllDeadLetterRequest;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * The {@code --queue} side of {@code dead-letters list|show|replay|purge}: the broker's catch-all
 * queues DLQ and ExpiryQueue, through AdminService 1.3. The gateway checks the queue name
 * (UNKNOWN_QUEUE) and the message id (UNKNOWN_DEAD_LETTER); what it answers is already bounded and
 * escaped, so it is printed as it comes.
 */
final class CatchAllCli {
    private CatchAllCli() {}

    static void list(DeadLetterCli.Connection connection, List<String> queues, int max, PrintWriter out)
            throws Exception {
        ListCatchAllDeadLettersRequest request = new ListCatchAllDeadLettersRequest();
        request.setAdmin(connection.admin());
        request.getQueue().addAll(queues);
        request.setMaxResults(BigInteger.valueOf(max));
        List<CatchAllDeadLetter> letters =
                connection.port().listCatchAllDeadLetters(request).getCatchAllDeadLetter();
        out.printf(
                "%-12s %-20s %-32s %-6s %8s  %s%n",
                "QUEUE", "MESSAGE ID", "FROM QUEUE", "TYPE", "BYTES", "SENT / EXPIRED");
        for (CatchAllDeadLetter d : letters) {
            out.printf(
                    "%-12s %-20d %-32s %-6s %8d  %s%s%n",
                    d.getQueue(),
                    d.getMessageId(),
                    Objects.toString(d.getOriginalQueue(), "-"),
                    d.getBodyType(),
                    d.getSize(),
                    Objects.toString(d.getSentAt(), "-"),
                    d.getExpiredAt() == null ? "" : " / expired " + d.getExpiredAt());
        }
        out.printf(
                "%d message(s) in %s%n",
                letters.size(),
                queues.isEmpty() ? "the broker's catch-all queues (DLQ, ExpiryQueue)" : String.join(", ", queues));
        out.flush();
    }

    static void show(DeadLetterCli.Connection connection, String queue, long id, PrintWriter out) throws Exception {
        ShowCatchAllDeadLetterRequest request = new ShowCatchAllDeadLetterRequest();
        request.setAdmin(connection.admin());
        request.setQueue(queue);
        request.setMessageId(id);
        CatchAllDeadLetter d = connection.port().showCatchAllDeadLetter(request).getCatchAllDeadLetter();
        out.printf("message id:        %d%nqueue:             %s%n", d.getMessageId(), d.getQueue());
        out.printf(
                "original address:  %s%noriginal queue:    %s%noriginal id:       %s%n",
                Objects.toString(d.getOriginalAddress(), ""),
                Objects.toString(d.getOriginalQueue(), ""),
                Objects.toString(d.getOriginalMessageId(), ""));
        out.printf(
                "JMS message id:    %s%nbody type:         %s%nsize (bytes):      %d%ndurable:           %s%npriority:          %d%n",
                Objects.toString(d.getJmsMessageId(), ""),
                d.getBodyType(),
                d.getSize(),
                d.isDurable() ? "yes" : "no",
                d.getPriority());
        out.printf(
                "sent at:           %s%nexpired at:        %s%nexpires at:        %s%n",
                Objects.toString(d.getSentAt(), ""),
                Objects.toString(d.getExpiredAt(), ""),
                d.getExpiresAt() == null ? "never" : d.getExpiresAt());
        out.printf("properties:%n");
        for (MessageProperty p : d.getProperty()) {
            out.printf("  %s = %s%n", p.getName(), p.getValue());
        }
        out.printf(
                "body%s:%n  %s%n",
                Boolean.TRUE.equals(d.isBodyTruncated()) ? " (the start only)" : "",
                d.getBodyPreview() == null ? "(" + d.getBodyType() + " body: not shown)" : d.getBodyPreview());
        out.flush();
    }

    static void replay(DeadLetterCli.Connection connection, String queue, Long id, PrintWriter out) throws Exception {
        ReplayCatchAllDeadLettersRequest request = new ReplayCatchAllDeadLettersRequest();
        request.setAdmin(connection.admin());
        request.setQueue(queue);
        if (id == null) {
            request.setAll(true);
        } else {
            request.setMessageId(id);
        }
        ReplayCatchAllDeadLettersResponse response = connection.port().replayCatchAllDeadLetters(request);
        for (ReplayedMessage r : response.getReplayed()) {
            out.printf(
                    "replayed message %d from %s to queue %s%s%n",
                    r.getMessageId(),
                    queue,
                    r.getToQueue(),
                    r.getToAddress() == null ? "" : " (address " + r.getToAddress() + ")");
        }
        for (NotReplayedMessage n : response.getNotReplayed()) {
            out.printf("not replayed: message %d stays in %s: %s%n", n.getMessageId(), queue, n.getReason());
        }
        out.printf(
                "replayed %d message(s) of %s; %d message(s) remain there%n",
                response.getReplayed().size(), queue, response.getRemaining());
        out.flush();
    }

    static void purge(DeadLetterCli.Connection connection, String queue, Long id, PrintWriter out) throws Exception {
        PurgeCatchAllDeadLettersRequest request = new PurgeCatchAllDeadLettersRequest();
        request.setAdmin(connection.admin());
        request.setQueue(queue);
        if (id == null) {
            request.setAll(true);
        } else {
            request.setMessageId(id);
        }
        PurgeCatchAllDeadLettersResponse response = connection.port().purgeCatchAllDeadLetters(request);
        out.printf(
                "purged %d message(s) of %s%s%n",
                response.getPurgedCount(),
                queue,
                response.getPurgedMessageId().isEmpty() ? "" : ": " + response.getPurgedMessageId());
        out.flush();
    }
}
