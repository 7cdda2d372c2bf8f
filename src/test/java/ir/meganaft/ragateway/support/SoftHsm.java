package ir.meganaft.ragateway.support;

import ir.meganaft.ragateway.keys.Pkcs11Library;
import ir.meganaft.ragateway.keys.Pkcs11Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * SoftHSM2 for the tests: the pom points {@code SOFTHSM2_CONF} at target/softhsm2/softhsm2.conf;
 * the first use in a test JVM writes that file with an emptied token directory, so every run starts
 * with no tokens, and each test makes its own token with {@code softhsm2-util}. Fails (never skips)
 * when SoftHSM2 is not installed.
 */
public final class SoftHsm {
    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static Path tokenDirectory;

    /** A token made for one test: its label, user PIN, a PIN file (mode 600) and its directory. */
    public record Token(String label, String pin, Path pinFile, Path directory) {
        public Pkcs11Settings settings() {
            return new Pkcs11Settings(LIBRARY, label, 0, null, pinFile, 2);
        }

        public Pkcs11Settings settingsWithPin(Path otherPinFile) {
            return new Pkcs11Settings(LIBRARY, label, 0, null, otherPinFile, 2);
        }

        /** Takes the token away, as a pulled HSM or a broken HSM link would. */
        public Path takeAway() throws IOException {
            // out of the token directory: SoftHSM2 takes every folder in it for a token
            Path away = directory.getParent().resolveSibling("away-" + directory.getFileName());
            Files.move(directory, away);
            return away;
        }

        public void bringBack(Path away) throws IOException {
            Files.move(away, directory);
        }

        /** OpenSC's pkcs11-tool on this token, logged in with its PIN, with {@code args}; its output. */
        public String pkcs11Tool(String... args) {
            List<String> command = new ArrayList<>(List.of(
                    "pkcs11-tool", "--module", LIBRARY.toString(), "--token-label", label, "--login", "--pin", pin));
            command.addAll(List.of(args));
            return run(command.toArray(new String[0])); // SOFTHSM2_CONF is inherited: the tests' token directory
        }
    }

    private SoftHsm() {}

    /** A new initialized token with a fresh label, visible to this JVM's PKCS#11 library. */
    public static synchronized Token newToken(String labelPrefix, Path workDir) throws IOException {
        Path tokens = tokenDirectory();
        String label = labelPrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String pin = "pin-" + UUID.randomUUID().toString().substring(0, 8);
        Set<Path> before = children(tokens);
        run("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", "so-" + pin, "--pin", pin);
        List<Path> created = new ArrayList<>(children(tokens));
        created.removeAll(before);
        if (created.size() != 1) {
            throw new IllegalStateException("softhsm2-util made " + created + " in " + tokens);
        }
        Path pinFile = writeSecret(workDir.resolve(label + ".pin"), pin);
        // SoftHSM2 reads its token directory when the library is initialized: restart it so this
        // JVM sees the new token (no gateway runs between tests, so no session is disturbed).
        Pkcs11Library library = Pkcs11Library.of(LIBRARY);
        library.restart(library.generation());
        return new Token(label, pin, pinFile, created.get(0));
    }

    public static Path writeSecret(Path file, String secret) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, secret + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** Runs a SoftHSM2 or OpenSC tool; returns its output, failing on a non-zero exit. */
    public static String run(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path tokenDirectory() throws IOException {
        if (tokenDirectory != null) {
            return tokenDirectory;
        }
        if (!Files.isReadable(LIBRARY)
                || !Files.isExecutable(Path.of("/usr/bin/softhsm2-util"))
                || !Files.isExecutable(Path.of("/usr/bin/pkcs11-tool"))) {
            throw new IllegalStateException("SoftHSM2 and OpenSC must be installed for the HSM tests: "
                    + "apt-get install -y softhsm2 opensc (.ci/run installs them); " + LIBRARY
                    + " or a tool is missing");
        }
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || conf.isBlank()) {
            throw new IllegalStateException("SOFTHSM2_CONF is not set: run the tests through Maven (the pom sets it)");
        }
        Path confFile = Path.of(conf);
        Path tokens = confFile.resolveSibling("tokens");
        if (Files.exists(tokens)) {
            try (Stream<Path> old = Files.walk(tokens)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(
                confFile,
                "directories.tokendir = " + tokens.toAbsolutePath() + "\n"
                        + "objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n",
                StandardCharsets.US_ASCII);
        tokenDirectory = tokens;
        return tokens;
    }

    private static Set<Path> children(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return new java.util.HashSet<>(list.toList());
        }
    }
}
