package ir.meganaft.ragateway.management;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management port: a small HTTP server of the JDK's own, apart from the SOAP ports' Jetty, so it
 * answers while those are saturated and has no TLS or client certificates to configure. Three
 * addresses, GET (or HEAD) only: {@code /health/live}, {@code /health/ready} (200 when ready, else
 * 503, with every check as JSON) and {@code /metrics} (Prometheus text). Anything else gets a short
 * 404 or 405, never a stack trace. It has no authentication: it listens on loopback by default, and
 * an admin who binds it elsewhere must put it behind a firewall or a proxy (docs/operations.md).
 */
final class ManagementServer {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);
    private static final Set<String> PATHS = Set.of("/health/live", "/health/ready", "/metrics");

    /** One answer: its status, content type and body. */
    record Answer(int status, String contentType, String body) {
        static Answer json(int status, String body) {
            return new Answer(status, "application/json; charset=utf-8", body);
        }
    }

    /** What each address answers. */
    interface Answers {
        Answer live();

        Answer ready();

        Answer metrics();
    }

    private final String host;
    private final int port;
    private final Answers answers;
    private HttpServer server;
    private ExecutorService workers;

    ManagementServer(String host, int port, Answers answers) {
        this.host = host;
        this.port = port;
        this.answers = answers;
    }

    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 16);
        workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "management-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
        LOG.info(
                "Management port at http://{}:{}: /health/live, /health/ready, /metrics (no authentication: keep it on "
                        + "loopback or behind a firewall)",
                host,
                server.getAddress().getPort());
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        if (server != null) {
            server.stop(0);
            workers.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Answer answer;
            if (!PATHS.contains(path)) {
                answer = new Answer(404, "text/plain; charset=utf-8", "not found\n");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                answer = new Answer(405, "text/plain; charset=utf-8", "method not allowed\n");
            } else {
                answer = answer(path);
            }
            send(exchange, answer, method.equals("HEAD"));
        }
    }

    private Answer answer(String path) {
        try {
            Supplier<Answer> which = switch (path) {
                case "/health/live" -> answers::live;
                case "/health/ready" -> answers::ready;
                default -> answers::metrics;
            };
            return which.get();
        } catch (RuntimeException e) {
            LOG.warn("The management port could not answer {}: {}", path, e.toString());
            return new Answer(500, "text/plain; charset=utf-8", "internal error\n");
        }
    }

    private static void send(HttpExchange exchange, Answer answer, boolean headOnly) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(answer.status(), headOnly ? -1 : body.length);
        if (!headOnly) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
