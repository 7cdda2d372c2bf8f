package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.support.RunningGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients at the HTTP edge (issue 13), on loopback only: many connections that send headers
 * and half a body do not stop the gateway answering others, and a stalled upload is closed after
 * gateway.http.idle-timeout-ms.
 */
class SlowClientsIT {
    private static final int SLOW_CLIENTS = 200;
    private static final long IDLE_TIMEOUT_MS = 3000;
    private static final String ENVELOPE = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            + "xmlns:r=\"http://ra.meganaft.ir/gateway/registration/v1\"><s:Body><r:GetCaCertificatesRequest/></s:Body></s:Envelope>";

    @TempDir
    Path data;

    @Test
    void answers_a_normal_request_while_two_hundred_clients_hold_half_sent_bodies() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(data, RunningGateway.freePort(),
                Map.of("gateway.http.idle-timeout-ms", Long.toString(IDLE_TIMEOUT_MS)))) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < SLOW_CLIENTS; i++) {
                    Socket socket = gateway.socket();
                    OutputStream out = socket.getOutputStream();
                    out.write(halfSent(ENVELOPE.length() * 2));
                    out.flush();
                    slow.add(socket);
                }
                HttpClient http = gateway.http();
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(gateway.url("/ra/RegistrationService")))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "text/xml; charset=utf-8")
                        .header("SOAPAction", "\"urn:getCaCertificates\"")
                        .POST(HttpRequest.BodyPublishers.ofString(ENVELOPE)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).contains("GetCaCertificatesResponse");
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void closes_a_stalled_upload_after_the_idle_timeout() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(data, RunningGateway.freePort(),
                Map.of("gateway.http.idle-timeout-ms", Long.toString(IDLE_TIMEOUT_MS)));
                Socket socket = gateway.socket()) {
            socket.setSoTimeout((int) (IDLE_TIMEOUT_MS * 5));
            long start = System.nanoTime();
            socket.getOutputStream().write(halfSent(ENVELOPE.length() * 2));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] answer;
            try {
                answer = in.readAllBytes(); // returns when the gateway closes the connection
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the stalled upload was still open after " + IDLE_TIMEOUT_MS * 5 + " ms", e);
            } catch (IOException reset) {
                answer = new byte[0];
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMs).as("closed after").isGreaterThanOrEqualTo(IDLE_TIMEOUT_MS - 500)
                    .isLessThan(IDLE_TIMEOUT_MS * 4);
            String text = new String(answer, StandardCharsets.UTF_8);
            assertThat(text).doesNotContain("Exception", "at org.").doesNotContainIgnoringCase("\nserver:");
        }
    }

    @Test
    void holds_connections_beyond_the_limit_until_one_closes() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(data, RunningGateway.freePort(),
                Map.of("gateway.http.max-connections", "5"))) {
            HttpClient http = gateway.http();
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url("/ra/RegistrationService")))
                    .timeout(Duration.ofSeconds(2))
                    .header("Content-Type", "text/xml; charset=utf-8")
                    .header("SOAPAction", "\"urn:getCaCertificates\"")
                    .POST(HttpRequest.BodyPublishers.ofString(ENVELOPE)).build();
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    held.add(gateway.socket());
                }
                assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                        .isInstanceOf(java.net.http.HttpTimeoutException.class);
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(request, (n, v) -> true)
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
        }
    }

    /** Headers announcing {@code length} bytes, then only the first half of a body. */
    private static byte[] halfSent(int length) {
        String body = ENVELOPE + " ".repeat(length - ENVELOPE.length());
        return ("POST /ra/RegistrationService HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=utf-8\r\n"
                + "SOAPAction: \"urn:getCaCertificates\"\r\nContent-Length: " + length + "\r\n\r\n" + body.substring(0, length / 2))
                .getBytes(StandardCharsets.UTF_8);
    }
}
