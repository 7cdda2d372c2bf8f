package ir.meganaft.ragateway.admin;

import ir.meganaft.ragateway.contract.admin.AdminIdentity;
import ir.meganaft.ragateway.contract.admin.AdminService;
import ir.meganaft.ragateway.contract.admin.AdminServicePortType;
import ir.meganaft.ragateway.contract.admin.DeadLetter;
import ir.meganaft.ragateway.contract.admin.DeliveryChannel;
import ir.meganaft.ragateway.contract.admin.ListDeadLettersRequest;
import ir.meganaft.ragateway.contract.admin.ReplayDeadLettersRequest;
import ir.meganaft.ragateway.contract.admin.ReplayDeadLettersResponse;
import ir.meganaft.ragateway.contract.admin.ReplayedRequest;
import jakarta.xml.ws.BindingProvider;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The dead letters of callbacks, CPMIS calls, vetting and issuance, and (with {@code --queue}) the
 * messages in the broker's catch-all queues DLQ and ExpiryQueue, from the command line
 * (docs/operations.md, "Dead letters"): {@code list} them, {@code show} one, {@code replay} one (a
 * callback or CPMIS call with the earlier dead letters of its request; a catch-all message to the
 * queue it came from) or all, {@code purge} them. It calls the gateway's AdminService over SOAP, so
 * it works wherever the gateway is reachable and goes through the same checks as any admin call.
 */
@Command(
        name = "dead-letters",
        mixinStandardHelpOptions = true,
        description = "Dead letters of the MegaNaft RA gateway: callbacks, CPMIS calls, vetting and issuance; "
                + "with --queue, the broker's catch-all DLQ and ExpiryQueue.",
        subcommands = {
            DeadLetterCli.ListLetters.class,
            DeadLetterCli.Show.class,
            DeadLetterCli.Replay.class,
            DeadLetterCli.Purge.class
        })
public final class DeadLetterCli {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, with errors reported as one line rather than a stack trace. Also
     * {@code ra-gateway admin dead-letters} ({@link AdminCli}).
     */
    public static CommandLine commandLine() {
        return AdminCli.oneLineErrors(new CommandLine(new DeadLetterCli()), "dead-letters");
    }

    /** Which gateway, and who is asking: the admin's client certificate (mutual TLS, issue 12). */
    static final class Connection {
        @Option(
                names = "--url",
                defaultValue = "${env:RA_GATEWAY_ADMIN_URL:-https://127.0.0.1:8443/ra/AdminService}",
                description = "the gateway's AdminService (default: $RA_GATEWAY_ADMIN_URL or ${DEFAULT-VALUE})")
        String url;

        @Option(
                names = "--cert",
                required = true,
                defaultValue = "${env:RA_GATEWAY_ADMIN_CERT}",
                description =
                        "your integration-admin client certificate and key, a PKCS#12 file (default: $RA_GATEWAY_ADMIN_CERT)")
        java.nio.file.Path certificate;

        @Option(
                names = "--cert-password-file",
                required = true,
                defaultValue = "${env:RA_GATEWAY_ADMIN_CERT_PASSWORD_FILE}",
                description =
                        "the file holding that PKCS#12 file's password (default: $RA_GATEWAY_ADMIN_CERT_PASSWORD_FILE)")
        java.nio.file.Path passwordFile;

        @Option(
                names = "--ca",
                required = true,
                defaultValue = "${env:RA_GATEWAY_CA}",
                description =
                        "the CA certificates (PEM) the gateway's TLS certificate chains to (default: $RA_GATEWAY_CA)")
        java.nio.file.Path ca;

        @Option(
                names = "--admin",
                defaultValue = "${env:RA_GATEWAY_ADMIN}",
                description =
                        "your integration-admin id, checked against your certificate (optional; default: $RA_GATEWAY_ADMIN)")
        String adminId;

