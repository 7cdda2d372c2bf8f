package ir.meganaft.ragateway.support;

import ir.meganaft.ragateway.admin.AdminCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * {@code ra-gateway admin ...} run in this JVM against a gateway, with what it printed: the
 * connection options are added for the command given (the management port for status and key
 * health, the AdminService with an admin's development client certificate for the rest).
 */
public record AdminCommand(int status, String out, String err) {
    private static final Set<String> MANAGEMENT_PORT = Set.of("status", "keys");

    /** As the admin {@code adminId}, with its development client certificate. */
    public static AdminCommand run(RunningGateway gateway, String adminId, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.isEmpty() && MANAGEMENT_PORT.contains(all.get(0))) {
            all.addAll(List.of("--management-url", gateway.managementUrl("")));
        } else if (!all.isEmpty()) {
            java.nio.file.Path tls = gateway.dataDir().resolve("tls");
            all.addAll(List.of(
                    "--url",
                    gateway.url("/ra/AdminService"),
                    "--cert",
                    tls.resolve("clients")
                            .resolve(TestPrincipals.admin(adminId) + ".p12")
                            .toString(),
                    "--cert-password-file",
                    tls.resolve("password").toString(),
                    "--ca",
                    tls.resolve("ca.pem").toString()));
        }
        return exactly(all.toArray(String[]::new));
    }

    /** Exactly these arguments, nothing added. */
    public static AdminCommand exactly(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = AdminCli.commandLine();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        int status = line.execute(args);
        return new AdminCommand(status, out.toString(), err.toString());
    }

    /** What a refusal prints: one line on stderr, mentioning {@code what}, with no stack trace or exception name. */
    public void assertOneLineMentioning(String what) {
        org.assertj.core.api.Assertions.assertThat(err.strip())
                .contains(what)
                .doesNotContain("\n")
                .doesNotContain("\tat ")
                .doesNotContain("Exception:");
    }
}
