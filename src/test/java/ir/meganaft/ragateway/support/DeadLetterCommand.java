package ir.meganaft.ragateway.support;

import ir.meganaft.ragateway.admin.DeadLetterCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** The dead-letters command line, run against a gateway as a given admin, with what it printed. */
public record DeadLetterCommand(int status, String out, String err) {

    public static DeadLetterCommand run(RunningGateway gateway, String adminId, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = DeadLetterCli.commandLine();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--help")) {
            all.addAll(List.of("--url", gateway.url("/ra/AdminService"), "--admin", adminId));
        }
        int status = line.execute(all.toArray(String[]::new));
        return new DeadLetterCommand(status, out.toString(), err.toString());
    }
}
