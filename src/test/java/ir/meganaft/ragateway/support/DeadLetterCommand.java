package ir.meganaft.ragateway.support;

import ir.meganaft.ragateway.admin.DeadLetterCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** The dead-letters command line, run against a gateway as a given admin, with what it printed. */
public record DeadLetterCommand(int status, String out, String err) {

    /** As the admin {@code adminId}, with its development client certificate, stating its id too. */
    public static DeadLetterCommand run(RunningGateway gateway, String adminId, String... args) {
        return runAs(gateway, TestPrincipals.admin(adminId), adminId, args);
    }

    /** Presenting {@code principal}'s certificate (TestPrincipals names), stating {@code adminId} when not null. */
    public static DeadLetterCommand runAs(RunningGateway gateway, String principal, String adminId, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = DeadLetterCli.commandLine();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--help")) {
            java.nio.file.Path tls = gateway.dataDir().resolve("tls");
            all.addAll(List.of(
                    "--url",
                    gateway.url("/ra/AdminService"),
                    "--cert",
                    tls.resolve("clients").resolve(principal + ".p12").toString(),
                    "--cert-password-file",
                    tls.resolve("password").toString(),
                    "--ca",
                    tls.resolve("ca.pem").toString()));
            if (adminId != null) {
                all.addAll(List.of("--admin", adminId));
            }
        }
        int status = line.execute(all.toArray(String[]::new));
        return new DeadLetterCommand(status, out.toString(), err.toString());
    }
}
