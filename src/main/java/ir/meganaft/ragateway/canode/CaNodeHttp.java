package ir.meganaft.ragateway.canode;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import ir.meganaft.ragateway.ca.CmpHttp;
import ir.meganaft.ragateway.crl.CrlPublisher;
import ir.meganaft.ragateway.keys.HsmUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The CA node's HTTP side (JDK {@code com.sun.net.httpserver}): CMP over HTTP at the CMP path (RFC
 * 6712: POST, {@code application/pkixcmp} both ways), and GET of its CRLs ({@code /crl/issuing-ca.crl},
 * {@code /crl/issuing-ca-delta.crl}), its CA certificate ({@code /ca.cer}) and the certificate its
 * CMP answers are signed with ({@code /cmp-signer.cer}). A CMP request that cannot be answered because a
 * key on the HSM cannot sign is answered HTTP 503, as a proxy with no CA behind it would be.
 */
final class CaNodeHttp {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CaNodeHttp.class);
    /** A CMP request for one certificate is a few kilobytes. */
    static final int MAX_REQUEST_BYTES = 256 * 1024;

    private final HttpServer server;
    private final ExecutorService threads;

    private CaNodeHttp(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    static CaNodeHttp start(
            String bind,
            int port,
            String cmpPath,
            int threadCount,
            CmpResponder responder,
            CrlPublisher crls,
            X509Certificate caCertificate,
            X509Certificate cmpSignerCertificate) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 64);
            server.createContext(cmpPath, exchange -> cmp(exchange, responder));
            server.createContext("/crl/", exchange -> crl(exchange, crls));
            byte[] caDer = caCertificate.getEncoded();
            server.createContext("/ca.cer", exchange -> send(exchange, 200, "application/pkix-cert", caDer));
            byte[] cmpSignerDer = cmpSignerCertificate.getEncoded();
            server.createContext(
                    "/cmp-signer.cer", exchange -> send(exchange, 200, "application/pkix-cert", cmpSignerDer));
            ExecutorService threads = Executors.newFixedThreadPool(threadCount, r -> new Thread(r, "ca-node-http"));
            server.setExecutor(threads);
            server.start();
            return new CaNodeHttp(server, threads);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "The CA node cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(1);
        threads.shutdownNow();
    }

    private static void cmp(HttpExchange exchange, CmpResponder responder) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "POST");
                send(exchange, 405, "text/plain", "CMP messages are POSTed\n".getBytes());
                return;
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(CmpHttp.CONTENT_TYPE)) {
                send(exchange, 415, "text/plain", ("Content-Type must be " + CmpHttp.CONTENT_TYPE + "\n").getBytes());
                return;
            }
            byte[] request;
            try (InputStream in = exchange.getRequestBody()) {
                request = in.readNBytes(MAX_REQUEST_BYTES + 1);
            }
            if (request.length > MAX_REQUEST_BYTES) {
                send(exchange, 413, "text/plain", "CMP request too large\n".getBytes());
                return;
            }
            byte[] answer;
            try {
                answer = responder.answer(request);
            } catch (HsmUnavailableException e) {
                // no CMP message can be signed: "not available", which an RA (ca/CmpHttp) keeps its request for
                LOG.warn("CMP request not answered (HTTP 503): {}", e.getMessage());
                send(
                        exchange,
                        503,
                        "text/plain",
                        ("The CA cannot sign now (its HSM key is unavailable); try again later\n").getBytes());
                return;
            }
            send(exchange, 200, CmpHttp.CONTENT_TYPE, answer);
        }
    }

    private static void crl(HttpExchange exchange, CrlPublisher crls) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            boolean delta = path.endsWith("/" + CrlPublisher.DELTA_FILE);
            if (!"GET".equals(exchange.getRequestMethod()) || !(delta || path.endsWith("/" + CrlPublisher.FULL_FILE))) {
                send(exchange, 404, "text/plain", "No such CRL\n".getBytes());
                return;
            }
            var latest = crls.latest(delta);
            if (latest.isEmpty()) {
                send(exchange, 404, "text/plain", "No CRL published yet\n".getBytes());
                return;
            }
            send(exchange, 200, "application/pkix-crl", Files.readAllBytes(crls.fileOf(latest.get())));
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
