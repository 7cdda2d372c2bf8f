package ir.meganaft.ragateway.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives an embedded H2 file its space back. With {@code REUSE_SPACE=FALSE} ({@link H2Durability})
 * H2 writes every commit after the end of its file and, with {@code WRITE_DELAY=0}, never compacts
 * while open (its housekeeping runs only with a write delay): the file grows with each commit (about
 * 450 KB per request taken to ISSUED in bench/h2-growth) and H2's own compaction on close cannot move
 * anything back. So the gateway compacts it in full ({@code SHUTDOWN COMPACT}: H2 copies the live
 * data into a new file, syncs it, and only then puts it in place of the old one) when the database is
 * closed at a graceful stop, and at a start after a crash, whenever the file is larger than
 * {@link #minBytes} and less than {@link #maxFillPercent} % of its chunks is live data. A file
 * below that size, or mostly live, is left as it is.
 *
 * <p>Only for an H2 database this process opens itself ({@code jdbc:h2:file:} or a plain path, not
 * {@code tcp:} or {@code ssl:}, whose file belongs to a server). A compaction that fails (a full
 * disk: the copy needs room for the live data) is logged and the gateway goes on; the old file is
 * untouched.
 *
 * @param minBytes       a file up to this size is never compacted
 * @param maxFillPercent compact when fewer than this many percent of the bytes in the file's chunks are live
 */
record H2FileSpace(long minBytes, int maxFillPercent) {
    private static final Logger LOG = LoggerFactory.getLogger(H2FileSpace.class);

    /** 16 MB and half: in bench/h2-growth, a long session's file was 3 % live, a compacted one 99 %. */
    static final H2FileSpace DEFAULT = new H2FileSpace(16L << 20, 50);

    static boolean appliesTo(String url) {
        return H2Durability.isH2File(url) && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:");
    }

    /**
     * Opens the database at {@code url} (closed: before the pool opens it, or after the pool has
     * closed it) and compacts it if it is large and mostly garbage. {@code when} names the moment
     * in the log. Returns whether it compacted.
     */
    boolean compactIfWasteful(String url, String user, String password, String when) {
        if (!appliesTo(url)
                || file(url)
                        .map(H2FileSpace::sizeOf)
                        .filter(size -> size <= minBytes)
                        .isPresent()) {
            return false; // not ours, or small (or new) enough not to open it for nothing
        }
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            Map<String, Long> info = info(statement);
            long size = info.getOrDefault("info.FILE_SIZE", 0L);
            long live = info.getOrDefault("info.CHUNKS_FILL_RATE", 100L);
            if (size <= minBytes || live >= maxFillPercent) {
                LOG.debug("H2 file {}: {} MB, {} % live; not compacted", when, mb(size), live);
                return false;
            }
            statement.execute("SHUTDOWN COMPACT");
            LOG.info(
                    "H2 file compacted {}: {} MB ({} % live) to {} MB in {} ms (new commits go after the file's end,"
                            + " REUSE_SPACE=FALSE, so the file only grows while open)",
                    when,
                    mb(size),
                    live,
                    file(url).map(H2FileSpace::sizeOf).map(H2FileSpace::mb).orElse("?"),
                    (System.nanoTime() - started) / 1_000_000);
            return true;
        } catch (SQLException | RuntimeException e) {
            // never a reason not to start or not to stop: the data is safe, only the space is not given back
            LOG.warn("H2 file not compacted {} ({}); it keeps its size until the next attempt", when, e.getMessage());
            return false;
        }
    }

    private static Map<String, Long> info(Statement statement) throws SQLException {
        Map<String, Long> info = new HashMap<>();
        try (ResultSet rs = statement.executeQuery("select setting_name, setting_value from information_schema.settings"
                + " where setting_name in ('info.FILE_SIZE', 'info.CHUNKS_FILL_RATE')")) {
            while (rs.next()) {
                info.put(rs.getString(1), Long.parseLong(rs.getString(2).trim()));
            }
        }
        return info;
    }

    /** The .mv.db file of an embedded URL, when it can be told from the URL (for the log only). */
    static Optional<Path> file(String url) {
        String path = url.substring("jdbc:h2:".length());
        path = path.startsWith("file:") ? path.substring("file:".length()) : path;
        int semicolon = path.indexOf(';');
        path = semicolon < 0 ? path : path.substring(0, semicolon);
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        try {
            return Optional.of(Path.of(path + ".mv.db"));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }
}
