package ir.meganaft.ragateway.crl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** Fetches a CA's CRL from its distribution point over HTTP (RFC 5280, 4.2.1.13), for {@link CrlPublisher#relaying}. */
public final class CrlDownload implements Supplier<byte[]> {
    /** A CRL larger than this is refused rather than read into memory. */
    static final int MAX_BYTES = 256 * 1024 * 1024;

    private final URI url;
    private final Duration timeout;
    private final HttpClient client;

    public CrlDownload(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public byte[] get() {
        try {
            HttpResponse<byte[]> response = client.send(
                    HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("The CA's CRL at " + url + " answered HTTP " + response.statusCode());
            }
            if (response.body().length > MAX_BYTES) {
                throw new IllegalStateException("The CA's CRL at " + url + " is larger than " + MAX_BYTES + " bytes");
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("The CA's CRL at " + url + " cannot be fetched: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while fetching " + url, e);
        }
    }
}
