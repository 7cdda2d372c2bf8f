package ir.meganaft.ragateway.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * What makes an H2 commit durable before the gateway answers or acknowledges a message, and
 * recoverable after a crash.
 * <ul>
 * <li>{@code WRITE_DELAY=0}: by default H2 writes commits to its file in the background, up to
 * 500 ms later, so a killed process loses the last half second of acknowledged commits (issue 11).</li>
 * <li>{@code REUSE_SPACE=FALSE}: H2 2.5.252 writes a commit into reused free space in the file, and
 * when it does, its store header names the chunk before the one just written (the header is
 * written before the new chunk becomes the last one). After a {@code kill -9}, recovery then stops
 * at that older chunk and drops the last few acknowledged commits (bench/h2-crash: 3 of 30 kills,
 * 5 of 50 with an earlier session's runs; the files those kills left are read in
 * bench/results/h2-reuse-space.md). With new data only ever written after the file's end, recovery
 * finds the newest chunk there: 0 of 80 kills. The price is a file that only grows while the
 * gateway runs; {@link H2FileSpace} gives the space back at a stop and at a start.</li>
 * <li>A sync after each commit: H2 writes a commit to the file but never asks the operating system to
 * put it on the disk ({@code fsync}), so a power cut could still lose it. {@link #syncingCommits}
 * runs {@code CHECKPOINT SYNC} after every commit, shared by the commits that finished while
 * another sync ran (group commit: one {@code fsync} covers them all).</li>
 * </ul>
 * A URL without the first two settings gets them; a URL that sets another value is refused. An
 * in-memory H2 database has nothing to sync or recover and is left alone.
 */
final class H2Durability {
    /** A setting every H2 file URL must have: the value the gateway adds, the values it accepts, and why. */
    private record Required(String name, String value, Predicate<String> accepts, String why) {
        Pattern pattern() {
            return Pattern.compile("(?i);\\s*" + name + "\\s*=\\s*([^;]*)");
        }
    }

    private static final List<Required> REQUIRED = List.of(
            new Required(
                    "WRITE_DELAY",
                    "0",
                    "0"::equals,
                    "H2 would then acknowledge commits it has not yet written, and a crash would lose them"),
            // the values H2 itself reads as false (org.h2.util.Utils.parseBoolean)
            new Required(
                    "REUSE_SPACE",
                    "FALSE",
                    v -> List.of("false", "0", "f", "n", "no").contains(v.toLowerCase(Locale.ROOT)),
                    "H2 would then write commits into reused space in its file, where its recovery after a crash"
                            + " can miss the last of them"));

    private final AtomicLong committed = new AtomicLong();
    private final ReentrantLock syncing = new ReentrantLock();
    private long synced; // guarded by syncing

    private H2Durability() {}

    static boolean isH2File(String url) {
        return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
    }

    /**
     * The URL with {@code WRITE_DELAY=0} and {@code REUSE_SPACE=FALSE} added where it lacks them;
     * refuses one that sets either to another value.
     */
    static String durable(String url) {
        if (!isH2File(url)) {
            return url;
        }
        StringBuilder durable = new StringBuilder(url);
        for (Required r : REQUIRED) {
            Matcher m = r.pattern().matcher(url);
            if (!m.find()) {
                durable.append(';').append(r.name()).append('=').append(r.value());
            } else if (!r.accepts().test(m.group(1).trim())) {
                throw new IllegalStateException("gateway.db.url sets " + r.name() + "="
                        + m.group(1).trim().toUpperCase(Locale.ROOT)
                        + ": " + r.why() + ". Remove " + r.name() + " from the URL (the gateway adds " + r.name() + "="
                        + r.value() + ") or set it to " + r.value() + ".");
            }
        }
        return durable.toString();
    }

    /** The settings {@link #durable} adds to {@code url} ({@code NAME=VALUE}), for the log. */
    static List<String> addedTo(String url) {
        if (!isH2File(url)) {
            return List.of();
        }
        return REQUIRED.stream()
                .filter(r -> !r.pattern().matcher(url).find())
                .map(r -> r.name() + "=" + r.value())
                .toList();
    }

    /** Connections from {@code dataSource} whose {@code commit()} returns once the commit is on the disk. */
    static DataSource syncingCommits(DataSource dataSource) {
        H2Durability durability = new H2Durability();
        return (DataSource) Proxy.newProxyInstance(
                H2Durability.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(dataSource, method, args);
                    return result instanceof Connection c && method.getName().equals("getConnection")
                            ? durability.wrap(c)
                            : result;
                });
    }

    private Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(
                H2Durability.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                        return invoke(connection, method, args);
                    }
                    Object result = invoke(connection, method, args);
                    if (method.getName().equals("commit")) {
                        synced(connection);
                    }
                    return result;
                });
    }

    /** Returns once a sync that started after this commit has finished (this thread's, or another's). */
    private void synced(Connection connection) throws SQLException {
        long mine = committed.incrementAndGet();
        syncing.lock();
        try {
            if (synced >= mine) {
                return; // a sync that began after this commit already covered it
            }
            long upTo = committed.get();
            try (Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT SYNC");
            }
            synced = upTo;
        } finally {
            syncing.unlock();
        }
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
