package ir.meganaft.ragateway.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A stand-in for the civil registry: a real HTTP server on a free loopback port speaking the
 * contract the gateway's HttpCivilRegistry assumes ({@code GET /persons/<national code>}).
 */
public final class CivilRegistryStandIn implements AutoCloseable {
    private final HttpServer server;

    /** @param people national code -> "givenName surname" as registered */
    public CivilRegistryStandIn(Map<String, String> people) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/persons/", exchange -> {
            String code = exchange.getRequestURI().getPath().substring("/persons/".length());
            String name = people.get(code);
            if (name == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            String[] parts = name.split(" ", 2);
            byte[] body = ("givenName=" + parts[0] + "\nsurname=" + parts[1] + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
