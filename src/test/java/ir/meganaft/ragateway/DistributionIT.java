package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ir.meganaft.ragateway.contract.registration.RegistrationService;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.TestPrincipals;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution (issue 16, item 5): target/ra-gateway-&lt;version&gt;.tar.gz unpacked in a fresh
 * directory runs with nothing else, through bin/ra-gateway: it starts and answers, writes JSON log
 * lines naming the request and principal of a submission, its admin command answers, it stops
 * without a warning; and a bad setting stops the start with one line.
 */
class DistributionIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path unpacked;

    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive;
        try (var found = Files.list(Path.of("target"))) {
            archive = found.filter(p -> p.getFileName().toString().matches("ra-gateway-.+\\.tar\\.gz"))
                    .findFirst()
                    .orElseThrow();
        }
        Process tar = new ProcessBuilder("tar", "xzf", archive.toAbsolutePath().toString(), "-C", unpacked.toString())
                .inheritIO()
                .start();
        assertThat(tar.waitFor()).isZero();
        try (var dirs = Files.list(unpacked)) {
            home = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertThat(home.resolve("bin/ra-gateway")).isExecutable();
        for (String part :
                List.of("lib", "config/application.properties", "routes", "wsdl", "systemd/ra-gateway.service")) {
            assertThat(home.resolve(part)).exists();
        }
    }

    @Test
    void
            unpacked_anywhere_it_starts_answers_logs_json_lines_with_the_request_and_principal_and_stops_without_a_warning()
                    throws Exception {
        Path data = home.resolve("data");
        int port = RunningGateway.freePort();
        Properties settings = new Properties();
        settings.putAll(RunningGateway.testSettings(data, port));
        Path config = unpacked.resolve("site.properties");
        try (var out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            settings.store(out, "DistributionIT");
        }
        Path log = unpacked.resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder(
                        home.resolve("bin/ra-gateway").toString(), "start")
                .directory(unpacked.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("RA_GATEWAY_CONFIG", config.toString());
        builder.environment().put("GATEWAY_LOG_FORMAT", "json");
        Process gateway = builder.start();
        try {
            String soap = "https://127.0.0.1:" + RunningGateway.httpsPort(data) + "/ra/RegistrationService";
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .until(() -> {
                        HttpClient http = TestPrincipals.httpClient(data, TestPrincipals.system(Requests.SYSTEM));
                        return http.send(
                                                HttpRequest.newBuilder(URI.create(soap + "?wsdl"))
                                                        .build(),
                                                HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    });
            RegistrationServicePortType registration = TestPrincipals.clientNamedInMessage(
                    RegistrationServicePortType.class,
                    () -> new RegistrationService().getRegistrationServiceSoap11Port(),
                    soap,
                    data,
                    TestPrincipals.system(Requests.SYSTEM));
            String id = registration
                    .submitCertificateRequest(
                            Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")))
                    .getRequestId();

            JsonNode received = await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> jsonLines(log).stream()
                                    .filter(l -> l.path("message").asText().startsWith("Received request " + id))
                                    .findFirst()
                                    .orElse(null),
                            java.util.Objects::nonNull);
            assertThat(received.path("requestId").asText()).isEqualTo(id);
            assertThat(received.path("principal").asText()).isEqualTo("system:" + Requests.SYSTEM);
            assertThat(received.path("operation").asText()).isEqualTo("RegistrationService/submitCertificateRequest");
            assertThat(received.path("level").asText()).isEqualTo("INFO");
            JsonNode vetted = await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> jsonLines(log).stream()
                                    .filter(l -> id.equals(l.path("requestId").asText())
                                            && "automatic-vetting"
                                                    .equals(l.path("camel.routeId")
                                                            .asText()))
                                    .findFirst()
                                    .orElse(null),
                            java.util.Objects::nonNull);
            assertThat(vetted.path("message").asText()).isNotEmpty();

            Process admin = new ProcessBuilder(
                            home.resolve("bin/ra-gateway").toString(),
                            "admin",
                            "status",
                            "--management-url",
                            "http://127.0.0.1:" + settings.getProperty("gateway.management.port"))
                    .redirectErrorStream(true)
                    .start();
            String status = new String(admin.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(admin.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(status).contains("database").contains("ra.vetting");
        } finally {
            gateway.destroy(); // SIGTERM: the graceful stop
            if (!gateway.waitFor(60, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
        List<JsonNode> lines = jsonLines(log);
        int stopping = indexOf(lines, "JVM shutdown hook triggered");
        assertThat(lines.subList(Math.max(stopping, 0), lines.size()))
                .as("a graceful stop warns of nothing")
                .noneMatch(l -> l.path("level").asText().matches("WARN|ERROR"));
        assertThat(Files.readString(log)).doesNotContain("Failed to shutdown Jetty");
    }

    @Test
    void a_bad_setting_stops_the_start_with_one_line_naming_the_key_and_an_example() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        home.resolve("bin/ra-gateway").toString(), "start")
                .directory(unpacked.toFile())
                .redirectErrorStream(true);
        builder.environment().put("GATEWAY_MANAGEMENT_PORT", "ninety");
        builder.environment()
                .put("GATEWAY_DATA_DIR", unpacked.resolve("unused-data").toString());
        Process start = builder.start();
        String output = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(start.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(start.exitValue()).isEqualTo(2);
        assertThat(output.strip().lines()).hasSize(1);
        assertThat(output)
                .contains("gateway.management.port = \"ninety\"")
                .contains("is not a whole number")
                .contains("for example: gateway.management.port = 9090")
                .doesNotContain("\tat ")
                .doesNotContain("Exception");
        assertThat(unpacked.resolve("unused-data")).as("nothing started").doesNotExist();
    }

    private static int indexOf(List<JsonNode> lines, String message) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).path("message").asText().contains(message)) {
                return i;
            }
        }
        return -1;
    }

    /** The log's JSON lines. */
    private static List<JsonNode> jsonLines(Path log) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith("{")) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }
}
