package ir.meganaft.ragateway;

import static ir.meganaft.ragateway.support.SeveralInstances.crlNumbers;
import static ir.meganaft.ragateway.support.SeveralInstances.published;
import static ir.meganaft.ragateway.support.SeveralInstances.sameKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.officer.OfficerServicePortType;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.registration.SubmitCertificateRequest;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.contract.types.RevocationReason;
import ir.meganaft.ragateway.support.CrashDrills;
import ir.meganaft.ragateway.support.GatewayDatabase;
import ir.meganaft.ragateway.support.GatewayProcess;
import ir.meganaft.ragateway.support.PostgresServer;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.StandaloneArtemis;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.Walk;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system of issue 15 under its faults: one PostgreSQL database, a primary/backup pair of
 * standalone Artemis brokers (shared store), and two gateway instances on free ports: the first a
 * packaged gateway in its own JVM (so SIGKILL is real) that holds the CRL job, the second in this
 * JVM. Requests are submitted, vetted and approved through both; in the middle of issuance, with
 * submissions and approvals still going on through both, the first instance and the primary broker
 * are killed with SIGKILL. Then every acknowledged request is taken to its end through the
 * survivor, and the counts must hold: acknowledged = ISSUED, one certificate per request (the CA
 * ledger and the store agreeing), distinct serials, one CRL publisher at a time (the survivor
 * takes the CRL job and publishes only numbers above the first's) and CRL numbers strictly rising.
 */
class WholeSystemFaultIT {
    private static final int LEASE_SECONDS = 4;
    private static final int RENEW_SECONDS = 1;
    private static final int PER_INSTANCE = 12;
    private static final int KILL_AFTER_ISSUED = 5;
    /** Registrars approving at once, half through each instance; each instance issues one at a time. */
    private static final int APPROVERS = 6;

    private static final String RUNS_CRL = "This instance now runs crl";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    /** Request ids whose submission an instance answered, and approvals it acknowledged. */
    private final Set<String> submitted = ConcurrentHashMap.newKeySet();

    private final Set<String> approved = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean faults = new AtomicBoolean();
    private final List<String> refusedBeforeTheFaults = new ArrayList<>();

    @Test
    void after_an_instance_and_the_primary_broker_are_killed_during_issuance_every_acknowledged_request_is_issued_once()
            throws Exception {
        PostgresServer.Access database = PostgresServer.shared().newDatabase("whole_system");
        try (StandaloneArtemis brokers = StandaloneArtemis.pair();
                GatewayProcess first = GatewayProcess.in(
                        Files.createDirectories(work.resolve("first")), settings(database, brokers))) {
            first.start();
            await("the first instance's CRLs")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> crlNumbers(database).size() >= 2);
            assertThat(first.linesInCurrentLog(RUNS_CRL))
                    .as("the first instance holds the CRL job")
                    .isEqualTo(1);
            Path secondData = work.resolve("second").resolve("data");
            sameKeys(first.dataDir(), secondData);
            RunningGateway second = RunningGateway.start(secondData, settings(database, brokers));
            try {
                List<Side> sides = List.of(
                        new Side(first.registration(), first.officer()),
                        new Side(second.registration(), second.officer()));

                // submitted through both, each vetted through the other instance
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < PER_INSTANCE; i++) {
                    for (Side side : sides) {
                        batch.add(side.submit());
                    }
                }
                for (int i = 0; i < batch.size(); i++) {
                    sides.get((i + 1) % 2).walk().vet(batch.get(i));
                }

                // approvals through both, and new submissions through both, while the CA issues
                // more registrars than issuing consumers, so approved requests wait for the CA when the kill comes
                ExecutorService clients = Executors.newFixedThreadPool(APPROVERS + 2);
                for (int a = 0; a < APPROVERS; a++) {
                    Side side = sides.get(a % 2);
                    List<String> share = every(APPROVERS, a, batch);
                    clients.execute(() -> side.approveAll(share));
                }
                sides.forEach(side -> clients.execute(side::submitUntilStopped));
                await("issuance under way, approvals waiting for the CA")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(5))
                        .until(() ->
                                inState(database, "ISSUED") >= KILL_AFTER_ISSUED && inState(database, "APPROVED") >= 2);
                faults.set(true);
                first.kill();
                brokers.primary().kill();
                brokers.backup().awaitActive();
                clients.shutdown();
                CrashDrills.stop(clients);
                assertThat(refusedBeforeTheFaults)
                        .as("calls refused before the faults")
                        .isEmpty();

                // the survivor takes every acknowledged request to its end
                Side survivor = sides.get(1);
                List<String> late = new ArrayList<>(submitted);
                late.removeAll(batch);
                for (String id : late) {
                    survivor.walk().vet(id);
                }
                List<String> all = new ArrayList<>(submitted);
                for (String id : all) {
                    if (!approved.contains(id) && survivor.state(id) == RequestState.PENDING_APPROVAL) {
                        survivor.officer().approveRequest(Requests.approve(id));
                        approved.add(id);
                    }
                }
                for (String id : all) {
                    await(id + " issued")
                            .atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(200))
                            .until(() -> survivor.state(id) == RequestState.ISSUED);
                }

                // the CRL job moved to the survivor: a revocation there comes out in its delta CRL
                survivor.officer().revokeByRa(Requests.revokeByRa(all.get(0), RevocationReason.PRIVILEGE_WITHDRAWN));
                await("a CRL from the survivor")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> !published(secondData).isEmpty());

                Set<BigInteger> serials = new HashSet<>();
                for (String id : all) {
                    serials.add(new BigInteger(
                            survivor.registration()
                                    .getCertificate(Requests.certificate(id))
                                    .getCertificate()
                                    .getSerialNumber(),
                            16));
                }
                assertThat(all).as("acknowledged submissions").hasSizeGreaterThan(batch.size());
                assertThat(serials)
                        .as("distinct serials, one per acknowledged request")
                        .hasSize(all.size());
                assertThat(count(database, "select count(*) from certificate"))
                        .as("certificates in the store")
                        .isEqualTo(all.size());
                List<Long> numbers = crlNumbers(database);
                assertThat(numbers)
                        .as("CRL numbers in publication order strictly increase")
                        .isSorted()
                        .doesNotHaveDuplicates();
                List<Long> byTheFirst = published(first.dataDir());
                List<Long> bySecond = published(secondData);
                assertThat(bySecond)
                        .as("one publisher at a time: the survivor's CRLs all come after the first's")
                        .allSatisfy(n -> assertThat(n).isGreaterThan(byTheFirst.get(byTheFirst.size() - 1)));
                List<Long> byEither = new ArrayList<>(byTheFirst);
                byEither.addAll(bySecond);
                assertThat(byEither)
                        .as("every recorded CRL was published by one of them")
                        .containsExactlyElementsOf(numbers);
            } finally {
                second.close();
            }
        }
        try (GatewayDatabase audit = GatewayDatabase.open(database)) {
            assertThat(audit.certificatesAgainstStates())
                    .as("one certificate per issued request, none for others")
                    .isEmpty();
            assertThat(audit.ledgerAgainstStore())
                    .as("the CA signed nothing the store does not hold")
                    .isEmpty();
        }
    }

    /** One instance's clients, as a back-office system and as the officers each message names. */
    private final class Side {
        private final RegistrationServicePortType registration;
        private final OfficerServicePortType officer;

        Side(RegistrationServicePortType registration, OfficerServicePortType officer) {
            this.registration = registration;
            this.officer = officer;
        }

        RegistrationServicePortType registration() {
            return registration;
        }

        OfficerServicePortType officer() {
            return officer;
        }

        Walk walk() {
            return new Walk(registration, officer);
        }

        String submit() throws Exception {
            SubmitCertificateRequest request =
                    Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
            String id = registration.submitCertificateRequest(request).getRequestId();
            submitted.add(id);
            return id;
        }

        void approveAll(List<String> ids) {
            for (String id : ids) {
                try {
                    officer.approveRequest(Requests.approve(id));
                    approved.add(id);
                } catch (Exception e) {
                    refused(id + ": " + CrashDrills.describe(e));
                }
            }
        }

        void submitUntilStopped() {
            while (!Thread.currentThread().isInterrupted() && !faults.get()) {
                try {
                    submit();
                } catch (Exception e) {
                    refused(CrashDrills.describe(e));
                }
            }
            // and a few more through the faults: whatever is acknowledged counts
            for (int i = 0; i < 3 && !Thread.currentThread().isInterrupted(); i++) {
                try {
                    submit();
                } catch (Exception e) {
                    // refused while its instance or the broker was down: not acknowledged, so not counted
                }
            }
        }

        RequestState state(String id) throws Exception {
            return registration
                    .getRequestStatus(Requests.status(id))
                    .getRequest()
                    .getState();
        }
    }

    private synchronized void refused(String failure) {
        if (!faults.get()) {
            refusedBeforeTheFaults.add(failure);
        }
    }

    private static Map<String, String> settings(PostgresServer.Access database, StandaloneArtemis brokers) {
        Map<String, String> settings = new HashMap<>(database.gatewaySettings());
        settings.putAll(brokers.gatewaySettings());
        settings.put("gateway.singletons.lease-seconds", Integer.toString(LEASE_SECONDS));
        settings.put("gateway.singletons.renew-seconds", Integer.toString(RENEW_SECONDS));
        settings.put("gateway.crl.check-period-seconds", "1");
        settings.put("gateway.recovery.idle-seconds", "3");
        settings.put("gateway.recovery.period-seconds", "1");
        settings.put("gateway.broker.redelivery-delay-ms", "100");
        settings.put("gateway.issuance.concurrency", "1");
        return settings;
    }

    /** Every {@code n}th of {@code ids}, from the {@code start}th. */
    private static List<String> every(int n, int start, List<String> ids) {
        List<String> share = new ArrayList<>();
        for (int i = start; i < ids.size(); i += n) {
            share.add(ids.get(i));
        }
        return share;
    }

    private static long inState(PostgresServer.Access database, String state) throws Exception {
        return count(database, "select count(*) from cert_request where state = '" + state + "'");
    }

    private static long count(PostgresServer.Access database, String sql) throws Exception {
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