        AdminServicePortType port() throws Exception {
            for (java.nio.file.Path file : List.of(certificate, passwordFile, ca)) {
                if (!java.nio.file.Files.isReadable(file)) {
                    throw new IllegalArgumentException(
                            "cannot read " + file + " (see --cert, --cert-password-file, --ca)");
                }
            }
            AdminServicePortType port = new AdminService().getAdminServiceSoap11Port();
            ((BindingProvider) port).getRequestContext().put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, url);
            org.apache.cxf.configuration.jsse.TLSClientParameters tls =
                    new org.apache.cxf.configuration.jsse.TLSClientParameters();
            tls.setSslContext(sslContext());
            ((org.apache.cxf.transport.http.HTTPConduit)
                            org.apache.cxf.frontend.ClientProxy.getClient(port).getConduit())
                    .setTlsClientParameters(tls);
            return port;
        }

        private javax.net.ssl.SSLContext sslContext() throws Exception {
            char[] password =
                    java.nio.file.Files.readString(passwordFile).strip().toCharArray();
            try (var in = java.nio.file.Files.newInputStream(ca)) {
                return ir.meganaft.ragateway.security.TlsContexts.caller(
                        certificate,
                        password,
                        java.security.cert.CertificateFactory.getInstance("X.509")
                                .generateCertificates(in));
            }
        }

