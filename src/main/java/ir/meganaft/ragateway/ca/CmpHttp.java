package ir.meganaft.ragateway.ca;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * CMP over HTTP (RFC 6712): each message is POSTed as {@code application/pkixcmp} and the answer is
 * the body of the response. A CA that cannot be reached, times out, or sends a proxy's 502/503/504
 * throws {@link CaNotHeardException} (the request waits for it); one that answers with anything else
 * but a CMP message throws {@link CaUnavailableException} (redelivered, then dead-lettered).
 */
public final class CmpHttp {
    public static final String CONTENT_TYPE = "application/pkixcmp";
    /** A CMP message larger than this is not an answer to one certificate request. */
    static final int MAX_RESPONSE_BYTES = 1 << 20;

    private final URI url;
    private final Duration responseTimeout;
    private final HttpClient client;

    public CmpHttp(URI url, Duration connectTimeout, Duration responseTimeout) {
        this.url = url;
        this.responseTimeout = responseTimeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Sends one message and returns the CA's answer (DER). */
    public byte[] exchange(byte[] message) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(responseTimeout)
                .header("Content-Type", CONTENT_TYPE)
                .header("Cache-Control", "no-cache")
                .POST(HttpRequest.BodyPublishers.ofByteArray(message))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.net.http.HttpConnectTimeoutException e) {
            throw new CaUnavailableException(
                    "The CA at " + url + " cannot be reached: no connection within the " + "connect timeout", e);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new CaNotHeardException(
                    "The CA at " + url + " did not answer within " + responseTimeout.toMillis() + " ms", e);
        } catch (IOException e) {
            String reason = e instanceof java.net.ConnectException
                    ? "no connection (refused, or no route to it)"
                    : e.getMessage() == null || e.getMessage().isBlank()
                            ? e.getClass().getSimpleName()
                            : e.getMessage();
            throw new CaNotHeardException("The CA at " + url + " cannot be reached: " + reason, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaUnavailableException("Interrupted while waiting for the CA at " + url, e);
        }
        int status = response.statusCode();
        if (status == 502 || status == 503 || status == 504) { // a proxy or load balancer with no CA behind it
            throw new CaNotHeardException("The CA at " + url + " is not available (HTTP " + status + ")");
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith(CONTENT_TYPE)) {
            throw new CaUnavailableException("The CA at " + url + " answered HTTP " + response.statusCode() + " with "
                    + (type.isEmpty() ? "no content type" : type) + ", not a CMP message");
        }
        if (response.body().length == 0 || response.body().length > MAX_RESPONSE_BYTES) {
            throw new CaUnavailableException(
                    "The CA at " + url + " answered with " + response.body().length + " bytes");
        }
        return response.body();
    }

    public URI url() {
        return url;
    }
}
