package ir.meganaft.ragateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection pool, migrated by Flyway at start, with Jdbi on top. Every commit made through
 * {@link #jdbi()} is durable when it returns, so an answer or a broker acknowledgement never
 * precedes its data: an H2 file database writes it through and syncs it ({@link H2Durability});
 * a PostgreSQL server must be configured to flush it before the commit returns, which is checked
 * at start ({@link PostgresDurability}). Other databases are refused: the gateway could not tell.
 *
 * <p>Migrations: {@code db/migration/common} runs on both; {@code db/migration/h2} and
 * {@code db/migration/postgresql} hold the two early migrations written with H2's
 * {@code varbinary(n)}, one copy per database, never edited again (see those files).
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Runnable closing;

    /** The databases the gateway can run on: how to recognise each, and its own migrations. */
    enum Kind {
        H2_FILE("H2", "h2"),
        H2_MEMORY("H2 (in memory)", "h2"),
        POSTGRESQL("PostgreSQL", "postgresql");

        final String displayName;
        final String migrations;

        Kind(String displayName, String migrations) {
            this.displayName = displayName;
            this.migrations = migrations;
        }

        static Kind of(String url) {
            if (url.startsWith("jdbc:postgresql:")) {
                return POSTGRESQL;
            }
            if (url.startsWith("jdbc:h2:")) {
                return H2Durability.isH2File(url) ? H2_FILE : H2_MEMORY;
            }
            throw new IllegalStateException(
                    "gateway.db.url " + redact(url) + " is neither jdbc:postgresql: nor jdbc:h2:;"
                            + " the gateway knows how to make commits durable on these two only");
        }
    }

    public Database(String url, String user, String password, int poolSize) {
        this(url, user, password, poolSize, H2FileSpace.DEFAULT);
    }

    /** With {@code space} deciding when an embedded H2 file is compacted (tests use a small one). */
    Database(String url, String user, String password, int poolSize, H2FileSpace space) {
        Kind kind = Kind.of(url);
        String jdbcUrl = H2Durability.durable(withStatementCache(url));
        this.closing = kind == Kind.H2_FILE && H2FileSpace.appliesTo(url)
                ? () -> space.compactIfWasteful(jdbcUrl, user, password, "at stop")
                : () -> {};
        if (kind == Kind.H2_FILE) {
            // after a crash the file still holds all it grew by (a graceful stop compacts it)
            space.compactIfWasteful(jdbcUrl, user, password, "at start");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("gateway-db");
        this.dataSource = new HikariDataSource(config);
        try {
            this.jdbi = durable(kind, url);
            var result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/common", "classpath:db/migration/" + kind.migrations)
                    .load()
                    .migrate();
            LOG.info(
                    "Database {} at {} (user {}) ready at schema version {}",
                    kind.displayName,
                    redact(url),
                    user,
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : "unchanged");
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** Jdbi over connections whose commits are on disk when they return, or a refusal to start. */
    private Jdbi durable(Kind kind, String url) {
        switch (kind) {
            case H2_FILE -> {
                checkSyncAllowed(dataSource);
                List<String> added = H2Durability.addedTo(withStatementCache(url));
                LOG.info(
                        "H2 writes each commit through (WRITE_DELAY=0), after the end of its file (REUSE_SPACE=FALSE: H2's"
                                + " recovery can miss commits written into reused space) and syncs it to disk before the gateway"
                                + " answers{}",
                        added.isEmpty() ? "" : "; added to the URL: " + String.join(", ", added));
                return Jdbi.create(H2Durability.syncingCommits(dataSource));
            }
            case POSTGRESQL -> {
                PostgresDurability.Settings settings = PostgresDurability.read(dataSource);
                settings.refusal().ifPresent(why -> {
                    throw new IllegalStateException("PostgreSQL at " + redact(url) + " " + why);
                });
                LOG.info(
                        "PostgreSQL {} flushes each commit to its disk before the gateway answers: {}",
                        settings.version(),
                        settings.describe());
                return Jdbi.create(dataSource);
            }
            default -> {
                LOG.info("H2 in memory: nothing is kept once the gateway stops (for tests)");
                return Jdbi.create(dataSource);
            }
        }
    }

    /** CHECKPOINT SYNC needs an H2 administrator: found out at start, not after the first commit. */
    private static void checkSyncAllowed(HikariDataSource dataSource) {
        try (var connection = dataSource.getConnection();
                var statement = connection.createStatement()) {
            statement.execute("CHECKPOINT SYNC");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(
                    "The H2 database cannot be synced to disk after commits (CHECKPOINT SYNC: " + e.getMessage()
                            + "); gateway.db.user must be an H2 administrator",
                    e);
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Closes the pool, which closes an embedded H2 database, then compacts its file if it needs it. */
    @Override
    public void close() {
        dataSource.close();
        closing.run();
    }

    /**
     * An H2 URL gets QUERY_CACHE_SIZE=256 unless it sets its own: H2 keeps 8 parsed statements per
     * connection by default, fewer than the gateway's distinct statements, so it re-parsed SQL on
     * most calls (a tenth of the issuance CPU in the benchmark). Other databases are left alone.
     */
    static String withStatementCache(String url) {
        return url.startsWith("jdbc:h2:") && !url.toUpperCase(Locale.ROOT).contains("QUERY_CACHE_SIZE=")
                ? url + ";QUERY_CACHE_SIZE=256"
                : url;
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }
}
