package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.officer.GetEvidenceFileRequest;
import ir.meganaft.ragateway.contract.registration.SubmitCertificateRequest;
import ir.meganaft.ragateway.contract.types.Document;
import ir.meganaft.ragateway.contract.types.DocumentType;
import ir.meganaft.ragateway.contract.types.RevocationReason;
import ir.meganaft.ragateway.support.GatewayProcess;
import ir.meganaft.ragateway.support.PostgresServer;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.Walk;
import jakarta.activation.DataHandler;
import jakarta.mail.util.ByteArrayDataSource;
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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
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
        first = GatewayProcess.in(Files.createDirectories(work.resolve("first")), settings()).start();
        await("the first gateway's CRLs").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> crlNumbers().size() >= 2);
        // one CA: the second gateway gets the same key files, as production gives every instance the same keys
        copy(first.dataDir().resolve("keys"), work.resolve("second").resolve("data").resolve("keys"));
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
        assertThat(first.linesInCurrentLog(RUNS_CRL)).as("the first gateway holds the CRL job").isEqualTo(1);
        assertThat(second.linesInCurrentLog(RUNS_CRL)).isZero();
        assertThat(published(second)).as("the second gateway published nothing").isEmpty();

        for (String crl : List.of("/pki/crl/issuing-ca.crl", "/pki/crl/issuing-ca-delta.crl")) {
            HttpResponse<byte[]> fromWriter = get(first, crl, null);
            HttpResponse<byte[]> fromOther = get(second, crl, null);
            assertThat(fromOther.statusCode()).as(crl).isEqualTo(200);
            assertThat(fromOther.body()).as(crl + " from the instance that did not publish it").isEqualTo(fromWriter.body());
            String etag = fromOther.headers().firstValue("ETag").orElseThrow();
            assertThat(fromWriter.headers().firstValue("ETag")).contains(etag);
            HttpResponse<byte[]> revalidated = get(second, crl, etag);
            assertThat(revalidated.statusCode()).as("a cache holding it gets 304 from either").isEqualTo(304);
            assertThat(revalidated.body()).isEmpty();
        }
        assertThat(get(second, "/pki/issuing-ca.cer", null).body()).isEqualTo(get(first, "/pki/issuing-ca.cer", null).body());

        byte[] scan = ("scanned national card " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        String id = first.registration().submitCertificateRequest(withScan(scan)).getRequestId();
        GetEvidenceFileRequest fetch = new GetEvidenceFileRequest();
        fetch.setOfficer(Requests.officer(RunningGateway.ARCHIVIST));
        fetch.setRequestId(id);
        fetch.setSha256(HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(scan)));
        assertThat(second.officer().getEvidenceFile(fetch).getContent().getInputStream().readAllBytes())
                .as("the scan sent to the first gateway, read through the second").isEqualTo(scan);
    }

    @Test
    @Order(2)
    void when_the_crl_jobs_holder_is_killed_the_other_takes_the_job_within_lease_and_renewal_and_numbers_only_rise()
            throws Exception {
        Walk walk = new Walk(second.registration(), second.officer());
        String id = second.registration().submitCertificateRequest(Requests.individual(Requests.newClientRequestId(),
                TestCsrs.ec("secp256r1"))).getRequestId();
        walk.vetApproveAndIssue(id);
        BigInteger serial = new BigInteger(second.registration().getCertificate(Requests.certificate(id)).getCertificate()
                .getSerialNumber(), 16);
        List<Long> byTheFirst = crlNumbers();

        first.kill();
        long killed = System.nanoTime();
        await("the second gateway runs the CRL job").atMost(TAKE_OVER_WITHIN.plusSeconds(10))
                .pollInterval(Duration.ofMillis(100)).until(() -> second.linesInCurrentLog(RUNS_CRL) == 1);
        Duration tookOver = Duration.ofNanos(System.nanoTime() - killed);

        second.officer().revokeByRa(Requests.revokeByRa(id, RevocationReason.KEY_COMPROMISE));
        await("a delta CRL from the second gateway listing the revocation").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> listed(get(second, "/pki/crl/issuing-ca-delta.crl", null).body(), serial));

        assertThat(tookOver).as("taken over within lease + renewal").isLessThanOrEqualTo(TAKE_OVER_WITHIN);
        List<Long> all = crlNumbers();
        long lastOfTheFirst = byTheFirst.get(byTheFirst.size() - 1);
        assertThat(all).as("CRL numbers in publication order strictly increase").isSorted().doesNotHaveDuplicates();
        assertThat(all).startsWith(byTheFirst.toArray(Long[]::new));
        assertThat(published(second)).as("the second gateway's CRLs, all above the first's").isNotEmpty()
                .allSatisfy(n -> assertThat(n).isGreaterThan(lastOfTheFirst));
        assertThat(published(first)).as("the first published nothing after its kill").containsExactlyElementsOf(byTheFirst);
        X509CRLHolder delta = new X509CRLHolder(get(second, "/pki/crl/issuing-ca-delta.crl", null).body());
        assertThat(CRLNumber.getInstance(delta.getExtension(Extension.cRLNumber).getParsedValue()).getCRLNumber().longValue())
                .as("the delta served is the latest recorded").isEqualTo(all.get(all.size() - 1));
    }

    private static SubmitCertificateRequest withScan(byte[] scan) {
        SubmitCertificateRequest request = Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        Document card = new Document();
        card.setType(DocumentType.NATIONAL_CARD);
        card.setNumber("۰۴۹۹۳۷۰۸۹۹");
        card.setFileName("card.png");
        card.setFile(new DataHandler(new ByteArrayDataSource(scan, "image/png")));
        request.getDocuments().getDocument().removeIf(d -> d.getType() == DocumentType.NATIONAL_CARD);
        request.getDocuments().getDocument().add(card);
        return request;
    }

    private static boolean listed(byte[] crl, BigInteger serial) throws IOException {
        return new X509CRLHolder(crl).getRevokedCertificate(serial) != null;
    }

    private static HttpResponse<byte[]> get(GatewayProcess gateway, String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path))).timeout(Duration.ofSeconds(20));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return PLAIN.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The CRL numbers recorded, in the order they were published. */
    static List<Long> crlNumbers() throws Exception {
        List<Long> numbers = new ArrayList<>();
        try (Connection c = database.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select crl_number from crl order by published_at, crl_number")) {
            while (rs.next()) {
                numbers.add(rs.getLong(1));
            }
        }
        return numbers;
    }

    /** The numbers of the CRLs a gateway published (its archive; copies it served are elsewhere). */
    private static List<Long> published(GatewayProcess gateway) throws IOException {
        Path archive = gateway.dataDir().resolve("crl").resolve("archive");
        if (!Files.isDirectory(archive)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(archive)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".crl"))
                    .map(n -> Long.parseLong(n.substring(0, n.indexOf('-')))).sorted().toList();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
