package ir.meganaft.ragateway.support;

import ir.meganaft.ragateway.store.Database;
import java.util.UUID;

/**
 * The databases the store-level tests run on, each real: H2 in memory (the engine of the embedded
 * default) and PostgreSQL (production), a database of its own on this JVM's {@link PostgresServer}.
 * Name a test class's database after the class; use it as a {@code @ParameterizedClass} source.
 */
public enum TestDatabase {
    H2 {
        @Override
        public Database open(String name, int poolSize) {
            return new Database(
                    "jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL",
                    "sa",
                    "",
                    poolSize);
        }
    },
    POSTGRESQL {
        @Override
        public Database open(String name, int poolSize) {
            PostgresServer.Access access = PostgresServer.shared().newDatabase(name);
            return new Database(access.url(), access.user(), access.password(), poolSize);
        }
    };

    /** A new, migrated, empty database; close it when done. */
    public abstract Database open(String name, int poolSize);
}
