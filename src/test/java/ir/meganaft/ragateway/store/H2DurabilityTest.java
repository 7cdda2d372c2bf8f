package ir.meganaft.ragateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2DurabilityTest {
    @TempDir
    Path dir;

    @Test
    void an_h2_file_url_gets_write_delay_zero_and_one_that_delays_writes_is_refused() {
        assertThat(H2Durability.durable("jdbc:h2:file:/d/gateway;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:file:/d/gateway;MODE=PostgreSQL;WRITE_DELAY=0;REUSE_SPACE=FALSE");
        assertThat(H2Durability.durable("jdbc:h2:file:/d/gateway;write_delay = 0"))
                .isEqualTo("jdbc:h2:file:/d/gateway;write_delay = 0;REUSE_SPACE=FALSE");
        assertThat(H2Durability.durable("jdbc:h2:mem:x"))
                .as("nothing to write through")
                .isEqualTo("jdbc:h2:mem:x");
        assertThat(H2Durability.durable("jdbc:postgresql://db/gateway")).isEqualTo("jdbc:postgresql://db/gateway");
        assertThatThrownBy(() -> H2Durability.durable("jdbc:h2:file:/d/gateway;WRITE_DELAY=500;MODE=PostgreSQL"))
                .hasMessageContaining("WRITE_DELAY=500")
                .hasMessageContaining("a crash would lose them");
    }

    @Test
    void an_h2_file_url_gets_reuse_space_false_and_one_that_reuses_space_is_refused() {
        assertThat(H2Durability.durable("jdbc:h2:./data/db/gateway")).endsWith(";REUSE_SPACE=FALSE");
        assertThat(H2Durability.durable("jdbc:h2:tcp://db/gateway"))
                .as("a server's file too")
                .endsWith(";REUSE_SPACE=FALSE");
        for (String no : new String[] {"FALSE", "false", "0", "no", "N"}) {
            assertThat(H2Durability.durable("jdbc:h2:file:/d/gateway;REUSE_SPACE=" + no + ";WRITE_DELAY=0"))
                    .as(no + " is what H2 reads as false")
                    .isEqualTo("jdbc:h2:file:/d/gateway;REUSE_SPACE=" + no + ";WRITE_DELAY=0");
        }
        for (String yes : new String[] {"TRUE", "true", "1", "yes", "maybe"}) {
            assertThatThrownBy(() -> H2Durability.durable("jdbc:h2:file:/d/gateway;Reuse_Space = " + yes))
                    .hasMessageContaining("REUSE_SPACE=" + yes.toUpperCase(java.util.Locale.ROOT))
                    .hasMessageContaining("can miss the last of them")
                    .hasMessageContaining("set it to FALSE");
        }
    }

    @Test
    void the_log_names_what_was_added_to_the_url() {
        assertThat(H2Durability.addedTo("jdbc:h2:file:/d/gateway;MODE=PostgreSQL"))
                .containsExactly("WRITE_DELAY=0", "REUSE_SPACE=FALSE");
        assertThat(H2Durability.addedTo("jdbc:h2:file:/d/gateway;REUSE_SPACE=FALSE"))
                .containsExactly("WRITE_DELAY=0");
        assertThat(H2Durability.addedTo("jdbc:h2:file:/d/gateway;WRITE_DELAY=0;REUSE_SPACE=FALSE"))
                .isEmpty();
        assertThat(H2Durability.addedTo("jdbc:h2:mem:x")).isEmpty();
    }

    @Test
    void every_commit_returns_only_after_a_sync_that_began_after_it() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        DataSource durable = H2Durability.syncingCommits(recording(h2(), events));
        try (Connection c = durable.getConnection()) {
            c.createStatement().execute("create table t (id int)");
            c.setAutoCommit(false);
            for (int i = 0; i < 3; i++) {
                c.createStatement().execute("insert into t values (" + i + ")");
                c.commit();
                events.add("returned");
            }
        }
        assertThat(events)
                .containsExactly(
                        "commit", "sync", "returned", "commit", "sync", "returned", "commit", "sync", "returned");
    }

    @Test
    void commits_that_finish_while_a_sync_runs_share_the_next_sync() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        DataSource durable = H2Durability.syncingCommits(recording(h2(), events));
        try (Connection c = durable.getConnection()) {
            c.createStatement().execute("create table t (id int)");
        }
        events.clear();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            done.add(threads.submit(() -> {
                try (Connection c = durable.getConnection()) {
                    c.setAutoCommit(false);
                    for (int i = 0; i < 50; i++) {
                        c.createStatement().execute("insert into t values (" + (thread * 100 + i) + ")");
                        c.commit();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        threads.shutdown();
        long commits = events.stream().filter("commit"::equals).count();
        long syncs = events.stream().filter("sync"::equals).count();
        assertThat(commits).isEqualTo(400);
        assertThat(syncs).isBetween(1L, 400L);
        assertThat(events.get(events.size() - 1))
                .as("the last commit is synced")
                .isEqualTo("sync");
    }

    private DataSource h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(H2Durability.durable("jdbc:h2:file:" + dir.resolve("db")));
        h2.setUser("sa");
        return h2;
    }

    /** The real H2 connections, noting each commit and each sync in the order they happen. */
    private static DataSource recording(DataSource real, List<String> events) {
        return (DataSource) Proxy.newProxyInstance(
                H2DurabilityTest.class.getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, a) -> {
                    Object r = m.invoke(real, a);
                    if (!(r instanceof Connection c)) {
                        return r;
                    }
                    return Proxy.newProxyInstance(
                            H2DurabilityTest.class.getClassLoader(),
                            new Class<?>[] {Connection.class},
                            (p2, m2, a2) -> {
                                Object r2 = m2.invoke(c, a2);
                                if (m2.getName().equals("commit")) {
                                    events.add("commit");
                                }
                                if (r2 instanceof Statement s && m2.getName().equals("createStatement")) {
                                    return Proxy.newProxyInstance(
                                            H2DurabilityTest.class.getClassLoader(),
                                            new Class<?>[] {Statement.class},
                                            (p3, m3, a3) -> {
                                                Object r3 = m3.invoke(s, a3);
                                                if (m3.getName().equals("execute") && "CHECKPOINT SYNC".equals(a3[0])) {
                                                    events.add("sync");
                                                }
                                                return r3;
                                            });
                                }
                                return r2;
                            });
                });
    }
}
