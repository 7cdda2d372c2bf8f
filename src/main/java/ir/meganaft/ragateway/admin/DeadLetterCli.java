package ir.meganaft.ragateway.admin;

import ir.meganaft.ragateway.contract.admin.AdminIdentity;
import ir.meganaft.ragateway.contract.admin.AdminService;
import ir.meganaft.ragateway.contract.admin.AdminServicePortType;
import ir.meganaft.ragateway.contract.admin.DeadLetter;
import ir.meganaft.ragateway.contract.admin.GatewayFault;
import ir.meganaft.ragateway.contract.admin.ListDeadLettersRequest;
import ir.meganaft.ragateway.contract.admin.ReplayDeadLettersRequest;
import jakarta.xml.ws.BindingProvider;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The dead letters of callbacks and CPMIS calls, from the command line (README, "Dead letters"):
 * {@code list} them, {@code replay} one (with the earlier dead letters of its request) or all.
 * It calls the gateway's AdminService over SOAP, so it works wherever the gateway is reachable
 * and goes through the same checks as any admin call.
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "Dead letters of the MegaNaft RA gateway's callbacks and CPMIS calls.",
        subcommands = {DeadLetterCli.ListLetters.class, DeadLetterCli.Replay.class})
public final class DeadLetterCli {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with errors reported as one line rather than a stack trace. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new DeadLetterCli());
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String message = e instanceof GatewayFault f ? f.getFaultInfo().getCode() + ": " + f.getFaultInfo().getMessage()
                    : e.getMessage();
            cmd.getErr().println("dead-letters: " + message);
            return 1;
        });
        return line;
    }

    /** Which gateway, and who is asking. */
    static final class Connection {
        @Option(names = "--url", defaultValue = "${env:RA_GATEWAY_ADMIN_URL:-http://127.0.0.1:8080/ra/AdminService}",
                description = "the gateway's AdminService (default: $RA_GATEWAY_ADMIN_URL or ${DEFAULT-VALUE})")
        String url;
        @Option(names = "--admin", required = true, defaultValue = "${env:RA_GATEWAY_ADMIN}",
                description = "your integration-admin id, one of gateway.integration-admins (default: $RA_GATEWAY_ADMIN)")
        String adminId;

        AdminServicePortType port() {
            AdminServicePortType port = new AdminService().getAdminServiceSoap11Port();
            ((BindingProvider) port).getRequestContext().put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, url);
            return port;
        }

        AdminIdentity admin() {
            AdminIdentity admin = new AdminIdentity();
            admin.setAdminId(adminId);
            return admin;
        }
    }

    @Command(name = "list", description = "The dead letters, oldest first: id, channel, event, request, attempts, last error.")
    static final class ListLetters implements Callable<Integer> {
        @Mixin
        Connection connection;
        @Option(names = "--max", defaultValue = "500", description = "at most this many (${DEFAULT-VALUE})")
        int max;
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ListDeadLettersRequest request = new ListDeadLettersRequest();
            request.setAdmin(connection.admin());
            request.setMaxResults(BigInteger.valueOf(max));
            List<DeadLetter> letters = connection.port().listDeadLetters(request).getDeadLetter();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-8s %-8s %-16s %-36s %-14s %8s  %s%n", "ID", "CHANNEL", "EVENT", "REQUEST", "SYSTEM", "ATTEMPTS",
                    "LAST ERROR");
            for (DeadLetter d : letters) {
                out.printf("%-8d %-8s %-16s %-36s %-14s %8d  %s%n", d.getDeadLetterId(), d.getChannel(), d.getEvent(),
                        d.getRequestId(), d.getCallerSystemId(), d.getAttempts(),
                        d.getLastError() == null ? "" : d.getLastError());
            }
            out.printf("%d dead letter(s)%n", letters.size());
            out.flush();
            return 0;
        }
    }

    @Command(name = "replay", description = "Send dead letters again: one by id (with the earlier dead letters of its "
            + "request, so order holds), or --all.")
    static final class Replay implements Callable<Integer> {
        @Mixin
        Connection connection;
        @Parameters(arity = "0..1", paramLabel = "ID", description = "the dead letter's id, from list")
        Long id;
        @Option(names = "--all", description = "replay every dead letter")
        boolean all;
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if ((id == null) == !all) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Give either an ID or --all");
            }
            ReplayDeadLettersRequest request = new ReplayDeadLettersRequest();
            request.setAdmin(connection.admin());
            if (all) {
                request.setAll(true);
            } else {
                request.setDeadLetterId(id);
            }
            List<Long> replayed = connection.port().replayDeadLetters(request).getReplayedId();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("replayed %d dead letter(s): %s%n", replayed.size(), replayed);
            out.flush();
            return 0;
        }
    }
}
