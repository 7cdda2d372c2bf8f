package ir.meganaft.ragateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Files the tests' own servers and gateways leave behind. */
public final class TestFiles {
    private TestFiles() {}

    /**
     * Deletes {@code directory} and everything below it, if it exists; a file that cannot be deleted
     * is left, and the directory is named on standard error, so a test's clean-up never fails it.
     */
    public static void deleteQuietly(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Cannot delete " + directory + ": " + e);
        }
    }
}
