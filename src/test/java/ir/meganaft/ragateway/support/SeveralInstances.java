package ir.meganaft.ragateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the tests of several gateway instances on one database (issue 15) set up and look at: one
 * CA for all, the CRLs recorded and who published them.
 */
public final class SeveralInstances {
    private SeveralInstances() {}

    /**
     * Gives a second instance the first one's key files (its data directory's {@code keys/}), as
     * production gives every instance the same CA and RA keys.
     */
    public static void sameKeys(Path fromDataDir, Path toDataDir) throws IOException {
        Path to = Files.createDirectories(toDataDir.resolve("keys"));
        try (Stream<Path> files = Files.list(fromDataDir.resolve("keys"))) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** The CRL numbers recorded, in the order they were published. */
    public static List<Long> crlNumbers(PostgresServer.Access database) throws Exception {
        List<Long> numbers = new ArrayList<>();
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select crl_number from crl order by published_at, crl_number")) {
            while (rs.next()) {
                numbers.add(rs.getLong(1));
            }
        }
        return numbers;
    }

    /** The numbers of the CRLs an instance published: its archive (copies it served for another are elsewhere). */
    public static List<Long> published(Path dataDir) throws IOException {
        Path archive = dataDir.resolve("crl").resolve("archive");
        if (!Files.isDirectory(archive)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(archive)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".crl"))
                    .map(n -> Long.parseLong(n.substring(0, n.indexOf('-'))))
                    .sorted()
                    .toList();
        }
    }
}
