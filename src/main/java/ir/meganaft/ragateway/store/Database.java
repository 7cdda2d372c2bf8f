package ir.meganaft.ragateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection pool, migrated by Flyway at start, with Jdbi on top. Every commit made through
 * {@link #jdbi()} is durable when it returns: an H2 file database writes it through and syncs it
 * ({@link H2Durability}), so an answer or a broker acknowledgement never precedes its data.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    public Database(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        String jdbcUrl = H2Durability.writeThrough(withStatementCache(url));
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("gateway-db");
        this.dataSource = new HikariDataSource(config);
        var result = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        LOG.info("Database {} ready at schema version {}", redact(url), result.targetSchemaVersion != null
                ? result.targetSchemaVersion : "unchanged");
        if (H2Durability.isH2File(jdbcUrl)) {
            checkSyncAllowed(dataSource);
            LOG.info("H2 writes each commit through (WRITE_DELAY=0{}) and syncs it to disk before the gateway answers",
                    url.toUpperCase(java.util.Locale.ROOT).contains("WRITE_DELAY") ? "" : ", added to the URL");
            this.jdbi = Jdbi.create(H2Durability.syncingCommits(dataSource));
        } else {
            this.jdbi = Jdbi.create(dataSource);
        }
    }

    /** CHECKPOINT SYNC needs an H2 administrator: found out at start, not after the first commit. */
    private static void checkSyncAllowed(HikariDataSource dataSource) {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute("CHECKPOINT SYNC");
        } catch (java.sql.SQLException e) {
            dataSource.close();
            throw new IllegalStateException("The H2 database cannot be synced to disk after commits (CHECKPOINT SYNC: "
                    + e.getMessage() + "); gateway.db.user must be an H2 administrator", e);
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /**
     * An H2 URL gets QUERY_CACHE_SIZE=256 unless it sets its own: H2 keeps 8 parsed statements per
     * connection by default, fewer than the gateway's distinct statements, so it re-parsed SQL on
     * most calls (a tenth of the issuance CPU in the benchmark). Other databases are left alone.
     */
    static String withStatementCache(String url) {
        return url.startsWith("jdbc:h2:") && !url.toUpperCase(java.util.Locale.ROOT).contains("QUERY_CACHE_SIZE=")
                ? url + ";QUERY_CACHE_SIZE=256" : url;
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }
}
