package ir.meganaft.ragateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ir.meganaft.ragateway.support.PostgresServer;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The gateway starts on a real PostgreSQL only when an acknowledged commit is on the server's disk:
 * {@code fsync} on and a {@code synchronous_commit} that flushes before the commit returns.
 */
class PostgresDurabilityTest {
    private static final PostgresServer SERVER = PostgresServer.shared();

    @Test
    void starts_with_fsync_and_synchronous_commit_on_and_logs_the_database_and_both_settings() {
        PostgresServer.Access access = SERVER.newDatabase("durable");
        List<String> logged = logsOf(() -> new Database(access.url(), access.user(), access.password(), 2).close());
        assertThat(logged)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("Database PostgreSQL at " + access.url())
                        .contains("user " + access.user())
                        .contains("schema version"));
        assertThat(logged)
                .anySatisfy(line ->
                        assertThat(line).startsWith("PostgreSQL 15").contains("fsync = on, synchronous_commit = on"));
    }

    @Test
    void commits_on_postgresql_go_straight_to_the_server_without_h2s_sync_after_each() {
        PostgresServer.Access access = SERVER.newDatabase("no_h2_sync");
        try (Database database = new Database(access.url(), access.user(), access.password(), 2)) {
            boolean wrapped = database.jdbi()
                    .withHandle(h -> Proxy.isProxyClass(h.getConnection().getClass()));
            assertThat(wrapped)
                    .as("connections wrapped by H2Durability's CHECKPOINT SYNC after each commit")
                    .isFalse();
        }
    }

    @Test
    void refuses_a_role_whose_sessions_have_synchronous_commit_off_before_touching_its_schema() throws Exception {
        PostgresServer.Access access = SERVER.newDatabase("async_role");
        try (Connection su = SERVER.superuser("postgres")) {
            su.createStatement().execute("alter role " + access.user() + " set synchronous_commit = off");
        }
        assertThatThrownBy(() -> new Database(access.url(), access.user(), access.password(), 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "PostgreSQL at " + access.url() + " gives the gateway's sessions synchronous_commit = off")
                .hasMessageContaining("a crash of the server would lose acknowledged requests")
                .hasMessageNotContaining("\n");
        assertThat(tables(access)).as("tables made before the refusal").isEmpty();
    }

    @Test
    void accepts_each_synchronous_commit_that_flushes_the_commit_before_it_returns() {
        PostgresServer.Access access = SERVER.newDatabase("sync_levels");
        for (String level : List.of("local", "remote_write", "remote_apply", "on")) {
            String url = access.url() + "?options=-c%20synchronous_commit%3D" + level;
            List<String> logged = logsOf(() -> new Database(url, access.user(), access.password(), 2).close());
            assertThat(logged).as(level).anySatisfy(line -> assertThat(line).contains("synchronous_commit = " + level));
        }
    }

    @Test
    void refuses_a_server_running_with_fsync_off() {
        try (PostgresServer unsafe = PostgresServer.start(Map.of("fsync", "off"))) {
            PostgresServer.Access access = unsafe.newDatabase("no_fsync");
            assertThatThrownBy(() -> new Database(access.url(), access.user(), access.password(), 2))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("PostgreSQL at " + access.url() + " runs with fsync = off")
                    .hasMessageContaining("Set fsync = on")
                    .hasMessageNotContaining("\n");
        }
    }

    private static List<String> tables(PostgresServer.Access access) throws Exception {
        try (Connection c = access.connect();
                ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
            return names;
        }
    }

    /** What {@link Database} logged while {@code work} ran. */
    private static List<String> logsOf(Runnable work) {
        Logger logger = (Logger) LoggerFactory.getLogger(Database.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            work.run();
        } finally {
            logger.detachAppender(appender);
        }
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
