package ir.meganaft.ragateway.admin;

import ir.meganaft.ragateway.contract.admin.GatewayFault;
import ir.meganaft.ragateway.contract.admin.ListStalledRequestsRequest;
import ir.meganaft.ragateway.contract.admin.PublishCrlRequest;
import ir.meganaft.ragateway.contract.admin.PublishedCrl;
import ir.meganaft.ragateway.contract.admin.PushCrlRequest;
import ir.meganaft.ragateway.contract.admin.PushedCrl;
import ir.meganaft.ragateway.contract.admin.RequeueStalledRequestsRequest;
import ir.meganaft.ragateway.contract.admin.StalledRequest;
import ir.meganaft.ragateway.keys.admin.KeyAdmin;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The integration admin's one command line ({@code ra-gateway admin ...}, docs/operations.md, "The
 * command line"). It talks to a running gateway: its management port (status, key health: plain
 * HTTP on loopback, read only) and its AdminService over mutual TLS with the admin's client
 * certificate (dead letters, stalled requests, CRLs: every call authorized like any admin call).
 * The key ceremony ({@code keys generate|csr|certify-ra|import-chain|list|show}) works on the token
 * itself, not through the gateway. Bad input or a refused call is one line on stderr and a
 * non-zero exit code, never a stack trace.
 */
@Command(
        name = "ra-gateway admin",
        mixinStandardHelpOptions = true,
        description = "Administer a running MegaNaft RA gateway: status, dead letters, stalled requests, CRLs, keys.",
        subcommands = {AdminCli.Status.class, AdminCli.Stuck.class, AdminCli.Crl.class})
public final class AdminCli {
    /** Exit code of a command whose call failed or was refused, and of {@code status} when the gateway is not ready. */
    static final int FAILED = 1;
    /**
     * Exit code of bad input: an unknown command or option, a missing or malformed value, or a name or
     * id the gateway knows nothing of ({@link #NAMES_NOTHING}).
     */
    static final int BAD_INPUT = 2;

