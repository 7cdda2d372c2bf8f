package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.support.Faults;
import ir.meganaft.ragateway.support.RunningGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's HTTP answers carry none of the caller's request headers, on a success or a fault. */
class ResponseHeadersIT {
    @TempDir
    Path data;

    private static final String ENVELOPE = """
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"
              xmlns:r="http://ra.meganaft.ir/gateway/registration/v1"><s:Body>%s</s:Body></s:Envelope>""";

    @Test
    void an_answer_echoes_no_request_header_on_success_or_fault() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(data)) {
            HttpClient http = gateway.http();
            for (String[] call : new String[][] {
                {"getCaCertificates", "<r:GetCaCertificatesRequest/>", "200"},
                {
                    "getRequestStatus",
                    "<r:GetRequestStatusRequest><r:requestId>00000000-0000-4000-8000-000000000000</r:requestId>"
                            + "</r:GetRequestStatusRequest>",
                    "500"
                }
            }) {
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(URI.create(gateway.url("/ra/RegistrationService")))
                                .header("Content-Type", "text/xml; charset=utf-8")
                                .header("SOAPAction", "\"urn:" + call[0] + "\"")
                                .header("Authorization", "Basic c2VjcmV0OnNlY3JldA==")
                                .header("Cookie", "session=caller-secret")
                                .header("X-Caller-Trace", "trace-123")
                                .POST(HttpRequest.BodyPublishers.ofString(ENVELOPE.formatted(call[1])))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(call[0]).isEqualTo(Integer.parseInt(call[2]));
                if (call[2].equals("500")) {
                    assertThat(Faults.codeIn(answer.body())).isEqualTo("UNKNOWN_REQUEST");
                }
                assertThat(answer.headers().map().keySet())
                        .as(call[0] + " answer headers")
                        .noneMatch(h -> h.equalsIgnoreCase("Authorization")
                                || h.equalsIgnoreCase("Cookie")
                                || h.equalsIgnoreCase("X-Caller-Trace")
                                || h.equalsIgnoreCase("SOAPAction")
                                || h.equalsIgnoreCase("User-Agent"));
                assertThat(answer.headers().map().toString()).doesNotContain("caller-secret", "trace-123", "c2VjcmV0");
            }
        }
    }
}
