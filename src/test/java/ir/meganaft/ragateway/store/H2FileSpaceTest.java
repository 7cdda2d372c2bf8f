package ir.meganaft.ragateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2FileSpaceTest {
    /** Small enough for a test to outgrow in a second; the gateway's is 16 MB. */
    private static final H2FileSpace SPACE = new H2FileSpace(1L << 20, 50);

    @TempDir
    Path dir;

    @Test
    void a_file_grown_by_rewrites_is_compacted_to_its_live_data_and_keeps_every_row() throws Exception {
        String url = durableUrl("grown");
        long grown = grow(url, 200, 40);
        assertThat(grown)
                .as("REUSE_SPACE=FALSE: H2's own close gives nothing back")
                .isGreaterThan(4L << 20);

        assertThat(SPACE.compactIfWasteful(url, "sa", "", "in the test")).isTrue();

        assertThat(Files.size(file("grown"))).isLessThan(grown / 4);
        assertThat(rows(url)).isEqualTo(200);
    }

    @Test
    void a_large_file_that_is_mostly_live_data_is_left_as_it_is() throws Exception {
        String url = durableUrl("live");
        long size = grow(url, 2_000, 0);
        assertThat(size).isGreaterThan(1L << 20);

        assertThat(SPACE.compactIfWasteful(url, "sa", "", "in the test")).isFalse();

        assertThat(Files.size(file("live")))
                .as("not compacted (a look and a close may add a block)")
                .isGreaterThanOrEqualTo(size);
    }

    @Test
    void a_small_or_missing_file_is_not_even_opened() throws Exception {
        String url = durableUrl("small");
        grow(url, 10, 5);
        long size = Files.size(file("small"));

        assertThat(new H2FileSpace(size, 50).compactIfWasteful(url, "sa", "", "in the test"))
                .isFalse();
        assertThat(SPACE.compactIfWasteful(durableUrl("missing"), "sa", "", "in the test"))
                .isFalse();

        assertThat(file("missing")).as("not created by a look").doesNotExist();
    }

    @Test
    void servers_and_memory_databases_are_not_the_gateways_to_compact() {
        assertThat(H2FileSpace.appliesTo("jdbc:h2:file:/d/gateway;MODE=PostgreSQL"))
                .isTrue();
        assertThat(H2FileSpace.appliesTo("jdbc:h2:./data/db/gateway")).isTrue();
        assertThat(H2FileSpace.appliesTo("jdbc:h2:tcp://db:9092/gateway")).isFalse();
        assertThat(H2FileSpace.appliesTo("jdbc:h2:ssl://db:9092/gateway")).isFalse();
        assertThat(H2FileSpace.appliesTo("jdbc:h2:mem:x")).isFalse();
        assertThat(H2FileSpace.file("jdbc:h2:file:/d/gateway;MODE=PostgreSQL")).contains(Path.of("/d/gateway.mv.db"));
    }

    @Test
    void the_database_compacts_a_grown_file_at_start_after_a_crash_and_at_a_graceful_stop() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("gateway") + ";MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE";
        long afterCrash = grow(H2Durability.durable(url), 200, 40);

        Database database = new Database(url, "sa", "", 2, SPACE);
        long atStart = Files.size(file("gateway"));
        assertThat(atStart).as("compacted before the pool opened it").isLessThan(afterCrash / 4);
        database.jdbi().useHandle(h -> {
            for (int i = 0; i < 40; i++) {
                h.execute("update bloat.t set payload = ?", "y".repeat(1000) + i);
            }
        });
        long grownWhileOpen = Files.size(file("gateway"));
        assertThat(grownWhileOpen).as("grows while open").isGreaterThan(atStart + (4L << 20));

        database.close();

        assertThat(Files.size(file("gateway"))).as("compacted at the stop").isLessThan(grownWhileOpen / 4);
        assertThat(rows(H2Durability.durable(url))).isEqualTo(200);
    }

    private String durableUrl(String name) {
        return H2Durability.durable("jdbc:h2:file:" + dir.resolve(name) + ";MODE=PostgreSQL");
    }

    private Path file(String name) {
        return dir.resolve(name + ".mv.db");
    }

    /** {@code rows} rows of 1 KB, then each row rewritten {@code rewrites} times, one commit each; the file's size when closed. */
    private long grow(String url, int rows, int rewrites) throws Exception {
        String name = url.substring("jdbc:h2:file:".length(), url.indexOf(';'));
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            // a schema of its own: the gateway's migrations expect PUBLIC to be theirs
            s.execute("create schema if not exists bloat");
            s.execute("create table if not exists bloat.t (id int primary key, payload varchar(2000))");
            s.execute("insert into bloat.t select x, repeat('x', 1000) from system_range(1, " + rows + ")");
            for (int i = 0; i < rewrites; i++) {
                s.execute("update bloat.t set payload = repeat('" + (char) ('a' + i % 26) + "', 1000)");
            }
        }
        return Files.size(Path.of(name + ".mv.db"));
    }

    private static long rows(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                ResultSet rs = c.createStatement().executeQuery("select count(*) from bloat.t")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
