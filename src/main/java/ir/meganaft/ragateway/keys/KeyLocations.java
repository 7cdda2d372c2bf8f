package ir.meganaft.ragateway.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the CA and RA keys are (config/ keys {@code gateway.keys.*}). The keystore password comes
 * from an environment variable when set, otherwise from a file readable only by the service,
 * never from the properties file.
 */
public record KeyLocations(
        Path caKeystore,
        String caAlias,
        Path raKeystore,
        String raAlias,
        Path passwordFile,
        String passwordEnvironmentVariable) {

    public char[] password() {
        String fromEnvironment =
                passwordEnvironmentVariable == null ? null : System.getenv(passwordEnvironmentVariable);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment.toCharArray();
        }
        try {
            return Files.readString(passwordFile, StandardCharsets.UTF_8)
                    .strip()
                    .toCharArray();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "No keystore password: set " + passwordEnvironmentVariable + " or create "
                            + passwordFile.toAbsolutePath(),
                    e);
        }
    }
}
