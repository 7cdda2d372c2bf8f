package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.registration.GetLatestCrlRequest;
import ir.meganaft.ragateway.contract.registration.GetLatestCrlResponse;
import ir.meganaft.ragateway.support.GatewayPerClass;
import ir.meganaft.ragateway.support.RunningGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

/**
 * What relying parties get from /pki and getLatestCrl (issue 16's CRL findings): the delta CRL's
 * address answers from the first full CRL on, a cache revalidating a CRL it holds gets 304 Not
 * Modified, and a full CRL reports no base CRL number.
 */
class CrlServingIT {
    private static final HttpClient PLAIN = HttpClient.newHttpClient();

    @RegisterExtension
    static final GatewayPerClass started = GatewayPerClass.withDefaults();
    static RunningGateway gateway;

    @BeforeAll
    static void start() {
        gateway = started.gateway();
    }

    @Test
    void the_delta_crl_answers_from_the_first_full_crl_on_without_waiting_for_a_revocation() throws Exception {
        HttpResponse<byte[]> full = await().atMost(Duration.ofSeconds(20)).until(() -> get("/pki/crl/issuing-ca.crl", null),
                r -> r.statusCode() == 200);
        assertThat(full.body()).isNotEmpty();
        HttpResponse<byte[]> delta = get("/pki/crl/issuing-ca-delta.crl", null);
        assertThat(delta.statusCode()).isEqualTo(200);
        assertThat(delta.headers().firstValue("Content-Type")).contains("application/pkix-crl");
    }

    @Test
    void a_cache_that_holds_the_current_crl_gets_304_not_modified_and_no_body() throws Exception {
        HttpResponse<byte[]> first = await().atMost(Duration.ofSeconds(20)).until(() -> get("/pki/crl/issuing-ca.crl", null),
                r -> r.statusCode() == 200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = get("/pki/crl/issuing-ca.crl", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).contains(etag);
        assertThat(get("/pki/crl/issuing-ca.crl", "\"some-older-crl\"").statusCode()).isEqualTo(200);
    }

    @Test
    void get_latest_crl_gives_a_delta_its_base_number_and_a_full_crl_none() throws Exception {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> gateway.registration().getLatestCrl(latest(true)) != null);
        GetLatestCrlResponse full = gateway.registration().getLatestCrl(latest(false));
        GetLatestCrlResponse delta = gateway.registration().getLatestCrl(latest(true));
        assertThat(full.getBaseCrlNumber()).isNull();
        assertThat(delta.getBaseCrlNumber()).isEqualTo(full.getCrlNumber());
    }

    private static GetLatestCrlRequest latest(boolean delta) {
        GetLatestCrlRequest r = new GetLatestCrlRequest();
        r.setDelta(delta);
        return r;
    }

    private static HttpResponse<byte[]> get(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path))).timeout(Duration.ofSeconds(10));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return PLAIN.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
