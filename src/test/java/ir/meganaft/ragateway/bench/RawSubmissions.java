package ir.meganaft.ragateway.bench;

import ir.meganaft.ragateway.contract.registration.SubmitCertificateRequest;
import ir.meganaft.ragateway.support.Requests;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.Marshaller;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * The load generator of the intake phases: SOAP 1.1 submissions posted over HTTP as prepared
 * envelopes, the way CFSSL is driven with prepared JSON. Each envelope is what the generated CXF
 * client sends (the same JAXB types, marshalled once per CSR); only the clientRequestId changes per
 * call. A CXF client marshalling every call cost the shared two cores about a fifth of their time,
 * which the gateway's intake then did not get. The answer must be HTTP 200 with a request id.
 */
final class RawSubmissions {
    private static final String PLACEHOLDER = "HR-00000000-0000-0000-0000-000000000000";
    private final List<String> envelopes = new ArrayList<>();
    private final HttpClient http;
    private final URI uri;

    /** @param tls the back-office system's TLS context (its client certificate; issue 12) */
    RawSubmissions(String url, javax.net.ssl.SSLContext tls, List<byte[]> csrs, int threads) throws Exception {
        Marshaller marshaller =
                JAXBContext.newInstance(SubmitCertificateRequest.class).createMarshaller();
        marshaller.setProperty(Marshaller.JAXB_FRAGMENT, true);
        for (byte[] csr : csrs) {
            StringWriter body = new StringWriter();
            marshaller.marshal(Requests.individual(PLACEHOLDER, csr), body);
            envelopes.add("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>" + body
                    + "</soap:Body></soap:Envelope>");
        }
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(tls)
                .executor(Executors.newFixedThreadPool(Math.max(2, threads)))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.uri = URI.create(url);
    }

    /** Submits envelope {@code i} (modulo the prepared CSRs) under a new clientRequestId. */
    void submit(long i) throws Exception {
        String envelope = envelopes.get((int) (i % envelopes.size())).replace(PLACEHOLDER, "HR-" + UUID.randomUUID());
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "text/xml; charset=UTF-8")
                        .header("SOAPAction", "\"urn:submitCertificateRequest\"")
                        .POST(HttpRequest.BodyPublishers.ofString(envelope))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("requestId>")) {
            throw new IllegalStateException("submission refused: HTTP " + response.statusCode() + " "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
    }
}
