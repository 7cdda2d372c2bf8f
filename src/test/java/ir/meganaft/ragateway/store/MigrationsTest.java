package ir.meganaft.ragateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.support.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The schema is the same on H2 and PostgreSQL, and moving the migrations into per-database folders
 * changed nothing for a database that already ran them.
 */
class MigrationsTest {
    /** Flyway's checksums of V1 to V4 as H2 databases recorded them before PostgreSQL was added. */
    private static final Map<Integer, Integer> RECORDED_ON_H2 =
            Map.of(1, -1928630908, 2, -145320536, 3, -167352145, 4, -248325511);

    @Test
    void an_h2_database_migrated_before_the_postgresql_folders_still_validates_its_checksums() {
        try (Database database = TestDatabase.H2.open("checksums", 2)) {
            Map<Integer, Integer> checksums = database
                    .jdbi()
                    .withHandle(h -> h.createQuery(
                                    "select \"version\", \"checksum\" from \"flyway_schema_history\" where \"version\" is not null")
                            .map((rs, ctx) -> Map.entry(Integer.parseInt(rs.getString(1)), rs.getInt(2)))
                            .list())
                    .stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(checksums).containsAllEntriesOf(RECORDED_ON_H2);
        }
    }

    @Test
    void postgresqls_copies_of_the_early_migrations_differ_from_h2s_only_in_the_binary_type() throws IOException {
        for (String migration : new String[] {"V1__requests_and_certificates.sql", "V4__ca_ledger_content.sql"}) {
            String h2 = statements("h2/" + migration).replaceAll("varbinary\\(\\d+\\)", "bytea");
            assertThat(statements("postgresql/" + migration)).as(migration).isEqualTo(h2);
        }
    }

    @Test
    void postgresql_and_h2_get_the_same_tables_columns_and_nullability() {
        assertThat(columns(TestDatabase.POSTGRESQL))
                .isEqualTo(columns(TestDatabase.H2))
                .isNotEmpty();
    }

    /** table.column = is_nullable, for the gateway's own tables. */
    private static Map<String, String> columns(TestDatabase kind) {
        try (Database database = kind.open("schema", 2)) {
            return database
                    .jdbi()
                    .withHandle(h -> h.createQuery("""
                            select table_name, column_name, is_nullable from information_schema.columns
                            where lower(table_schema) = 'public' and lower(table_name) <> 'flyway_schema_history'""")
                            .map((rs, ctx) -> Map.entry(
                                    rs.getString(1).toLowerCase() + "."
                                            + rs.getString(2).toLowerCase(),
                                    rs.getString(3)))
                            .list())
                    .stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        }
    }

    /** A migration's SQL without its comments and blank lines. */
    private static String statements(String path) throws IOException {
        try (InputStream in = MigrationsTest.class.getResourceAsStream("/db/migration/" + path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank() && !line.strip().startsWith("--"))
                    .collect(Collectors.joining("\n"));
        }
    }
}
