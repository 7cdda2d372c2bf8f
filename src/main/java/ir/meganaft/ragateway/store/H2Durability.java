package ir.meganaft.ragateway.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * What makes an H2 commit durable before the gateway answers or acknowledges a message.
 * <ul>
 * <li>{@code WRITE_DELAY=0}: by default H2 writes commits to its file in the background, up to
 * 500 ms later, so a killed process loses the last half second of acknowledged commits (issue 11).
 * A URL without it gets it; a URL that sets another value is refused.</li>
 * <li>A sync after each commit: H2 writes a commit to the file but never asks the operating system to
 * put it on the disk ({@code fsync}), so a power cut could still lose it. {@link #syncingCommits}
 * runs {@code CHECKPOINT SYNC} after every commit, shared by the commits that finished while
 * another sync ran (group commit: one {@code fsync} covers them all).</li>
 * </ul>
 * An in-memory H2 database has nothing to sync and is left alone.
 */
final class H2Durability {
    private static final Pattern WRITE_DELAY = Pattern.compile("(?i);\\s*WRITE_DELAY\\s*=\\s*([^;]*)");

    private final AtomicLong committed = new AtomicLong();
    private final ReentrantLock syncing = new ReentrantLock();
    private long synced; // guarded by syncing

    private H2Durability() {
    }

    static boolean isH2File(String url) {
        return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
    }

    /** The URL with {@code WRITE_DELAY=0}; refuses one that asks H2 to delay its writes. */
    static String writeThrough(String url) {
        if (!isH2File(url)) {
            return url;
        }
        Matcher m = WRITE_DELAY.matcher(url);
        if (!m.find()) {
            return url + ";WRITE_DELAY=0";
        }
        if (!m.group(1).trim().equals("0")) {
            throw new IllegalStateException("gateway.db.url sets WRITE_DELAY=" + m.group(1).trim().toUpperCase(Locale.ROOT)
                    + ": H2 would then acknowledge commits it has not yet written, and a crash would lose them."
                    + " Remove WRITE_DELAY from the URL (the gateway adds WRITE_DELAY=0) or set it to 0.");
        }
        return url;
    }

    /** Connections from {@code dataSource} whose {@code commit()} returns once the commit is on the disk. */
    static DataSource syncingCommits(DataSource dataSource) {
        H2Durability durability = new H2Durability();
        return (DataSource) Proxy.newProxyInstance(H2Durability.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(dataSource, method, args);
                    return result instanceof Connection c && method.getName().equals("getConnection")
                            ? durability.wrap(c) : result;
                });
    }

    private Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(H2Durability.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
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
