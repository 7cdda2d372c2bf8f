package ir.meganaft.ragateway.store;

import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * What makes a PostgreSQL commit durable before the gateway answers, checked once at start.
 * <ul>
 * <li>{@code synchronous_commit} in {@code on}, {@code local}, {@code remote_write} or
 * {@code remote_apply}: the commit returns once its WAL record is flushed to the server's disk
 * (the last two also wait for a synchronous standby, when one is configured). With {@code off}
 * a commit returns before that, and a crash of the server loses the last ones, acknowledged
 * (up to three times {@code wal_writer_delay}).</li>
 * <li>{@code fsync = on}: that flush really reaches the disk. With it off a power cut can lose or
 * corrupt anything.</li>
 * </ul>
 * The settings are read from one of the pool's connections, so they are what every session of
 * the gateway gets, whether set for the server, the database, the role or in the URL's
 * {@code options}. The gateway never changes them itself. Nothing of H2's ({@link H2Durability})
 * applies here: the server syncs its own log.
 */
final class PostgresDurability {
    private static final Set<String> FLUSHED_BEFORE_RETURN = Set.of("on", "local", "remote_write", "remote_apply");

    private PostgresDurability() {}

    /** The server's version and the two settings, as its session sees them. */
    record Settings(String version, String fsync, String synchronousCommit) {
        /** Why these settings would let the gateway acknowledge what a crash can lose; empty when they do not. */
        Optional<String> refusal() {
            if (!"on".equals(fsync)) {
                return Optional.of("runs with fsync = " + fsync + ": its commits are not sure to reach the disk, and a"
                        + " power cut would lose acknowledged requests. Set fsync = on in the server's configuration.");
            }
            if (!FLUSHED_BEFORE_RETURN.contains(synchronousCommit)) {
                return Optional.of(
                        "gives the gateway's sessions synchronous_commit = " + synchronousCommit + ": a commit"
                                + " returns before it is on disk, and a crash of the server would lose acknowledged requests."
                                + " Set synchronous_commit to on (or local, remote_write, remote_apply) for the server, the"
                                + " gateway's database or role, or in gateway.db.url's options.");
            }
            return Optional.empty();
        }

        String describe() {
            return "fsync = " + fsync + ", synchronous_commit = " + synchronousCommit;
        }
    }

    static Settings read(DataSource dataSource) {
        try (var connection = dataSource.getConnection();
                var statement = connection.createStatement();
                var rs = statement.executeQuery("select current_setting('server_version'), current_setting('fsync'),"
                        + " current_setting('synchronous_commit')")) {
            rs.next();
            return new Settings(rs.getString(1), rs.getString(2), rs.getString(3));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read PostgreSQL's durability settings: " + e.getMessage(), e);
        }
    }
}
