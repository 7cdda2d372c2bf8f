/** Database access (Jdbi over HikariCP); the schema is migrated by Flyway from src/main/resources/db. */
package ir.meganaft.ragateway.store;
