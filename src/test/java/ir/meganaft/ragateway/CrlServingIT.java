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
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What relying parties get from /pki and getLatestCrl (issue 16's CRL findings): the delta CRL's
 * address answers from the first full CRL on, a cache revalidating a CRL it holds gets 304 Not
 * Modified, and a full CRL reports no base CRL number; the root's CRL is served where the issuing CA
 * certificate's CRL distribution point says.
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
        HttpResponse<byte[]> full = await().atMost(Duration.ofSeconds(20))
                .until(() -> get("/pki/crl/issuing-ca.crl", null), r -> r.statusCode() == 200);
        assertThat(full.body()).isNotEmpty();
        HttpResponse<byte[]> delta = get("/pki/crl/issuing-ca-delta.crl", null);
        assertThat(delta.statusCode()).isEqualTo(200);
        assertThat(delta.headers().firstValue("Content-Type")).contains("application/pkix-crl");
    }

    @Test
    void a_cache_that_holds_the_current_crl_gets_304_not_modified_and_no_body() throws Exception {
        HttpResponse<byte[]> first = await().atMost(Duration.ofSeconds(20))
                .until(() -> get("/pki/crl/issuing-ca.crl", null), r -> r.statusCode() == 200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = get("/pki/crl/issuing-ca.crl", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).contains(etag);
        assertThat(get("/pki/crl/issuing-ca.crl", "\"some-older-crl\"").statusCode())
                .isEqualTo(200);
    }

    @Test
    void get_latest_crl_gives_a_delta_its_base_number_and_a_full_crl_none() throws Exception {
        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> gateway.registration().getLatestCrl(latest(true)) != null);
        GetLatestCrlResponse full = gateway.registration().getLatestCrl(latest(false));
        GetLatestCrlResponse delta = gateway.registration().getLatestCrl(latest(true));
        assertThat(full.getBaseCrlNumber()).isNull();
        assertThat(delta.getBaseCrlNumber()).isEqualTo(full.getCrlNumber());
    }

    @Test
    void the_issuing_ca_certificate_names_the_root_crl_which_the_gateway_serves_signed_by_the_root() throws Exception {
        java.security.cert.CertificateFactory x509 = java.security.cert.CertificateFactory.getInstance("X.509");
        HttpResponse<byte[]> caFile = get("/pki/issuing-ca.cer", null);
        assertThat(caFile.statusCode()).isEqualTo(200);
        java.security.cert.X509Certificate ca = (java.security.cert.X509Certificate)
                x509.generateCertificate(new java.io.ByteArrayInputStream(caFile.body()));
        java.security.cert.X509Certificate root;
        try (var in = java.nio.file.Files.newInputStream(
                started.data().resolve("keys").resolve("root-ca.pem"))) {
            root = (java.security.cert.X509Certificate) x509.generateCertificate(in);
        }

        org.bouncycastle.asn1.x509.CRLDistPoint points = org.bouncycastle.asn1.x509.CRLDistPoint.getInstance(
                org.bouncycastle.asn1.ASN1OctetString.getInstance(ca.getExtensionValue("2.5.29.31"))
                        .getOctets());
        org.bouncycastle.asn1.x509.GeneralName[] names = org.bouncycastle.asn1.x509.GeneralNames.getInstance(
                        points.getDistributionPoints()[0].getDistributionPoint().getName())
                .getNames();
        String url = names[0].getName().toString();
        assertThat(names[0].getTagNo()).isEqualTo(org.bouncycastle.asn1.x509.GeneralName.uniformResourceIdentifier);
        assertThat(url).isEqualTo(gateway.url("/pki/crl/root-ca.crl"));

        HttpResponse<byte[]> served =
                PLAIN.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).contains("application/pkix-crl");
        java.security.cert.X509CRL crl =
                (java.security.cert.X509CRL) x509.generateCRL(new java.io.ByteArrayInputStream(served.body()));
        crl.verify(root.getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        assertThat(crl.isRevoked(ca)).as("the issuing CA is in good standing").isFalse();
        assertThat(crl.getNextUpdate()).isInTheFuture();
    }

    private static GetLatestCrlRequest latest(boolean delta) {
        GetLatestCrlRequest r = new GetLatestCrlRequest();
        r.setDelta(delta);
        return r;
    }

    private static HttpResponse<byte[]> get(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(gateway.url(path))).timeout(Duration.ofSeconds(10));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return PLAIN.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
