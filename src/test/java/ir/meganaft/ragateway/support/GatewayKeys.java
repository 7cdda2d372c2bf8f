package ir.meganaft.ragateway.support;

import ir.meganaft.ragateway.keys.DevelopmentKeys;
import ir.meganaft.ragateway.keys.KeyLocations;
import ir.meganaft.ragateway.keys.Pkcs12Keys;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * A gateway's development keys made before its first start, where it will find them
 * ({@code <data>/keys}, as config/application.properties says), so that a CA node or a CMP mock server
 * can be told beforehand which RA to trust or which CA to play.
 */
public final class GatewayKeys {
    private GatewayKeys() {}

    /** Makes the CA key ({@code caAlgorithm}) and an EC-P256 RA key under {@code <data>/keys}, unless there. */
    public static KeyLocations createIn(Path data, String caAlgorithm) {
        KeyLocations keys = new KeyLocations(
                data.resolve("keys/ca.p12"),
                "ca",
                data.resolve("keys/ra.p12"),
                "ra",
                data.resolve("keys/keystore-password"),
                "NO_SUCH_VARIABLE_IN_TESTS");
        new DevelopmentKeys().createIfMissing(keys, caAlgorithm, "EC-P256");
        return keys;
    }

    /** The RA's certificate among {@code keys}: what a CA must trust the gateway's CMP requests by. */
    public static X509Certificate raCertificate(KeyLocations keys) {
        return Pkcs12Keys.load(keys.raKeystore(), "ra", keys.password()).certificate();
    }
}