    /** The faults that say the input named something that does not exist: bad input, like a malformed value. */
    static final java.util.Set<String> NAMES_NOTHING =
            java.util.Set.of("UNKNOWN_DEAD_LETTER", "UNKNOWN_QUEUE", "UNKNOWN_CRL_TARGET");

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The whole command line, with every error reported as one line. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new AdminCli());
        line.addSubcommand("dead-letters", new CommandLine(new DeadLetterCli()));
        CommandLine keys = new CommandLine(new KeyAdmin());
        keys.addSubcommand("health", new KeyHealth());
        line.addSubcommand("keys", keys);
        return oneLineErrors(line, "admin");
    }

    /**
     * Errors as one line: a refusal with its fault code, an unreachable gateway with its reason, bad
     * input with what was wrong and where to look. Set on the whole hierarchy.
     */
    static CommandLine oneLineErrors(CommandLine line, String program) {
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(program + ": " + describe(e));
            cmd.getErr().flush();
            return e instanceof GatewayFault f
                            && NAMES_NOTHING.contains(f.getFaultInfo().getCode())
                    ? BAD_INPUT
                    : FAILED;
        });
        line.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr()
                    .println(program + ": " + oneLine(e.getMessage()) + " (see: "
                            + cmd.getCommandSpec().qualifiedName() + " --help)");
            cmd.getErr().flush();
            return BAD_INPUT;
        });
        return line;
    }

    /** What went wrong, in one line: the gateway's fault code and message, else the deepest cause's message. */
    static String describe(Throwable e) {
        if (e instanceof GatewayFault f) {
            return f.getFaultInfo().getCode() + ": " + oneLine(f.getFaultInfo().getMessage());
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String cause =
                root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        if (e == root || e.getMessage() == null || e.getMessage().contains(cause)) {
            return oneLine(e.getMessage() == null ? cause : e.getMessage());
        }
        return oneLine(e.getMessage() + " (" + cause + ")");
    }

    private static String oneLine(String text) {
        String flat = text == null ? "" : text.replaceAll("[\\r\\n\\t]+", " ").strip();
        return flat.length() > 500 ? flat.substring(0, 500) + "..." : flat;
    }

    /** The management port: health and metrics over plain HTTP (loopback by default, no authentication). */
    static final class Management {
        @Option(
                names = "--management-url",
                defaultValue = "${env:RA_GATEWAY_MANAGEMENT_URL:-http://127.0.0.1:9090}",
                description = "the gateway's management port (default: $RA_GATEWAY_MANAGEMENT_URL or ${DEFAULT-VALUE})")
        URI url;

        HttpResponse<String> get(String path) throws Exception {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            try {
                return http.send(
                        HttpRequest.newBuilder(url.resolve(path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (java.net.ConnectException e) {
                throw new IllegalStateException(
                        "cannot reach the management port at " + url
                                + " (is the gateway running? is --management-url right?)",
                        e);
            }
        }

        List<Check> checks() throws Exception {
            return Check.parse(get("/health/ready").body());
        }

        /** The values of one metric, by the value of one of its labels. */
        Map<String, String> metric(String name, String label) throws Exception {
            Map<String, String> values = new TreeMap<>();
            Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\}\\s+(\\S+)$", Pattern.MULTILINE);
            Pattern labelValue = Pattern.compile(Pattern.quote(label) + "=\"([^\"]*)\"");
            Matcher m = line.matcher(get("/metrics").body());
            while (m.find()) {
                Matcher l = labelValue.matcher(m.group(1));
                if (l.find()) {
                    values.put(l.group(1), m.group(2).replaceFirst("\\.0$", ""));
                }
            }
            return values;
        }
    }

    /** One health check as /health/ready reports it. */
    record Check(String name, String state, boolean critical, String detail) {
        private static final Pattern CHECK =
                Pattern.compile("\\{\"name\":\"((?:[^\"\\\\]|\\\\.)*)\",\"state\":\"(\\w+)\","
                        + "\"critical\":(true|false),\"detail\":(null|\"(?:[^\"\\\\]|\\\\.)*\")");

        static List<Check> parse(String json) {
            List<Check> checks = new ArrayList<>();
            Matcher m = CHECK.matcher(json);
            while (m.find()) {
                String detail = m.group(4).equals("null")
                        ? ""
                        : m.group(4)
                                .substring(1, m.group(4).length() - 1)
                                .replace("\\\"", "\"")
                                .replace("\\\\", "\\");
                checks.add(new Check(m.group(1), m.group(2), Boolean.parseBoolean(m.group(3)), detail));
            }
            return checks;
        }

        static void print(PrintWriter out, List<Check> checks) {
            out.printf("%-16s %-5s %-8s %s%n", "CHECK", "STATE", "CRITICAL", "DETAIL");
            for (Check c : checks) {
                out.printf("%-16s %-5s %-8s %s%n", c.name(), c.state(), c.critical() ? "yes" : "no", c.detail());
            }
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Readiness with every health check, queue "
                    + "depths and requests by state, from the management port. Exit code 0 when ready, 1 when not.")
    static final class Status implements Callable<Integer> {
        @Mixin
        Management management;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            HttpResponse<String> ready = management.get("/health/ready");
            PrintWriter out = spec.commandLine().getOut();
            boolean up = ready.statusCode() == 200;
            out.printf(
                    "gateway at %s: %s%n%n",
                    management.url, up ? "READY" : "NOT READY (HTTP " + ready.statusCode() + ")");
            Check.print(out, Check.parse(ready.body()));
            out.printf("%n%-28s %s%n", "QUEUE", "MESSAGES");
            management.metric("ra_queue_messages", "queue").forEach((queue, n) -> out.printf("%-28s %s%n", queue, n));
            out.printf("%n%-28s %s%n", "REQUEST STATE", "REQUESTS");
            management.metric("ra_requests", "state").forEach((state, n) -> out.printf("%-28s %s%n", state, n));
            out.flush();
            return up ? 0 : FAILED;
        }
    }

    @Command(
            name = "health",
            mixinStandardHelpOptions = true,
            description =
                    "The signing keys' and the CA's health "
                            + "checks from the running gateway's management port (HSM up or down, last probe). Exit code 1 when one is DOWN.")
    static final class KeyHealth implements Callable<Integer> {
        @Mixin
        Management management;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<Check> keys = management.checks().stream()
                    .filter(c -> c.name().startsWith("key-") || c.name().equals("ca"))
                    .toList();
            PrintWriter out = spec.commandLine().getOut();
            Check.print(out, keys);
            out.flush();
            return keys.stream().anyMatch(c -> c.state().equals("DOWN")) ? FAILED : 0;
        }
    }

    @Command(
            name = "stuck",
            mixinStandardHelpOptions = true,
            description = "Requests RECEIVED or APPROVED with no "
                    + "progress for gateway.recovery.idle-seconds and no message waiting for them.",
            subcommands = {Stuck.ListStuck.class, Stuck.Requeue.class})
    static final class Stuck {
        @Command(
                name = "list",
                mixinStandardHelpOptions = true,
                description = "List them: request, state, the step it waits for.")
        static final class ListStuck implements Callable<Integer> {
            @Mixin
            DeadLetterCli.Connection connection;

            @Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                ListStalledRequestsRequest request = new ListStalledRequestsRequest();
                request.setAdmin(connection.admin());
                print(
                        spec.commandLine().getOut(),
                        connection.port().listStalledRequests(request).getStalledRequest(),
                        "stalled request(s)");
                return 0;
            }
        }

        @Command(
                name = "requeue",
                mixinStandardHelpOptions = true,
                description = "Queue them again now, each on the queue "
                        + "of the step it waits for (all of them, or only the ones named).")
        static final class Requeue implements Callable<Integer> {
            @Mixin
            DeadLetterCli.Connection connection;

            @Parameters(
                    arity = "0..*",
                    paramLabel = "REQUEST_ID",
                    description = "only these requests (default: every stalled one)")
            List<String> requestIds = new ArrayList<>();

            @Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                RequeueStalledRequestsRequest request = new RequeueStalledRequestsRequest();
                request.setAdmin(connection.admin());
                request.getRequestId().addAll(requestIds);
                print(
                        spec.commandLine().getOut(),
                        connection.port().requeueStalledRequests(request).getRequeued(),
                        "request(s) queued again");
                return 0;
            }
        }

        static void print(PrintWriter out, List<StalledRequest> requests, String what) {
            out.printf("%-36s %-16s %s%n", "REQUEST", "STATE", "WAITS FOR");
            for (StalledRequest r : requests) {
                out.printf(
                        "%-36s %-16s %s%n",
                        r.getRequestId(), r.getRequestState().value(), r.getChannel());
            }
            out.printf("%d %s%n", requests.size(), what);
            out.flush();
        }
    }

    @Command(
            name = "crl",
            mixinStandardHelpOptions = true,
            description = "CRLs on demand.",
            subcommands = {Crl.Publish.class, Crl.Push.class})
    static final class Crl {
        @Command(
                name = "publish",
                mixinStandardHelpOptions = true,
                description = "Publish a full CRL and its delta now "
                        + "(--delta: only a delta), whatever the schedule; on the instance that runs the CRL job.")
        static final class Publish implements Callable<Integer> {
            @Mixin
            DeadLetterCli.Connection connection;

            @Option(names = "--delta", description = "only a delta CRL on the latest full one")
            boolean delta;

            @Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                PublishCrlRequest request = new PublishCrlRequest();
                request.setAdmin(connection.admin());
                request.setDelta(delta);
                PrintWriter out = spec.commandLine().getOut();
                for (PublishedCrl crl : connection.port().publishCrl(request).getPublished()) {
                    out.printf(
                            "published %s CRL %d (thisUpdate %s, nextUpdate %s)%n",
                            crl.isDelta() ? "delta" : "full",
                            crl.getCrlNumber(),
                            crl.getThisUpdate(),
                            crl.getNextUpdate());
                }
                out.flush();
                return 0;
            }
        }

        @Command(
                name = "push",
                mixinStandardHelpOptions = true,
                description = "Push the latest full and delta CRLs to one "
                        + "target (gateway.crl.targets.NAME) again, now. Exit code 1 when it did not take them.")
        static final class Push implements Callable<Integer> {
            @Mixin
            DeadLetterCli.Connection connection;

            @Parameters(paramLabel = "TARGET", description = "the push target's name")
            String target;

            @Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                PushCrlRequest request = new PushCrlRequest();
                request.setAdmin(connection.admin());
                request.setTarget(target);
                List<PushedCrl> pushed = connection.port().pushCrl(request).getPushed();
                PrintWriter out = spec.commandLine().getOut();
                for (PushedCrl p : pushed) {
                    out.printf(
                            "%s CRL %d (%s): %s%n",
                            target,
                            p.getCrlNumber(),
                            p.getFileName(),
                            p.isDelivered() ? "delivered" : "FAILED: " + p.getError());
                }
                if (pushed.isEmpty()) {
                    out.println("no CRL published yet: nothing to push");
                }
                out.flush();
                return pushed.stream().allMatch(PushedCrl::isDelivered) ? 0 : FAILED;
            }
        }
    }
}
