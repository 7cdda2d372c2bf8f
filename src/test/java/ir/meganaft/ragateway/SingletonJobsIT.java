package ir.meganaft.ragateway;

import static ir.meganaft.ragateway.support.SeveralInstances.crlNumbers;
import static ir.meganaft.ragateway.support.SeveralInstances.published;
import static ir.meganaft.ragateway.support.SeveralInstances.sameKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.types.RevocationReason;
import ir.meganaft.ragateway.support.PostgresServer;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.Walk;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two whole gateways on one PostgreSQL database (each with its own embedded broker and its own CA
 * key files, copies of one key): the CRL job runs on one of them at a time, CRL numbers strictly
 * increase whoever publishes, and when the CRL job's holder stops the other takes it over within
 * the stated time (lease + renewal) and publishes the next number.
 */
class SingletonJobsIT {
    private static final int LEASE_SECONDS = 4;
    private static final int RENEW_SECONDS = 1;
    /** gateway.singletons: a job moves to a survivor within lease + renewal (docs/operations.md). */
    private static final Duration TAKE_OVER_WITHIN = Duration.ofSeconds(LEASE_SECONDS + RENEW_SECONDS);

    @TempDir
    Path data;

    private final List<RunningGateway> gateways = new ArrayList<>();

    @AfterEach
    void stop() {
        gateways.forEach(RunningGateway::close);
    }

    @Test
    void one_gateway_publishes_crls_at_a_time_with_increasing_numbers_and_the_other_takes_over_when_it_stops()
            throws Exception {
        PostgresServer.Access database = PostgresServer.shared().newDatabase("singletons_it");
        Path dataA = data.resolve("a");
        Path dataB = data.resolve("b");
        RunningGateway first = start(dataA, database);
        await("the first gateway's full CRL")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> crlNumbers(database).size() >= 1);
        String firstHolder = holder(database, "crl");
        assertThat(firstHolder)
                .as("the lone first gateway took the CRL lease at start")
                .isNotEmpty();
        sameKeys(dataA, dataB); // one CA: the second gateway gets the same key files
        RunningGateway second = start(dataB, database);

        Walk walk = new Walk(second);
        String revokedWhileSecondWaits = issue(second, walk);
        String revokedAfterTakeOver = issue(second, walk);
        int before = crlNumbers(database).size();
        second.officer().revokeByRa(Requests.revokeByRa(revokedWhileSecondWaits, RevocationReason.PRIVILEGE_WITHDRAWN));
        await("a delta CRL from the first gateway for the revocation made on the second")
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> crlNumbers(database).size() > before);
        assertThat(published(dataB))
                .as("the second gateway, not holding the CRL lease, published nothing")
                .isEmpty();
        assertThat(published(dataA))
                .as("every CRL so far is the first gateway's")
                .hasSameSizeAs(crlNumbers(database));
        assertThat(holder(database, "crl"))
                .as("the CRL lease stayed with the first gateway")
                .isEqualTo(firstHolder);

        first.close();
        gateways.remove(first);
        long stopped = System.nanoTime();
        await("the second gateway takes the CRL job")
                .atMost(TAKE_OVER_WITHIN)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !holder(database, "crl").equals(firstHolder)
                        && !holder(database, "crl").isEmpty());
        Duration tookOver = Duration.ofNanos(System.nanoTime() - stopped);
        List<Long> beforeTakeOver = crlNumbers(database);

        second.officer().revokeByRa(Requests.revokeByRa(revokedAfterTakeOver, RevocationReason.KEY_COMPROMISE));
        await("a delta CRL from the second gateway")
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !published(dataB).isEmpty());

        List<Long> all = crlNumbers(database);
        assertThat(all)
                .as("CRL numbers in publication order strictly increase")
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(all.get(all.size() - 1)).isGreaterThan(beforeTakeOver.get(beforeTakeOver.size() - 1));
        assertThat(published(dataB))
                .as("the second gateway's CRLs come after all of the first's")
                .allSatisfy(n -> assertThat(n).isGreaterThan(beforeTakeOver.get(beforeTakeOver.size() - 1)));
        assertThat(tookOver).isLessThanOrEqualTo(TAKE_OVER_WITHIN);
    }

    private RunningGateway start(Path dataDir, PostgresServer.Access database) {
        Map<String, String> settings = new HashMap<>(database.gatewaySettings());
        settings.put("gateway.singletons.lease-seconds", Integer.toString(LEASE_SECONDS));
        settings.put("gateway.singletons.renew-seconds", Integer.toString(RENEW_SECONDS));
        settings.put("gateway.crl.check-period-seconds", "1");
        RunningGateway gateway = RunningGateway.start(dataDir, RunningGateway.freePort(), settings);
        gateways.add(gateway);
        return gateway;
    }

    private static String issue(RunningGateway gateway, Walk walk) throws Exception {
        String id = gateway.registration()
                .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")))
                .getRequestId();
        walk.vetApproveAndIssue(id);
        return id;
    }

    private static String holder(PostgresServer.Access database, String job) throws Exception {
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select holder from singleton_lease where job = '" + job
                        + "' and expires_at > current_timestamp")) {
            return rs.next() ? rs.getString(1) : "";
        }
    }
}