        /** The admin identity to state in the message: none unless --admin is given (the certificate says who). */
        AdminIdentity admin() {
            if (adminId == null || adminId.isBlank()) {
                return null;
            }
            AdminIdentity admin = new AdminIdentity();
            admin.setAdminId(adminId);
            return admin;
        }
    }

    @Command(
            name = "list",
            description = "The dead letters: callbacks and CPMIS calls, then vetting, then issuance, each "
                    + "oldest first: id, channel, event, request, system, attempts, the request's state (vetting and issuance), "
                    + "last error; then (unless --channel is given) the messages in the broker's catch-all queues DLQ and "
                    + "ExpiryQueue: queue, message id, the queue it came from, body type, size, when sent or expired.")
    static final class ListLetters implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Option(names = "--max", defaultValue = "500", description = "at most this many (${DEFAULT-VALUE})")
        int max;

        @Option(
                names = "--channel",
                paramLabel = "CHANNEL",
                description = "only this channel (repeatable): " + "${COMPLETION-CANDIDATES}; default all")
        List<DeliveryChannel> channels = new ArrayList<>();

        @Option(
                names = "--queue",
                paramLabel = "QUEUE",
                description = "only this catch-all queue of the broker (repeatable): DLQ or ExpiryQueue; "
                        + "default both, after the channels (none with --channel)")
        List<String> queues = new ArrayList<>();

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!channels.isEmpty() && !queues.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Give --channel or --queue, not both");
            }
            PrintWriter out = spec.commandLine().getOut();
            if (queues.isEmpty()) {
                listChannels(out);
            }
            if (channels.isEmpty()) {
                if (queues.isEmpty()) {
                    out.println();
                }
                CatchAllCli.list(connection, queues, max, out);
            }
            return 0;
        }

        private void listChannels(PrintWriter out) throws Exception {
            ListDeadLettersRequest request = new ListDeadLettersRequest();
            request.setAdmin(connection.admin());
            request.setMaxResults(BigInteger.valueOf(max));
            request.getChannel().addAll(channels.isEmpty() ? List.of(DeliveryChannel.values()) : channels);
            List<DeadLetter> letters =
                    connection.port().listDeadLetters(request).getDeadLetter();
            out.printf(
                    "%-8s %-8s %-16s %-36s %-14s %8s %-16s  %s%n",
                    "ID", "CHANNEL", "EVENT", "REQUEST", "SYSTEM", "ATTEMPTS", "REQUEST STATE", "LAST ERROR");
            for (DeadLetter d : letters) {
                out.printf(
                        "%-8d %-8s %-16s %-36s %-14s %8d %-16s  %s%n",
                        d.getDeadLetterId(),
                        d.getChannel(),
                        d.getEvent(),
                        d.getRequestId(),
                        d.getCallerSystemId(),
                        d.getAttempts(),
                        d.getRequestState() == null ? "" : d.getRequestState().value(),
                        d.getLastError() == null ? "" : d.getLastError());
            }
            out.printf("%d dead letter(s)%n", letters.size());
            out.flush();
        }
    }

    @Command(
            name = "show",
            description = "Everything about one dead letter: give its id and, for VETTING and ISSUANCE, its --channel; "
                    + "for a message of DLQ or ExpiryQueue, its --queue (properties and the start of its body too).")
    static final class Show implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "ID", description = "the dead letter's id, from list")
        long id;

        @Option(
                names = "--channel",
                paramLabel = "CHANNEL",
                description = "the dead letter's channel, from list: "
                        + "${COMPLETION-CANDIDATES}; default CALLBACK and CPMIS")
        DeliveryChannel channel;

        @Option(
                names = "--queue",
                paramLabel = "QUEUE",
                description = "the catch-all queue the message waits in: DLQ or ExpiryQueue")
        String queue;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (queue != null) {
                onlyOne(spec, channel);
                CatchAllCli.show(connection, queue, id, spec.commandLine().getOut());
                return 0;
            }
            ListDeadLettersRequest request = new ListDeadLettersRequest();
            request.setAdmin(connection.admin());
            request.getChannel()
                    .addAll(
                            channel == null
                                    ? List.of(DeliveryChannel.CALLBACK, DeliveryChannel.CPMIS)
                                    : List.of(channel));
            DeadLetter d = connection.port().listDeadLetters(request).getDeadLetter().stream()
                    .filter(l -> l.getDeadLetterId() == id)
                    .findFirst()
                    .orElse(null);
            if (d == null) {
                throw new IllegalArgumentException("no dead letter " + id
                        + (channel == null
                                ? " among callbacks and CPMIS " + "calls (give --channel VETTING or ISSUANCE for those)"
                                : " in channel " + channel));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "id:             %d%nchannel:        %s%nevent:          %s%nrequest:        %s%n",
                    d.getDeadLetterId(), d.getChannel(), d.getEvent(), d.getRequestId());
            out.printf(
                    "request state:  %s%nsystem:         %s%nnotification:   %s%nqueue:          %s%n",
                    d.getRequestState() == null ? "" : d.getRequestState().value(),
                    d.getCallerSystemId(),
                    d.getNotificationId(),
                    d.getQueue() == null ? "" : d.getQueue());
            out.printf(
                    "target:         %s%nattempts:       %d%noccurred at:    %s%nlast attempt:   %s%nlast error:     %s%n",
                    d.getTarget() == null ? "" : d.getTarget(),
                    d.getAttempts(),
                    d.getOccurredAt(),
                    d.getLastAttemptAt() == null ? "" : d.getLastAttemptAt(),
                    d.getLastError() == null ? "" : d.getLastError());
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "purge",
            description =
                    "Delete dead letters for good: one by id (with --channel for VETTING and "
                            + "ISSUANCE), or --all (of --channel, if given). A callback or CPMIS entry stays DEAD in the outbox; a "
                            + "request keeps its state. With --queue DLQ or ExpiryQueue: one message of that queue by id, or --all of it.")
    static final class Purge implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Parameters(arity = "0..1", paramLabel = "ID", description = "the dead letter's id, from list")
        Long id;

        @Option(names = "--all", description = "purge every dead letter (of --channel, if given)")
        boolean all;

        @Option(
                names = "--channel",
                paramLabel = "CHANNEL",
                description =
                        "the dead letter's channel: " + "${COMPLETION-CANDIDATES}; needed for VETTING and ISSUANCE")
        DeliveryChannel channel;

        @Option(
                names = "--queue",
                paramLabel = "QUEUE",
                description = "a catch-all queue of the broker, DLQ or ExpiryQueue: purge its message ID, or all of it")
        String queue;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if ((id == null) == !all) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Give either an ID or --all");
            }
            if (queue != null) {
                onlyOne(spec, channel);
                CatchAllCli.purge(connection, queue, id, spec.commandLine().getOut());
                return 0;
            }
            List<DeliveryChannel> channels = new ArrayList<>();
            channels.add(channel);
            if (all && channel == null) {
                channels.addAll(List.of(DeliveryChannel.VETTING, DeliveryChannel.ISSUANCE));
            }
            List<Long> purged = new ArrayList<>();
            for (DeliveryChannel c : channels) {
                ir.meganaft.ragateway.contract.admin.PurgeDeadLettersRequest request =
                        new ir.meganaft.ragateway.contract.admin.PurgeDeadLettersRequest();
                request.setAdmin(connection.admin());
                request.setChannel(c);
                if (all) {
                    request.setAll(true);
                } else {
                    request.setDeadLetterId(id);
                }
                purged.addAll(connection.port().purgeDeadLetters(request).getPurgedId());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("purged %d dead letter(s): %s%n", purged.size(), purged);
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "replay",
            description = "Send dead letters again: one by id (a callback or CPMIS call with the "
                    + "earlier dead letters of its request, so order holds; a vetting or issuance one with --channel), or --all. "
                    + "With --queue DLQ or ExpiryQueue: its message ID, or all of it (at most 500 a run), back to the "
                    + "queue each came from; says where each went.")
    static final class Replay implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Parameters(arity = "0..1", paramLabel = "ID", description = "the dead letter's id, from list")
        Long id;

        @Option(names = "--all", description = "replay every dead letter (of --channel, if given)")
        boolean all;

        @Option(
                names = "--channel",
                paramLabel = "CHANNEL",
                description = "the dead letter's channel, from list: "
                        + "${COMPLETION-CANDIDATES}; needed for VETTING and ISSUANCE")
        DeliveryChannel channel;

        @Option(
                names = "--queue",
                paramLabel = "QUEUE",
                description =
                        "a catch-all queue of the broker, DLQ or ExpiryQueue: replay its message ID, or all of it")
        String queue;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if ((id == null) == !all) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Give either an ID or --all");
            }
            if (queue != null) {
                onlyOne(spec, channel);
                CatchAllCli.replay(connection, queue, id, spec.commandLine().getOut());
                return 0;
            }
            // --all alone: the callbacks and CPMIS calls (no channel named), then vetting, then issuance
            List<DeliveryChannel> channels = new ArrayList<>();
            channels.add(channel);
            if (all && channel == null) {
                channels.addAll(List.of(DeliveryChannel.VETTING, DeliveryChannel.ISSUANCE));
            }
            List<Long> replayed = new ArrayList<>();
            List<ReplayedRequest> requests = new ArrayList<>();
            for (DeliveryChannel c : channels) {
                ReplayDeadLettersRequest request = new ReplayDeadLettersRequest();
                request.setAdmin(connection.admin());
                request.setChannel(c);
                if (all) {
                    request.setAll(true);
                } else {
                    request.setDeadLetterId(id);
                }
                ReplayDeadLettersResponse response = connection.port().replayDeadLetters(request);
                replayed.addAll(response.getReplayedId());
                requests.addAll(response.getReplayedRequest());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("replayed %d dead letter(s): %s%n", replayed.size(), replayed);
            for (ReplayedRequest r : requests) {
                String state = r.getRequestState() == null
                        ? "unknown to the gateway"
                        : r.getRequestState().value();
                out.printf(
                        "%s %d: request %s is %s, %s%n",
                        r.getChannel(),
                        r.getDeadLetterId(),
                        r.getRequestId(),
                        state,
                        r.isStillWaiting() ? "so it is taken up again" : "so the replay is ignored (it has moved on)");
            }
            out.flush();
            return 0;
        }
    }

    /** --queue names a catch-all queue, --channel a channel of the gateway's own dead letters: one or the other. */
    private static void onlyOne(CommandLine.Model.CommandSpec spec, DeliveryChannel channel) {
        if (channel != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Give --channel or --queue, not both");
        }
    }
}
