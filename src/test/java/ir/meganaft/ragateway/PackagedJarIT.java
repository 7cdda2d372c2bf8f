package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestPrincipals;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's way of running: {@code java -jar target/ra-gateway.jar}, here from another working
 * directory, with settings from a file named by RA_GATEWAY_CONFIG and an environment variable.
 */
class PackagedJarIT {
    @TempDir
    Path work;

    @Test
    void the_jar_runs_from_any_directory_and_takes_settings_from_the_config_file_and_the_environment()
            throws Exception {
        Path jar = Path.of("target/ra-gateway.jar").toAbsolutePath();
        assertThat(jar).exists();
        int filePort = RunningGateway.freePort();
        int environmentPort = RunningGateway.freePort();
        Path config = work.resolve("site.properties");
        Files.writeString(
                config,
                "gateway.https.port = " + filePort + "\ngateway.http.port = " + RunningGateway.freePort()
                        + "\ngateway.management.port = " + RunningGateway.freePort() + "\ngateway.data-dir = "
                        + work.resolve("data") + "\n");

        ProcessBuilder builder = new ProcessBuilder("java", "-jar", jar.toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("gateway.log").toFile());
        builder.environment().put("RA_GATEWAY_CONFIG", config.toString());
        builder.environment().put("GATEWAY_HTTPS_PORT", Integer.toString(environmentPort));
        Process gateway = builder.start();
        try {
            HttpRequest wsdl = HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + environmentPort + "/ra/RegistrationService?wsdl"))
                    .build();
            // the client certificate is one the gateway makes on its first start, in the config file's data directory
            java.util.function.Supplier<HttpClient> http =
                    () -> TestPrincipals.httpClient(work.resolve("data"), TestPrincipals.system(Requests.SYSTEM));
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .until(() -> http.get()
                                    .send(wsdl, HttpResponse.BodyHandlers.ofString())
                                    .statusCode()
                            == 200);
            assertThat(http.get()
                            .send(wsdl, HttpResponse.BodyHandlers.ofString())
                            .body())
                    .contains("submitCertificateRequest");
            assertThat(work.resolve("data/keys/ca.p12"))
                    .as("the data directory of the config file")
                    .exists();
        } finally {
            gateway.destroy();
            if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
        assertThat(log())
                .contains("SOAP endpoint RegistrationServiceSoap11Port at https://127.0.0.1:" + environmentPort);
    }

    private String log() throws IOException {
        return Files.readString(work.resolve("gateway.log"));
    }
}
