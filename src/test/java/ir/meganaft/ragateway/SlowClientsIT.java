package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.support.Faults;
import ir.meganaft.ragateway.support.RunningGateway;
import java.io.ByteArrayOutputStream;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients at the HTTP edge (issue 13), on loopback only: many connections that send headers
 * and half a body do not stop the gateway answering others, an upload that stalls is closed after
 * gateway.http.idle-timeout-ms, one that trickles is cut off at gateway.http.max-read-ms, and the
 * connection limit holds.
 */
class SlowClientsIT {
    private static final int SLOW_CLIENTS = 500;
    private static final long IDLE_TIMEOUT_MS = 3000;
    private static final long MAX_READ_MS = 4000;
    private static final String ENVELOPE_START = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            + "xmlns:r=\"http://ra.meganaft.ir/gateway/registration/v1\">";
    private static final String ENVELOPE_END = "<s:Body><r:GetCaCertificatesRequest/></s:Body></s:Envelope>";
    private static final String ENVELOPE = ENVELOPE_START + ENVELOPE_END;

    @TempDir
    Path data;

    /**
     * Fewer workers than slow clients: a body that is still arriving is read without a worker
     * (gateway.http.eager-read-bytes), so the half-sent ones hold connections only. With CXF's
     * blocking reads on workers, 40 of these would already take every worker.
     */
    @Test
    void answers_others_quickly_while_five_hundred_clients_hold_half_sent_bodies_with_fewer_workers_than_clients()
            throws Exception {
        try (RunningGateway gateway = RunningGateway.start(
                data, Map.of("gateway.http.max-threads", "40", "gateway.http.idle-timeout-ms", "60000"))) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < SLOW_CLIENTS; i++) {
                    Socket socket = gateway.connect();
                    socket.getOutputStream().write(headersAndHalfTheBody());
                    slow.add(socket);
                }
                assertOthersAnsweredWithinThreeSeconds(gateway);
                // the slow ones were held, not dropped: one that finishes its body is answered
                Socket last = slow.get(slow.size() - 1);
                last.getOutputStream().write(secondHalfOfTheBody());
                last.setSoTimeout(10_000);
                String answer = readAnswer(last.getInputStream());
                assertThat(answer).startsWith("HTTP/1.1 200").contains("GetCaCertificatesResponse");
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
        }
    }

    /**
     * Bodies larger than the eager read take a worker while the rest arrives; at most
     * gateway.http.max-large-bodies do at once, so sixty slow senders of such bodies, more than the
     * forty workers, do not take them all: the others wait without a worker.
     */
    @Test
    void answers_others_quickly_while_more_slow_large_uploads_than_workers_are_arriving() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(
                data,
                Map.of(
                        "gateway.http.max-threads",
                        "40",
                        "gateway.http.max-large-bodies",
                        "10",
                        "gateway.http.idle-timeout-ms",
                        "60000",
                        "gateway.http.max-wait-ms",
                        "50000"))) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 60; i++) {
                    Socket socket = gateway.connect();
                    socket.getOutputStream().write(headersAndPartOfALargeBody());
                    slow.add(socket);
                }
                assertOthersAnsweredWithinThreeSeconds(gateway);
                // one on a worker, finishing its body, is answered
                Socket first = slow.get(0);
                first.getOutputStream().write(restOfTheLargeBody());
                first.setSoTimeout(10_000);
                assertThat(readAnswer(first.getInputStream()))
                        .startsWith("HTTP/1.1 200")
                        .contains("GetCaCertificatesResponse");
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
        }
    }

    /**
     * Past gateway.http.max-waiting-large-bodies a large upload is refused at once, and one that waited
     * gateway.http.max-wait-ms for a worker is refused then: GATEWAY_BUSY, HTTP 503, Retry-After.
     */
    @Test
    void refuses_large_uploads_beyond_the_waiting_room_and_those_that_waited_too_long_as_busy() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(
                data,
                Map.of(
                        "gateway.http.max-large-bodies",
                        "2",
                        "gateway.http.max-waiting-large-bodies",
                        "3",
                        "gateway.http.max-wait-ms",
                        "2000",
                        "gateway.http.idle-timeout-ms",
                        "60000"))) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    Socket socket = gateway.connect();
                    socket.getOutputStream().write(headersAndPartOfALargeBody());
                    socket.setSoTimeout(15_000);
                    slow.add(socket);
                }
                org.awaitility.Awaitility.await()
                        .pollDelay(Duration.ofMillis(200))
                        .until(() -> true);
                try (Socket oneTooMany = gateway.connect()) {
                    oneTooMany.setSoTimeout(1500);
                    long start = System.nanoTime();
                    oneTooMany.getOutputStream().write(headersAndPartOfALargeBody());
                    String answer = readAnswer(oneTooMany.getInputStream());
                    assertThat(Duration.ofNanos(System.nanoTime() - start))
                            .as("refused after")
                            .isLessThan(Duration.ofMillis(1500));
                    assertBusy(answer);
                }
                // the three that waited are refused once max-wait-ms has passed; the two on workers are served
                int busy = 0;
                for (Socket waited : slow) {
                    if (waited == slow.get(0) || waited == slow.get(1)) {
                        continue;
                    }
                    assertBusy(readAnswer(waited.getInputStream()));
                    busy++;
                }
                assertThat(busy).isEqualTo(3);
                for (Socket served : slow.subList(0, 2)) {
                    served.getOutputStream().write(restOfTheLargeBody());
                    assertThat(readAnswer(served.getInputStream())).startsWith("HTTP/1.1 200");
                }
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
        }
    }

    private static void assertBusy(String answer) {
        assertThat(answer).startsWith("HTTP/1.1 503").containsIgnoringCase("\nretry-after: 10");
        assertThat(Faults.codeIn(answer)).as(answer).isEqualTo("GATEWAY_BUSY");
        assertThat(answer).doesNotContain("Exception", "at org.").doesNotContainIgnoringCase("\nserver:");
    }

    @Test
    void answers_a_stalled_upload_with_request_timeout_and_closes_it_after_the_idle_timeout() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(
                        data, Map.of("gateway.http.idle-timeout-ms", Long.toString(IDLE_TIMEOUT_MS)));
                Socket socket = gateway.connect()) {
            socket.setSoTimeout((int) (IDLE_TIMEOUT_MS * 5));
            long start = System.nanoTime();
            socket.getOutputStream().write(headersAndHalfTheBody());
            socket.getOutputStream().flush();
            String answer;
            try {
                answer = readAnswer(socket.getInputStream());
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the stalled upload was still open after " + IDLE_TIMEOUT_MS * 5 + " ms", e);
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMs)
                    .as("answered after")
                    .isGreaterThanOrEqualTo(IDLE_TIMEOUT_MS - 500)
                    .isLessThan(IDLE_TIMEOUT_MS * 4);
            assertThat(answer).startsWith("HTTP/1.1 408");
            assertThat(Faults.codeIn(answer)).as(answer).isEqualTo("REQUEST_TIMEOUT");
            assertThat(answer).doesNotContain("Exception", "at org.").doesNotContainIgnoringCase("\nserver:");
            assertClosed(socket.getInputStream());
        }
    }

    /** A body small enough to be read without a worker (gateway.http.eager-read-bytes). */
    @Test
    void cuts_off_a_small_upload_that_trickles_just_faster_than_the_idle_timeout_at_the_read_deadline()
            throws Exception {
        assertTrickleCutOffAtTheReadDeadline(0);
    }

    /** A body larger than the eager read: a worker reads the rest as it arrives, and is let go at the deadline. */
    @Test
    void cuts_off_a_large_upload_that_trickles_after_a_fast_start_at_the_read_deadline() throws Exception {
        assertTrickleCutOffAtTheReadDeadline(128 * 1024);
    }

    /** A header sent a byte at a time, never idle for the idle timeout, is cut off at gateway.http.max-head-ms. */
    @Test
    void closes_a_connection_whose_request_head_trickles_in_past_the_head_deadline() throws Exception {
        long maxHeadMs = 2000;
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (RunningGateway gateway = RunningGateway.start(
                        data,
                        Map.of(
                                "gateway.http.idle-timeout-ms",
                                Long.toString(IDLE_TIMEOUT_MS),
                                "gateway.http.max-head-ms",
                                Long.toString(maxHeadMs)));
                Socket socket = gateway.connect()) {
            byte[] head = headers(ENVELOPE.length());
            OutputStream out = socket.getOutputStream();
            int[] sent = {0};
            long start = System.nanoTime();
            trickle.scheduleAtFixedRate(
                    () -> {
                        try {
                            out.write(head[sent[0]++]);
                            out.flush();
                        } catch (IOException closedByTheGateway) {
                            throw new java.io.UncheckedIOException(closedByTheGateway);
                        }
                    },
                    0,
                    IDLE_TIMEOUT_MS / 6,
                    TimeUnit.MILLISECONDS);
            socket.setSoTimeout((int) (maxHeadMs * 4));
            try {
                assertClosed(socket.getInputStream());
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the trickling head was still read after " + maxHeadMs * 4 + " ms", e);
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMs)
                    .as("closed after")
                    .isGreaterThanOrEqualTo(maxHeadMs - 200)
                    .isLessThan(maxHeadMs * 2);
            assertThat(sent[0]).as("header bytes sent").isLessThan(head.length);
        } finally {
            trickle.shutdownNow();
        }
    }

    /** A client that opens the TLS port and never finishes its handshake is closed at gateway.http.max-head-ms, not the idle timeout. */
    @Test
    void closes_a_connection_whose_tls_handshake_does_not_finish_at_the_head_deadline() throws Exception {
        long maxHeadMs = 2000;
        try (RunningGateway gateway = RunningGateway.start(
                        data,
                        Map.of(
                                "gateway.http.idle-timeout-ms",
                                "60000",
                                "gateway.http.max-head-ms",
                                Long.toString(maxHeadMs)));
                Socket socket = new Socket("127.0.0.1", gateway.httpsPort())) {
            socket.setSoTimeout((int) (maxHeadMs * 4));
            long start = System.nanoTime();
            try {
                assertClosed(socket.getInputStream());
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the silent TLS connection was still open after " + maxHeadMs * 4 + " ms", e);
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMs)
                    .as("closed after")
                    .isGreaterThanOrEqualTo(maxHeadMs - 200)
                    .isLessThan(maxHeadMs * 2);
        }
    }

    @Test
    void holds_connections_beyond_the_limit_until_one_closes() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(data, Map.of("gateway.http.max-connections", "5"))) {
            HttpClient http = gateway.http();
            HttpRequest request =
                    caCertificates(gateway).timeout(Duration.ofSeconds(2)).build();
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    held.add(gateway.connect());
                }
                assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                        .isInstanceOf(java.net.http.HttpTimeoutException.class);
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
            HttpResponse<String> answer = gateway.http()
                    .send(
                            HttpRequest.newBuilder(request, (n, v) -> true)
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
        }
    }

    /**
     * Sends {@code fastStart} bytes of a body at once, then one byte every third of the idle timeout
     * (so the idle timeout alone never closes it, and the whole body would take minutes): the gateway
     * answers REQUEST_TIMEOUT (HTTP 408) at gateway.http.max-read-ms and closes the connection.
     */
    private void assertTrickleCutOffAtTheReadDeadline(int fastStart) throws Exception {
        byte[] body = padded(fastStart + 4096);
        int length = body.length;
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (RunningGateway gateway = RunningGateway.start(
                        data,
                        Map.of(
                                "gateway.http.idle-timeout-ms",
                                Long.toString(IDLE_TIMEOUT_MS),
                                "gateway.http.max-read-ms",
                                Long.toString(MAX_READ_MS)));
                Socket socket = gateway.connect()) {
            OutputStream out = socket.getOutputStream();
            long start = System.nanoTime();
            out.write(headers(length));
            out.write(body, 0, fastStart);
            out.flush();
            int[] sent = {fastStart};
            trickle.scheduleAtFixedRate(
                    () -> {
                        try {
                            out.write(body[sent[0]++]);
                            out.flush();
                        } catch (IOException closedByTheGateway) {
                            throw new java.io.UncheckedIOException(closedByTheGateway); // ends the schedule
                        }
                    },
                    0,
                    IDLE_TIMEOUT_MS / 3,
                    TimeUnit.MILLISECONDS);
            socket.setSoTimeout((int) (MAX_READ_MS * 4));
            String answer;
            try {
                answer = readAnswer(socket.getInputStream());
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the trickling upload was still read after " + MAX_READ_MS * 4 + " ms", e);
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMs)
                    .as("cut off after")
                    .isGreaterThanOrEqualTo(MAX_READ_MS - 200)
                    .isLessThan(MAX_READ_MS * 3);
            assertThat(sent[0]).as("bytes sent").isLessThan(length);
            assertThat(answer).startsWith("HTTP/1.1 408");
            assertThat(Faults.codeIn(answer)).as(answer).isEqualTo("REQUEST_TIMEOUT");
            assertThat(answer).doesNotContain("Exception", "at org.").doesNotContainIgnoringCase("\nserver:");
            assertClosed(socket.getInputStream());
        } finally {
            trickle.shutdownNow();
        }
    }

    /** Five calls from a client of its own are each answered, in full, within 3 s. */
    private static void assertOthersAnsweredWithinThreeSeconds(RunningGateway gateway) throws Exception {
        HttpClient http = gateway.http();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = http.send(
                    caCertificates(gateway).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("GetCaCertificatesResponse");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("answered after")
                    .isLessThan(Duration.ofSeconds(3));
        }
    }

    /** The gateway closed the connection: the stream ends, or is reset because the body was left unread. */
    private static void assertClosed(InputStream in) {
        try {
            int first = in.read();
            if (first >= 0) { // says what came instead of the end, for the failure's message
                byte[] more = new byte[300];
                int n = Math.max(0, in.read(more));
                throw new AssertionError("expected the connection closed, but read: " + (char) first
                        + new String(more, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException reset) {
            assertThat(reset).hasMessageContaining("reset");
        }
    }

    private static HttpRequest.Builder caCertificates(RunningGateway gateway) {
        return HttpRequest.newBuilder(URI.create(gateway.url("/ra/RegistrationService")))
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", "\"urn:getCaCertificates\"")
                .POST(HttpRequest.BodyPublishers.ofString(ENVELOPE));
    }

    private static byte[] headers(int length) {
        return ("POST /ra/RegistrationService HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=utf-8\r\n"
                        + "SOAPAction: \"urn:getCaCertificates\"\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Headers, then only the first half of a body whose SOAP Body is in its second half. */
    private static byte[] headersAndHalfTheBody() {
        byte[] body = padded(ENVELOPE.length() * 2);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(headers(body.length));
        request.write(body, 0, body.length / 2);
        return request.toByteArray();
    }

    private static final int LARGE_BODY = 192 * 1024;

    /** Headers, then 96 KiB of a 192 KiB body: past the eager read, so a worker reads the rest. */
    private static byte[] headersAndPartOfALargeBody() {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(headers(LARGE_BODY));
        request.write(padded(LARGE_BODY), 0, LARGE_BODY / 2);
        return request.toByteArray();
    }

    private static byte[] restOfTheLargeBody() {
        return java.util.Arrays.copyOfRange(padded(LARGE_BODY), LARGE_BODY / 2, LARGE_BODY);
    }

    private static byte[] secondHalfOfTheBody() {
        byte[] body = padded(ENVELOPE.length() * 2);
        return java.util.Arrays.copyOfRange(body, body.length / 2, body.length);
    }

    /**
     * The request for the CA certificates, padded to {@code length} bytes with white space inside its
     * Envelope, before the Body: a reader needs every byte up to the end to have the request.
     */
    private static byte[] padded(int length) {
        return (ENVELOPE_START + " ".repeat(length - ENVELOPE.length()) + ENVELOPE_END)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** One HTTP answer: its head and its body, read up to its Content-Length (or to the end of the stream). */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int length = -1;
        int headEnd = -1;
        while (headEnd < 0 || length < 0 || all.size() < headEnd + length) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            all.write(b);
            if (headEnd < 0 && all.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                headEnd = all.size();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                        .matcher(all.toString(StandardCharsets.ISO_8859_1));
                length = m.find() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
            }
        }
        return all.toString(StandardCharsets.UTF_8);
    }
}
