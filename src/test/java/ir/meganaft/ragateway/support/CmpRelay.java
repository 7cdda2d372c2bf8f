package ir.meganaft.ragateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.cmp.PKIMessage;

/**
 * The network between the gateway and its CA, on a loopback port the test controls: it relays each CMP
 * POST to the CA and the CA's answer back, and records both. It can be closed (nothing listens: the CA
 * is unreachable) and opened again on the same port, and it can hold the CA's answer to a transaction's
 * first request until the same transaction is asked again, so that answer arrives after the gateway
 * has given up waiting for it (the CA did its work; only the answer is late).
 */
public final class CmpRelay implements AutoCloseable {
    /** How long an answer is held at most, so that a test that goes wrong still ends. */
    private static final Duration HOLD_BOUND = Duration.ofSeconds(60);

    private final URI ca;
    private final int port;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private volatile boolean holdFirstAnswers;
    private HttpServer server;
    private ExecutorService threads;

    /** One request relayed, the CA's answer, and whether that answer was held until the transaction was retried. */
    public record Exchange(String transactionId, int requestType, PKIMessage answer, boolean late) {}

    /** A relay to the CA at {@code ca}, on a free loopback port, not yet listening. */
    public CmpRelay(URI ca) {
        this.ca = ca;
        this.port = RunningGateway.freePort();
    }

    /** Its address, for gateway.ca.url. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/cmp");
    }

    /** Starts listening (again) on its port, relaying every answer at once. */
    public synchronized CmpRelay open() {
        holdFirstAnswers = false;
        if (server != null) {
            return this;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        server.createContext("/cmp", this::relay);
        server.start();
        return this;
    }

    /** Stops listening: a connection to its port is refused, as to a CA that is down. */
    public synchronized void shut() {
        if (server == null) {
            return;
        }
        held.values().forEach(CountDownLatch::countDown);
        server.stop(0);
        threads.shutdownNow();
        server = null;
    }

    /**
     * From now on the answer to each transaction's first request is held until that transaction is
     * asked again (at most {@link #HOLD_BOUND}), then written to the connection the gateway gave up on.
     */
    public void holdFirstAnswersUntilRetried() {
        holdFirstAnswers = true;
    }

    /** What it relayed for one transaction, in order. */
    public List<Exchange> exchanges(String transactionId) {
        return exchanges.stream()
                .filter(e -> e.transactionId().equals(transactionId))
                .toList();
    }

    private void relay(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] request = exchange.getRequestBody().readAllBytes();
            PKIMessage message = PKIMessage.getInstance(request);
            String transactionId =
                    new String(message.getHeader().getTransactionID().getOctets(), StandardCharsets.US_ASCII);
            CountDownLatch earlier = held.get(transactionId);
            boolean hold = holdFirstAnswers && earlier == null;
            CountDownLatch retried = new CountDownLatch(1);
            if (hold) {
                held.put(transactionId, retried);
            } else if (earlier != null) {
                earlier.countDown();
            }
            byte[] answer;
            try {
                answer = client.send(
                                HttpRequest.newBuilder(ca)
                                        .header(
                                                "Content-Type",
                                                exchange.getRequestHeaders().getFirst("Content-Type"))
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(request))
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray())
                        .body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            boolean late = hold && awaitRetry(retried);
            exchanges.add(
                    new Exchange(transactionId, message.getBody().getType(), PKIMessage.getInstance(answer), late));
            exchange.getResponseHeaders().set("Content-Type", "application/pkixcmp");
            try (OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, answer.length);
                out.write(answer);
            } catch (IOException gone) {
                // the gateway stopped waiting: the answer is lost, as a late answer on a real network is
            }
        }
    }

    private static boolean awaitRetry(CountDownLatch retried) {
        try {
            return retried.await(HOLD_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        shut();
    }
}
