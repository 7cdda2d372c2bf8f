package ir.meganaft.ragateway.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where the PKCS#11 token is (config/ keys {@code gateway.keys.pkcs11.*}): the library, the token by
 * label (preferred: SoftHSM2 and many HSMs give slots random ids) or by slot index, and where the
 * user PIN comes from: an environment variable when set, else a file readable by the service's user
 * only. The PIN is never a property.
 *
 * @param retries how many times a failed signature is retried on a restarted library before the
 *     signature fails (the queue then redelivers the request later)
 */
public record Pkcs11Settings(
        Path library, String tokenLabel, int slotIndex, String pinEnvironmentVariable, Path pinFile, int retries) {

    public boolean byLabel() {
        return tokenLabel != null && !tokenLabel.isBlank();
    }

    /** How log lines and errors name the token. */
    public String tokenName() {
        return (byLabel() ? "token '" + tokenLabel + "'" : "token in slot index " + slotIndex) + " (library " + library
                + ")";
    }

    public char[] pin() {
        String fromEnvironment = pinEnvironmentVariable == null || pinEnvironmentVariable.isBlank()
                ? null
                : System.getenv(pinEnvironmentVariable);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment.toCharArray();
        }
        if (pinFile == null || !Files.isReadable(pinFile)) {
            throw new IllegalStateException("No PIN for the PKCS#11 " + tokenName() + ": set the environment variable "
                    + pinEnvironmentVariable + " or create the file " + pinFile + " (mode 600)");
        }
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Set<PosixFilePermission> open = EnumSet.copyOf(Files.getPosixFilePermissions(pinFile));
                open.retainAll(EnumSet.complementOf(
                        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
                if (!open.isEmpty()) {
                    throw new IllegalStateException("The PIN file " + pinFile + " is readable by others (" + open
                            + "); make it readable by the service's user only: chmod 600 " + pinFile);
                }
            }
            return Files.readString(pinFile, StandardCharsets.UTF_8).strip().toCharArray();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the PIN file " + pinFile + ": " + e.getMessage(), e);
        }
    }
}
