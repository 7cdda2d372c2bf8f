package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.support.GatewayPerClass;
import ir.meganaft.ragateway.support.RunningGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation's worked example, docs/worked-example.sh, run with bash as a reader runs it
 * (curl and openssl with the development client certificates of config/application.properties'
 * principals), against the whole gateway on free ports: so the example cannot rot.
 */
class WorkedExampleIT {
    private static final Path SCRIPT = Path.of("docs/worked-example.sh");

    @RegisterExtension
    static final GatewayPerClass started = GatewayPerClass.withDefaults();
    /** The script's own files (keys, CSRs, certificates, CRLs) and its output, per run. */
    @TempDir
    static Path work;

    static RunningGateway gateway;

    @BeforeAll
    static void start() {
        gateway = started.gateway();
    }

    @Test
    void the_worked_example_delivers_both_certificates_and_after_the_revocation_openssl_refuses_alis()
            throws Exception {
        Run run = runScript("example", Map.of());
        String output = run.output();
        assertThat(run.status()).as("the script's exit status:%n%s", output).isZero();

        String ali = requestId(output, "Ali's request: ");
        String nidc = requestId(output, "NIDC's request: ");
        String revocation = requestId(output, "Revocation of Ali's certificate: ");
        assertThat(output)
                .as(output)
                .contains(ali + ": DELIVERED", nidc + ": DELIVERED")
                .contains("ali-with-chain.pem: OK", "nidc-with-chain.pem: OK")
                // the archivist sees who checked what, in which role
                .contains("The archivist's evidence for " + ali)
                .contains("actor>officer:intake-1<", "role>INTAKE_OFFICER<", "kind>IDENTITY_CHECK<")
                .contains("actor>officer:compliance-1<", "role>COMPLIANCE_OFFICER<", "kind>DOCUMENT_CHECK<")
                .contains(revocation + ": COMPLETED")
                .contains("certificate revoked", "Ali's certificate is refused: certificate revoked");
        assertThat(work.resolve("example/ali-with-chain.pem")).isNotEmptyFile();
    }

    @Test
    void a_refused_call_stops_the_script_with_its_fault_and_a_failing_status() throws Exception {
        // every call without an officer of its own is made as the archivist, whom submission does not admit
        Run run = runScript("refused", Map.of("AS", "officer-archivist-1"));
        assertThat(run.status())
                .as("the script's exit status:%n%s", run.output())
                .isNotZero();
        assertThat(run.output())
                .contains("soap submitCertificateRequest RegistrationService as officer-archivist-1 failed")
                .contains("NOT_AUTHORIZED")
                .doesNotContain("Ali's request: ");
    }

    @Test
    void an_unreachable_gateway_stops_the_script_with_a_failing_status() throws Exception {
        Run run = runScript("unreachable", Map.of("GW", "https://127.0.0.1:" + RunningGateway.freePort() + "/ra"));
        assertThat(run.status())
                .as("the script's exit status:%n%s", run.output())
                .isNotZero();
        assertThat(run.output()).contains("soap submitCertificateRequest RegistrationService as system-NIOC-HR failed");
    }

    private record Run(int status, String output) {}

    /** Runs the script with bash against the test gateway, its files in work/{@code name}, with {@code settings} on top. */
    private static Run runScript(String name, Map<String, String> settings) throws Exception {
        Path log = work.resolve(name + ".log");
        ProcessBuilder bash = new ProcessBuilder("bash", SCRIPT.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        bash.environment().put("GW", gateway.url("/ra"));
        bash.environment().put("PKI", "http://127.0.0.1:" + gateway.port());
        bash.environment().put("DATA", gateway.dataDir().toString());
        bash.environment().put("WORK", work.resolve(name).toString());
        bash.environment().putAll(settings);
        Process process = bash.start();
        process.getOutputStream().close();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished)
                .as("the script finished within 5 minutes:%n%s", output)
                .isTrue();
        return new Run(process.exitValue(), output);
    }

    private static String requestId(String output, String label) {
        Matcher matcher = Pattern.compile(Pattern.quote(label) + "(\\S+)").matcher(output);
        assertThat(matcher.find()).as("%s in:%n%s", label, output).isTrue();
        return matcher.group(1);
    }
}
