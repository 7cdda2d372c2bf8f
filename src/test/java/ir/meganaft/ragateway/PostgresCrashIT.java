package ir.meganaft.ragateway;

import static ir.meganaft.ragateway.support.CrashDrills.settle;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.registration.GetCaCertificatesRequest;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.support.CrashDrills;
import ir.meganaft.ragateway.support.CrashDrills.Acknowledged;
import ir.meganaft.ragateway.support.GatewayDatabase;
import ir.meganaft.ragateway.support.GatewayProcess;
import ir.meganaft.ragateway.support.PostgresServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * With PostgreSQL as its database, what the gateway acknowledged survives a hard crash, and no
 * request is signed twice: the proof that production on PostgreSQL does not have the embedded
 * H2's gap (its recovery can drop the last commits after a kill; see docs/operations.md,
 * "Durability"). The packaged gateway runs as its own JVM against a PostgreSQL server of this
 * class's own, and is killed with
 * SIGKILL while new requests are submitted and approved ones issued, then once more together with
 * the server itself (an immediate stop: every server process quits at once, no checkpoint,
 * recovery from the write-ahead log at the next start). After each it starts again on the same
 * data directory, port and database; the last test audits the database and the logs of every run.
 * The drills are CrashIT's ({@link CrashDrills}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresCrashIT {
    static final int RECOVERY_IDLE_SECONDS = 3;
    static final int RECOVERY_PERIOD_SECONDS = 1;
    /** Recovery's own time plus room for a restarted gateway on a busy 2-core machine. */
    static final Duration RECOVERED_WITHIN = Duration.ofSeconds(RECOVERY_IDLE_SECONDS + RECOVERY_PERIOD_SECONDS + 10);

    /** Each crash comes once this many new submissions are acknowledged and this many approvals issued. */
    static final int KILL_AFTER_ACKNOWLEDGEMENTS = 16;

    static final int KILL_AFTER_ISSUED = 4;
    static final int SUBMITTERS = 4;
    static final int SUBMISSIONS_PER_SUBMITTER = 10;
    static final int ISSUANCE_BATCH = 12;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path work;

    static PostgresServer postgres;
    static PostgresServer.Access database;
    static GatewayProcess gateway;
    static CrashDrills drills;

    @BeforeAll
    static void startPostgresAndGateway() throws Exception {
        postgres = PostgresServer.start(Map.of()); // not the shared server: a test here crashes it
        database = postgres.newDatabase("crash");
        Map<String, String> settings = new HashMap<>(database.gatewaySettings());
        settings.putAll(Map.of(
                "gateway.recovery.idle-seconds",
                Integer.toString(RECOVERY_IDLE_SECONDS),
                "gateway.recovery.period-seconds",
                Integer.toString(RECOVERY_PERIOD_SECONDS),
                "gateway.broker.redelivery-delay-ms",
                "100",
                "gateway.outbox.poll-ms",
                "100"));
        gateway = GatewayProcess.in(work, settings);
        gateway.start();
        byte[] der = gateway.registration()
                .getCaCertificates(new GetCaCertificatesRequest())
                .getCertificate()
                .get(0)
                .getDer();
        X509Certificate ca = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        drills = new CrashDrills(gateway, ca);
    }

    @BeforeEach
    void gatewayRuns() {
        if (!gateway.running()) {
            gateway.start();
        }
    }

    @AfterAll
    static void stopEverything() {
        if (gateway != null) {
            gateway.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void nothing_acknowledged_is_lost_and_nothing_signed_twice_after_a_kill_during_submissions_and_issuance()
            throws Exception {
        survives(gateway::kill);
    }

    @Test
    @Order(2)
    void nothing_acknowledged_is_lost_and_nothing_signed_twice_after_postgresql_and_the_gateway_crash_together()
            throws Exception {
        survives(() -> {
            postgres.crash(); // what the gateway was told is committed must come back from the write-ahead log
            gateway.kill();
            postgres.start();
        });
    }

    @Test
    @Order(3)
    void after_all_the_kills_the_ca_ledger_the_certificate_store_and_the_status_service_agree() throws Exception {
        CrashDrills.Signatures signatures = drills.signatures();
        gateway.stop(); // graceful: the database then shows what the kills left, nothing from this stop
        List<String> ledgerAgainstStore;
        List<String> certificatesAgainstStates;
        try (GatewayDatabase db = GatewayDatabase.open(database)) {
            ledgerAgainstStore = db.ledgerAgainstStore();
            certificatesAgainstStates = db.certificatesAgainstStates();
        }
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(signatures.signed())
                    .as("requests the logs say the CA signed for (none: the log lines" + " changed?)")
                    .isNotEmpty();
            softly.assertThat(signatures.signedTwice())
                    .as("requests the CA signed more than one certificate for (logs %s)", gateway.logs())
                    .isEmpty();
            softly.assertThat(signatures.unknownToStatus())
                    .as("certificates the CA signed that the status service calls" + " UNKNOWN, with their request")
                    .isEmpty();
            softly.assertThat(ledgerAgainstStore)
                    .as("the CA ledger against the certificate store")
                    .isEmpty();
            softly.assertThat(certificatesAgainstStates)
                    .as("requests whose certificates do not match their state")
                    .isEmpty();
        });
    }

    /**
     * New submissions and approvals under way when {@code crash} strikes: after a restart every
     * acknowledged submission is past the automatic checks and recognised when sent again, and
     * every acknowledged approval is ISSUED with the one certificate the CA signed for it.
     */
    private static void survives(Runnable crash) throws Exception {
        List<String> batch = drills.vetted(drills.submitted(ISSUANCE_BATCH, null));
        long issuedBefore = drills.issuedInCurrentRun();
        CrashDrills.Submissions submissions = drills.submitting(SUBMITTERS, SUBMISSIONS_PER_SUBMITTER);
        CrashDrills.Approvals approvals = drills.approving(batch);
        await("submissions and issuance under way")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> submissions.acknowledged().size() >= KILL_AFTER_ACKNOWLEDGEMENTS
                                && drills.issuedInCurrentRun() - issuedBefore >= KILL_AFTER_ISSUED
                        || submissions.anyRefused()
                        || approvals.anyRefused());
        CrashDrills.crash(crash, submissions, approvals);

        gateway.start();
        Collection<Acknowledged> acknowledged = submissions.acknowledged();
        Set<String> approved = approvals.approved();
        drills.approveWhatStillWaits(batch, approved);
        Map<String, String> notVetted = settle(
                RECOVERED_WITHIN,
                () -> drills.statesOtherThan(CrashDrills.ids(acknowledged), RequestState.PENDING_VETTING),
                Map::isEmpty);
        Map<String, String> notIssued =
                settle(RECOVERED_WITHIN, () -> drills.statesOtherThan(approved, RequestState.ISSUED), Map::isEmpty);
        List<String> notRecognised = drills.notRecognisedWhenSentAgain(acknowledged);
        List<String> notOneCertificate = drills.notExactlyOneCertificate(approved);
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(notVetted)
                    .as(
                            "of %d acknowledged submissions, those not past the automatic checks %s after"
                                    + " the restart (log %s)",
                            acknowledged.size(), RECOVERED_WITHIN, gateway.currentLog())
                    .isEmpty();
            softly.assertThat(notRecognised)
                    .as("acknowledged submissions sent again with the same clientRequestId")
                    .isEmpty();
            softly.assertThat(notIssued)
                    .as(
                            "of %d acknowledged approvals, those not ISSUED %s after the restart (log %s)",
                            approved.size(), RECOVERED_WITHIN, gateway.currentLog())
                    .isEmpty();
            softly.assertThat(notOneCertificate)
                    .as("issued requests without exactly one certificate, the one served")
                    .isEmpty();
        });
    }
}
