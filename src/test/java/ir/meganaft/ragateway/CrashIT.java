package ir.meganaft.ragateway;

import static ir.meganaft.ragateway.support.CrashDrills.describe;
import static ir.meganaft.ragateway.support.CrashDrills.hex;
import static ir.meganaft.ragateway.support.CrashDrills.settle;
import static ir.meganaft.ragateway.support.CrashDrills.stop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.notification.NotificationEvent;
import ir.meganaft.ragateway.contract.notification.RequestChangeNotification;
import ir.meganaft.ragateway.contract.officer.OfficerServicePortType;
import ir.meganaft.ragateway.contract.registration.GetCaCertificatesRequest;
import ir.meganaft.ragateway.contract.registration.GetLatestCrlRequest;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.status.CertificateStatus;
import ir.meganaft.ragateway.contract.status.StatusServicePortType;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.contract.types.RevocationReason;
import ir.meganaft.ragateway.support.CallbackReceiver;
import ir.meganaft.ragateway.support.CrashDrills;
import ir.meganaft.ragateway.support.CrashDrills.Acknowledged;
import ir.meganaft.ragateway.support.CrlWatch;
import ir.meganaft.ragateway.support.Faults;
import ir.meganaft.ragateway.support.GatewayDatabase;
import ir.meganaft.ragateway.support.GatewayProcess;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * The gateway's promises hold across a hard crash: an acknowledged request is never lost, a request
 * never yields two certificates, CRL numbers only increase, and every acknowledged change is called
 * back. The packaged gateway runs as its own JVM and is killed with SIGKILL (no shutdown, no
 * flush) at four moments of its work, then started again on the same data directory and port;
 * each test checks what callers and relying parties can see. One gateway lives through the whole
 * class, so the last test audits the database and logs that all the crashes left behind. Each
 * test starts the gateway again if an earlier one left it down. When a test fails, its folder
 * (data directory and one log per run, named in the failure) is kept for a look.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashIT {
    /** Requests left RECEIVED or APPROVED this long are queued again, checked this often. */
    static final int RECOVERY_IDLE_SECONDS = 3;

    static final int RECOVERY_PERIOD_SECONDS = 1;
    /** Recovery's own time plus room for a restarted gateway on a busy 2-core machine. */
    static final Duration RECOVERED_WITHIN = Duration.ofSeconds(RECOVERY_IDLE_SECONDS + RECOVERY_PERIOD_SECONDS + 10);
    /** Callbacks left after a restart, at the back office's pace, with the retries' backoff. */
    static final Duration CALLED_BACK_WITHIN = Duration.ofSeconds(30);

    static final int SUBMITTERS = 4;
    static final int SUBMISSIONS_PER_SUBMITTER = 25;
    static final int KILL_AFTER_ACKNOWLEDGEMENTS = 60;
    static final int ISSUANCE_BATCH = 30;
    static final int CRL_BATCH = 12;
    static final int KILL_AFTER_REVOCATIONS = 6;
    static final int CALLBACK_BATCH = 8;
    static final List<NotificationEvent> LIFECYCLE =
            List.of(NotificationEvent.ISSUED, NotificationEvent.DELIVERED, NotificationEvent.REVOKED);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path work;

    static GatewayProcess gateway;
    static CallbackReceiver backOffice;
    static CrlWatch crls;
    static X509Certificate ca;
    static CrashDrills drills;

    @BeforeAll
    static void startGateway() throws Exception {
        backOffice = CallbackReceiver.start();
        gateway = GatewayProcess.in(
                work,
                Map.of(
                        // the back office's address, registered so the callback test's requests may name it as replyTo
                        "gateway.callback-prefixes." + Requests.SYSTEM,
                        backOffice.url(),
                        "gateway.recovery.idle-seconds",
                        Integer.toString(RECOVERY_IDLE_SECONDS),
                        "gateway.recovery.period-seconds",
                        Integer.toString(RECOVERY_PERIOD_SECONDS),
                        "gateway.broker.redelivery-delay-ms",
                        "100",
                        "gateway.outbox.poll-ms",
                        "100",
                        "gateway.notifications.initial-delay-ms",
                        "100",
                        "gateway.notifications.max-delay-ms",
                        "500",
                        "gateway.notifications.max-attempts",
                        "1000"));
        gateway.start();
        byte[] der = gateway.registration()
                .getCaCertificates(new GetCaCertificatesRequest())
                .getCertificate()
                .get(0)
                .getDer();
        ca = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        crls = CrlWatch.polling(gateway, ca, Duration.ofMillis(50));
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
        if (crls != null) {
            crls.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (backOffice != null) {
            backOffice.close();
        }
    }

    @Test
    @Order(1)
    void every_acknowledged_submission_survives_a_kill_during_submissions_and_is_recognised_when_sent_again()
            throws Exception {
        Collection<Acknowledged> acknowledged =
                drills.submitUntil(SUBMITTERS, SUBMISSIONS_PER_SUBMITTER, KILL_AFTER_ACKNOWLEDGEMENTS, gateway::kill);

        gateway.start();
        Map<String, String> notVetted = settle(
                RECOVERED_WITHIN,
                () -> drills.statesOtherThan(CrashDrills.ids(acknowledged), RequestState.PENDING_VETTING),
                Map::isEmpty);
        List<String> notRecognised = drills.notRecognisedWhenSentAgain(acknowledged);
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(notVetted)
                    .as(
                            "of %d acknowledged requests, those not past the automatic checks %s after"
                                    + " the restart (log %s)",
                            acknowledged.size(), RECOVERED_WITHIN, gateway.currentLog())
                    .isEmpty();
            softly.assertThat(notRecognised)
                    .as("acknowledged requests sent again with the same clientRequestId")
                    .isEmpty();
        });
    }

    @Test
    @Order(2)
    void every_acknowledged_approval_is_issued_exactly_once_after_a_kill_during_issuance() throws Exception {
        List<String> batch = drills.vetted(drills.submitted(ISSUANCE_BATCH, null));
        Set<String> approved = drills.approveUntil(batch, ISSUANCE_BATCH / 3, gateway::kill);

        gateway.start();
        drills.approveWhatStillWaits(batch, approved);
        Map<String, String> notIssued =
                settle(RECOVERED_WITHIN, () -> drills.statesOtherThan(approved, RequestState.ISSUED), Map::isEmpty);
        List<String> notOneCertificate = drills.notExactlyOneCertificate(approved);
        SoftAssertions.assertSoftly(softly -> {
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

    @Test
    @Order(3)
    void crl_numbers_only_increase_and_acknowledged_revocations_stay_listed_after_a_kill_during_crl_generation()
            throws Exception {
        List<String> batch = drills.issued(drills.submitted(CRL_BATCH, null));
        RegistrationServicePortType registration = gateway.registration();
        Map<String, BigInteger> serialOf = new LinkedHashMap<>();
        for (String id : batch) {
            serialOf.put(
                    id,
                    new BigInteger(
                            registration
                                    .getCertificate(Requests.certificate(id))
                                    .getCertificate()
                                    .getSerialNumber(),
                            16));
        }
        Set<String> revoked = ConcurrentHashMap.newKeySet();
        List<String> failuresBeforeKill = new CopyOnWriteArrayList<>();
        AtomicBoolean killing = new AtomicBoolean();
        ExecutorService registrar = Executors.newSingleThreadExecutor();
        try {
            registrar.execute(() -> {
                OfficerServicePortType officer = gateway.officer();
                for (String id : batch) {
                    if (killing.get()) {
                        return;
                    }
                    try {
                        officer.revokeByRa(Requests.revokeByRa(id, RevocationReason.PRIVILEGE_WITHDRAWN));
                        revoked.add(id);
                    } catch (Exception e) {
                        if (!killing.get()) {
                            failuresBeforeKill.add(id + ": " + e);
                        }
                    }
                }
            });
            // each revocation is followed by a delta CRL: the kill lands among them
            await("revocations under way")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> revoked.size() >= KILL_AFTER_REVOCATIONS || !failuresBeforeKill.isEmpty());
            killing.set(true);
            gateway.kill();
        } finally {
            stop(registrar);
        }
        assertThat(failuresBeforeKill).as("revocations refused before the kill").isEmpty();
        Path crlFolder = gateway.dataDir().resolve("crl");
        crls.recordFiles(crlFolder);
        long highestBeforeRestart = crls.highestNumber();

        gateway.start();
        OfficerServicePortType officer = gateway.officer();
        for (String id : batch) {
            if (!revoked.contains(id)) {
                try {
                    officer.revokeByRa(Requests.revokeByRa(id, RevocationReason.PRIVILEGE_WITHDRAWN));
                } catch (Exception e) {
                    // the kill cut off the answer, not the revocation: it is done (ALREADY_REVOKED), or stored and
                    // still on its way through the CA ("already under way", ILLEGAL_STATE), which the recovery
                    // completes
                    assertThat(Faults.codeOf(e))
                            .as("revoking %s again after the restart: %s", id, describe(e))
                            .isIn("ALREADY_REVOKED", "ILLEGAL_STATE");
                    if ("ILLEGAL_STATE".equals(Faults.codeOf(e))) {
                        assertThat(describe(e)).contains("already under way");
                    }
                }
                revoked.add(id);
            }
        }
        Set<BigInteger> revokedSerials = new TreeSet<>();
        revoked.forEach(id -> revokedSerials.add(serialOf.get(id)));
        Set<BigInteger> unlisted = settle(
                RECOVERED_WITHIN,
                () -> {
                    Set<BigInteger> missing = new TreeSet<>(revokedSerials);
                    missing.removeAll(revokedPerLatestCrls(registration));
                    return missing;
                },
                Set::isEmpty);
        crls.recordFiles(crlFolder);
        Map<String, CertificateStatus> notRevoked = new TreeMap<>();
        StatusServicePortType status = gateway.status();
        for (BigInteger serial : revokedSerials) {
            CertificateStatus s = drills.statusOf(status, serial);
            if (s != CertificateStatus.REVOKED) {
                notRevoked.put(serial.toString(16), s);
            }
        }
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(crls.brokenPromises())
                    .as(
                            "CRLs published over the whole test (seen %d)",
                            crls.seen().size())
                    .isEmpty();
            softly.assertThat(hex(unlisted))
                    .as(
                            "acknowledged revocations missing from the latest full and delta CRLs after the"
                                    + " restart (CRL %d was the highest before it)",
                            highestBeforeRestart)
                    .isEmpty();
            softly.assertThat(notRevoked)
                    .as("acknowledged revocations the status service does not report")
                    .isEmpty();
        });
    }

    @Test
    @Order(4)
    void every_acknowledged_change_is_called_back_in_order_after_a_kill_during_delivery() throws Exception {
        backOffice.answerAfter(Duration.ofMillis(400)); // a slow back office: the kill comes while it is being called
        List<String> batch = drills.issued(drills.submitted(CALLBACK_BATCH, backOffice.url()));
        OfficerServicePortType officer = gateway.officer();
        for (int i = 0; i < batch.size(); i++) {
            officer.recordDelivery(Requests.delivery(RunningGateway.REGISTRAR, batch.get(i), "TOKEN-" + i));
        }
        for (String id : batch) {
            officer.revokeByRa(Requests.revokeByRa(id, RevocationReason.SUPERSEDED));
        }
        int expected = batch.size() * LIFECYCLE.size();
        await("deliveries under way")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> received(batch).size() >= expected / 3);
        int beforeKill = received(batch).size();
        gateway.kill();
        assertThat(beforeKill).as("notifications delivered before the kill").isLessThan(expected);
        backOffice.answerAfter(Duration.ofMillis(50));

        gateway.start();
        Map<String, List<NotificationEvent>> missing = settle(
                CALLED_BACK_WITHIN,
                () -> {
                    Map<String, List<NotificationEvent>> notYet = new TreeMap<>();
                    for (String id : batch) {
                        List<NotificationEvent> events = new ArrayList<>(LIFECYCLE);
                        backOffice.receivedFor(id).forEach(n -> events.remove(n.getEvent()));
                        if (!events.isEmpty()) {
                            notYet.put(id, events);
                        }
                    }
                    return notYet;
                },
                Map::isEmpty);
        List<String> inOrder = new ArrayList<>();
        for (int i = 0; i < LIFECYCLE.size(); i++) {
            inOrder.add((i + 1) + ":" + LIFECYCLE.get(i));
        }
        Map<String, List<String>> outOfOrder = new TreeMap<>();
        for (String id : batch) {
            List<String> arrived = backOffice.receivedFor(id).stream()
                    .map(n -> n.getSequence() + ":" + n.getEvent())
                    .toList();
            if (arrived.size() > inOrder.size() || !arrived.equals(inOrder.subList(0, arrived.size()))) {
                outOfOrder.put(id, arrived);
            }
        }
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(missing)
                    .as(
                            "acknowledged changes never called back (%d of %d had arrived before the kill)",
                            beforeKill, expected)
                    .isEmpty();
            softly.assertThat(outOfOrder)
                    .as("callbacks per request in arrival order, as sequence:event")
                    .isEmpty();
        });
    }

    @Test
    @Order(5)
    void after_all_the_kills_the_ca_ledger_the_certificate_store_and_the_status_service_agree() throws Exception {
        CrashDrills.Signatures signatures = drills.signatures();
        gateway.stop(); // graceful: the database then shows what the kills left, nothing from this stop

        Map<Long, String> published = new TreeMap<>();
        crls.seen().forEach(crl -> published.putIfAbsent(crl.number(), crl.sha256()));
        List<String> ledgerAgainstStore;
        List<String> certificatesAgainstStates;
        List<String> crlTableAgainstFiles;
        try (GatewayDatabase db = GatewayDatabase.open(gateway.dataDir())) {
            ledgerAgainstStore = db.ledgerAgainstStore();
            certificatesAgainstStates = db.certificatesAgainstStates();
            crlTableAgainstFiles =
                    db.crlsAgainst(gateway.dataDir().resolve("crl").resolve("archive"), published);
        }
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(signatures.signed())
                    .as("requests the logs say the CA signed for (none: the log lines changed?)")
                    .isNotEmpty();
            softly.assertThat(signatures.signedTwice())
                    .as("requests the CA signed more than one certificate for (logs %s)", gateway.logs())
                    .isEmpty();
            softly.assertThat(signatures.unknownToStatus())
                    .as("certificates the CA signed that the status service calls UNKNOWN, with" + " their request")
                    .isEmpty();
            softly.assertThat(ledgerAgainstStore)
                    .as("the CA ledger against the certificate store")
                    .isEmpty();
            softly.assertThat(certificatesAgainstStates)
                    .as("requests whose certificates do not match their state")
                    .isEmpty();
            softly.assertThat(crlTableAgainstFiles)
                    .as("the crl table against the archive and what was published")
                    .isEmpty();
        });
    }

    // ------------------------------------------------------------------ helpers

    /** Serials a relying party reads as revoked from the latest full and delta CRLs (getLatestCrl). */
    private static Set<BigInteger> revokedPerLatestCrls(RegistrationServicePortType registration) throws Exception {
        CrlWatch.Seen full = crls.record("getLatestCrl full", latestCrl(registration, false));
        CrlWatch.Seen delta = crls.record("getLatestCrl delta", latestCrl(registration, true));
        Map<BigInteger, Integer> listed = new HashMap<>(CrlWatch.read(null, full));
        if (delta.base() != null && delta.base() == full.number()) {
            listed.putAll(CrlWatch.read(full, delta));
        }
        return listed.keySet();
    }

    private static byte[] latestCrl(RegistrationServicePortType registration, boolean delta) throws Exception {
        GetLatestCrlRequest request = new GetLatestCrlRequest();
        request.setDelta(delta);
        return registration.getLatestCrl(request).getCrl().getInputStream().readAllBytes();
    }

    private static List<RequestChangeNotification> received(Collection<String> ids) {
        return backOffice.received().stream()
                .filter(n -> ids.contains(n.getRequestId()))
                .toList();
    }
}
