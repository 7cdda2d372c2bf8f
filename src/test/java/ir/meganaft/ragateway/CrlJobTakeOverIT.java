package ir.meganaft.ragateway;

import static ir.meganaft.ragateway.support.SeveralInstances.crlNumbers;
import static ir.meganaft.ragateway.support.SeveralInstances.published;
import static ir.meganaft.ragateway.support.SeveralInstances.sameKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.officer.GetEvidenceFileRequest;
import ir.meganaft.ragateway.contract.types.RevocationReason;
import ir.meganaft.ragateway.support.GatewayProcess;
import ir.meganaft.ragateway.support.PostgresServer;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.Walk;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged gateways, each its own JVM with its own data folder and embedded broker, on one
 * PostgreSQL database and one CA key (issue 15): each serves the latest CRLs, the CA certificate and
 * every scan, whichever instance wrote them; and when the CRL job's holder is killed with SIGKILL
 * (no shutdown, no release of its lease) the other takes the job within lease + renewal, the time
 * docs/operations.md states, and publishes CRLs whose numbers are above every earlier one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrlJobTakeOverIT {
    private static final int LEASE_SECONDS = 4;
    private static final int RENEW_SECONDS = 1;
    /** gateway.singletons: a job moves to a survivor within lease + renewal (docs/operations.md). */
    private static final Duration TAKE_OVER_WITHIN = Duration.ofSeconds(LEASE_SECONDS + RENEW_SECONDS);

    private static final String RUNS_CRL = "This instance now runs crl";
    private static final HttpClient PLAIN = HttpClient.newHttpClient();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path work;

    static PostgresServer.Access database;
    static GatewayProcess first;
    static GatewayProcess second;

    @BeforeAll
    static void startTwoGatewaysOnOneDatabase() throws Exception {
        database = PostgresServer.shared().newDatabase("crl_take_over");
        first = GatewayProcess.in(Files.createDirectories(work.resolve("first")), settings())
                .start();
        await("the first gateway's CRLs")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> crlNumbers(database).size() >= 2);
        // one CA: the second gateway gets the same key files, as production gives every instance the same keys
        sameKeys(first.dataDir(), work.resolve("second").resolve("data"));
        second = GatewayProcess.in(work.resolve("second"), settings()).start();
    }

    @AfterAll
    static void stop() {
        Stream.of(first, second).filter(g -> g != null).forEach(GatewayProcess::close);
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(database.gatewaySettings());
        settings.put("gateway.singletons.lease-seconds", Integer.toString(LEASE_SECONDS));
        settings.put("gateway.singletons.renew-seconds", Integer.toString(RENEW_SECONDS));
        settings.put("gateway.crl.check-period-seconds", "1");
        return settings;
    }

    @Test
    @Order(1)
    void each_instance_serves_the_latest_crls_the_ca_certificate_and_every_scan_whichever_instance_wrote_them()
            throws Exception {
        assertThat(first.linesInCurrentLog(RUNS_CRL))
                .as("the first gateway holds the CRL job")
                .isEqualTo(1);
        assertThat(second.linesInCurrentLog(RUNS_CRL)).isZero();
        assertThat(published(second.dataDir()))
                .as("the second gateway published nothing")
                .isEmpty();

        for (String crl : List.of("/pki/crl/issuing-ca.crl", "/pki/crl/issuing-ca-delta.crl")) {
            HttpResponse<byte[]> fromWriter = get(first, crl, null);
            HttpResponse<byte[]> fromOther = get(second, crl, null);
            assertThat(fromOther.statusCode()).as(crl).isEqualTo(200);
            assertThat(fromOther.body())
                    .as(crl + " from the instance that did not publish it")
                    .isEqualTo(fromWriter.body());
            String etag = fromOther.headers().firstValue("ETag").orElseThrow();
            assertThat(fromWriter.headers().firstValue("ETag")).contains(etag);
            HttpResponse<byte[]> revalidated = get(second, crl, etag);
            assertThat(revalidated.statusCode())
                    .as("a cache holding it gets 304 from either")
                    .isEqualTo(304);
            assertThat(revalidated.body()).isEmpty();
        }
        assertThat(get(second, "/pki/issuing-ca.cer", null).body())
                .isEqualTo(get(first, "/pki/issuing-ca.cer", null).body());

        byte[] scan = ("scanned national card " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        String id = first.registration()
                .submitCertificateRequest(Requests.withScan(
                        Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")), scan))
                .getRequestId();
        GetEvidenceFileRequest fetch = new GetEvidenceFileRequest();
        fetch.setOfficer(Requests.officer(RunningGateway.ARCHIVIST));
        fetch.setRequestId(id);
        fetch.setSha256(HexFormat.of()
                .withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(scan)));
        assertThat(second.officer()
                        .getEvidenceFile(fetch)
                        .getContent()
                        .getInputStream()
                        .readAllBytes())
                .as("the scan sent to the first gateway, read through the second")
                .isEqualTo(scan);
    }

    @Test
    @Order(2)
    void when_the_crl_jobs_holder_is_killed_the_other_takes_the_job_within_lease_and_renewal_and_numbers_only_rise()
            throws Exception {
        Walk walk = new Walk(second.registration(), second.officer());
        String id = second.registration()
                .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")))
                .getRequestId();
        walk.vetApproveAndIssue(id);
        BigInteger serial = new BigInteger(
                second.registration()
                        .getCertificate(Requests.certificate(id))
                        .getCertificate()
                        .getSerialNumber(),
                16);
        List<Long> byTheFirst = crlNumbers(database);

        first.kill();
        long killed = System.nanoTime();
        await("the second gateway runs the CRL job")
                .atMost(TAKE_OVER_WITHIN.plusSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> second.linesInCurrentLog(RUNS_CRL) == 1);
        Duration tookOver = Duration.ofNanos(System.nanoTime() - killed);

        second.officer().revokeByRa(Requests.revokeByRa(id, RevocationReason.KEY_COMPROMISE));
        await("a delta CRL from the second gateway listing the revocation")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> listed(
                        get(second, "/pki/crl/issuing-ca-delta.crl", null).body(), serial));

        assertThat(tookOver).as("taken over within lease + renewal").isLessThanOrEqualTo(TAKE_OVER_WITHIN);
        List<Long> all = crlNumbers(database);
        long lastOfTheFirst = byTheFirst.get(byTheFirst.size() - 1);
        assertThat(all)
                .as("CRL numbers in publication order strictly increase")
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(all).startsWith(byTheFirst.toArray(Long[]::new));
        assertThat(published(second.dataDir()))
                .as("the second gateway's CRLs, all above the first's")
                .isNotEmpty()
                .allSatisfy(n -> assertThat(n).isGreaterThan(lastOfTheFirst));
        assertThat(published(first.dataDir()))
                .as("the first published nothing after its kill")
                .containsExactlyElementsOf(byTheFirst);
        X509CRLHolder delta = new X509CRLHolder(
                get(second, "/pki/crl/issuing-ca-delta.crl", null).body());
        assertThat(CRLNumber.getInstance(delta.getExtension(Extension.cRLNumber).getParsedValue())
                        .getCRLNumber()
                        .longValue())
                .as("the delta served is the latest recorded")
                .isEqualTo(all.get(all.size() - 1));
    }

    private static boolean listed(byte[] crl, BigInteger serial) throws IOException {
        return new X509CRLHolder(crl).getRevokedCertificate(serial) != null;
    }

    private static HttpResponse<byte[]> get(GatewayProcess gateway, String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(gateway.url(path))).timeout(Duration.ofSeconds(20));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return PLAIN.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
