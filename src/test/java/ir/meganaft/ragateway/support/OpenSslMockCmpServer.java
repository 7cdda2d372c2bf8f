package ir.meganaft.ragateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * OpenSSL's mock CMP server ({@code openssl cmp -port ...}) as a CA: it signs its answers with the CA
 * key it is given ({@code -srv_cert}/{@code -srv_key}), trusts RA certificates that chain to
 * {@code trustedRoot}, accepts raVerified proof of possession and hands out the fixed certificate of
 * its {@code -rsp_cert} option. It listens on every interface (docs/stack.md, trap 8): tests speak to it
 * over 127.0.0.1 only ({@link #url()}), its life is bounded with {@code -max_msgs}, and it is stopped
 * by its own process handle.
 */
public final class OpenSslMockCmpServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path logFile;

    private OpenSslMockCmpServer(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /**
     * Starts the mock server on {@code port} and waits until it accepts connections.
     *
     * @param caCertificate PEM: the CA certificate it signs with (also the issuer of what RAs present)
     * @param caKey PEM: that certificate's private key
     * @param trustedRoot PEM: the root the RA's certificate chains to (through {@code caCertificate})
     * @param options further options, e.g. {@code -rsp_cert file}, {@code -poll_count 1}
     */
    public static OpenSslMockCmpServer start(
            Path work, int port, Path caCertificate, Path caKey, Path trustedRoot, String... options)
            throws IOException {
        Path log = Files.createTempFile(work, "mock-cmp", ".log");
        List<String> command = new ArrayList<>(List.of(
                "openssl",
                "cmp",
                "-port",
                Integer.toString(port),
                "-max_msgs",
                "20",
                "-srv_cert",
                caCertificate.toString(),
                "-srv_key",
                caKey.toString(),
                "-srv_trusted",
                trustedRoot.toString(),
                "-srv_untrusted",
                caCertificate.toString(),
                "-accept_raverified",
                "-verbosity",
                "7"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        OpenSslMockCmpServer server = new OpenSslMockCmpServer(process, port, log);
        try {
            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("the mock CMP server ended: " + Files.readString(log));
                        }
                        try (Socket socket = new Socket("127.0.0.1", port)) {
                            return true;
                        } catch (IOException notYet) {
                            return false;
                        }
                    });
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Its CMP address on loopback (the mock server answers on any path). */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/pkix/");
    }

    public int port() {
        return port;
    }

    /** What it printed so far (at verbosity 7 it names every message it received). */
    public String log() throws IOException {
        return Files.readString(logFile);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
