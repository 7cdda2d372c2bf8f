package ir.meganaft.ragateway.wiring;

import ir.meganaft.ragateway.singletons.LeaseClusterService;
import ir.meganaft.ragateway.store.Database;
import ir.meganaft.ragateway.store.LeaseStore;
import ir.meganaft.ragateway.store.StorageSpace;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.PropertyInject;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;

/**
 * The database (gateway.db.*: an H2 file in the data directory by default, or PostgreSQL), the
 * disk-space guard, and the singleton jobs' leases in the database (issue 15).
 */
public final class StorageRoom {
    /** The singleton job whose lease also fences CRL numbers (routes/crl.camel.yaml: routePolicy crlJob). */
    public static final String CRL_JOB = "crl";

    @PropertyInject(value = "gateway.db.url", defaultValue = "")
    private String dbUrl;

    @PropertyInject(value = "gateway.db.user", defaultValue = "")
    private String dbUser;

    @PropertyInject(value = "gateway.db.password", defaultValue = "")
    private String dbPassword;

    @PropertyInject("gateway.db.pool-size")
    private int dbPoolSize;

    @PropertyInject("gateway.storage.min-free-mb")
    private long storageMinFreeMb;

    @PropertyInject("gateway.singletons.lease-seconds")
    private int singletonLeaseSeconds;

    @PropertyInject("gateway.singletons.renew-seconds")
    private int singletonRenewSeconds;

    /** The database, and the cluster service whose leader for a job is the instance holding its lease. */
    public record Storage(Database database, LeaseClusterService singletons) {}

    public Storage wire(Boot boot) throws Exception {
        Database database = new Database(
                dbUrl.isBlank()
                        ? "jdbc:h2:file:" + boot.data().resolve("db").resolve("gateway")
                                + ";MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE"
                        : dbUrl,
                dbUser,
                dbPassword,
                dbPoolSize);
        boot.onStop(database::close);
        boot.bind("database", database); // health and metrics (management/ManagementConfiguration)
        // a nearly full disk refuses new requests before anything is stored (STORAGE_FULL)
        boot.bind("storageSpace", new StorageSpace(boot.data(), storageMinFreeMb << 20));
        // Singleton jobs (issue 15): each runs on the one instance holding its lease in the database
        LeaseClusterService singletons = new LeaseClusterService(
                new LeaseStore(database, singletonRenewSeconds),
                LeaseClusterService.newInstanceId(),
                Duration.ofSeconds(singletonLeaseSeconds),
                Duration.ofSeconds(singletonRenewSeconds));
        singletons.setCamelContext(boot.context());
        boot.service(singletons);
        // the routes' policies: routePolicy: crlJob (routes/crl.camel.yaml), outboxRelayJob, recoveryJob
        for (Map.Entry<String, String> job : Map.of(
                        "crlJob", CRL_JOB, "outboxRelayJob", "outbox-relay", "recoveryJob", "recovery")
                .entrySet()) {
            ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(singletons, job.getValue());
            policy.setCamelContext(boot.context());
            boot.bind(job.getKey(), policy);
        }
        return new Storage(database, singletons);
    }
}
