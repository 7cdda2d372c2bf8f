package ir.meganaft.ragateway.keys;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code gateway.keys.*} settings of config/application.properties: where each signing key of the
 * gateway comes from ({@code pkcs12} files or a {@code pkcs11} token, chosen per key) and how to
 * reach either. Read by the gateway and by the key admin tool alike.
 */
public record KeySettings(
        String caSource,
        String raSource,
        KeyLocations pkcs12,
        Pkcs11Settings pkcs11,
        Path caChainFile,
        Path raChainFile,
        boolean createDevelopmentKeys,
        String devCaAlgorithm,
        String devRaAlgorithm,
        String devRootCrlUrl) {
    public static final String PKCS12 = "pkcs12";
    public static final String PKCS11 = "pkcs11";

    /**
     * @param property a setting by name; blank values count as absent
     * @param home relative paths are resolved against it
     * @param dataDir the gateway's data directory (default places of keystores and the PIN file)
     */
    public static KeySettings from(Function<String, Optional<String>> property, Path home, Path dataDir) {
        Function<String, Optional<String>> set =
                k -> property.apply(k).map(String::strip).filter(v -> !v.isEmpty());
        Function<String, Path> path =
                k -> set.apply(k).map(v -> resolve(home, v)).orElse(null);
        String source = source(set.apply("gateway.keys.source").orElse(PKCS12), "gateway.keys.source");
        KeyLocations locations = new KeyLocations(
                Optional.ofNullable(path.apply("gateway.keys.ca.keystore")).orElse(dataDir.resolve("keys/ca.p12")),
                set.apply("gateway.keys.ca.alias").orElse("ca"),
                Optional.ofNullable(path.apply("gateway.keys.ra.keystore")).orElse(dataDir.resolve("keys/ra.p12")),
                set.apply("gateway.keys.ra.alias").orElse("ra"),
                Optional.ofNullable(path.apply("gateway.keys.password-file"))
                        .orElse(dataDir.resolve("keys/keystore-password")),
                set.apply("gateway.keys.password-env").orElse(null));
        Pkcs11Settings pkcs11 = new Pkcs11Settings(
                Path.of(set.apply("gateway.keys.pkcs11.library").orElse("/usr/lib/softhsm/libsofthsm2.so")),
                set.apply("gateway.keys.pkcs11.token-label").orElse(null),
                Integer.parseInt(set.apply("gateway.keys.pkcs11.slot-index").orElse("0")),
                set.apply("gateway.keys.pkcs11.pin-env").orElse(null),
                Optional.ofNullable(path.apply("gateway.keys.pkcs11.pin-file")).orElse(dataDir.resolve("keys/hsm-pin")),
                Integer.parseInt(set.apply("gateway.keys.pkcs11.retries").orElse("2")));
        return new KeySettings(
                source(set.apply("gateway.keys.ca.source").orElse(source), "gateway.keys.ca.source"),
                source(set.apply("gateway.keys.ra.source").orElse(source), "gateway.keys.ra.source"),
                locations,
                pkcs11,
                path.apply("gateway.keys.ca.chain-file"),
                path.apply("gateway.keys.ra.chain-file"),
                Boolean.parseBoolean(
                        set.apply("gateway.keys.dev.create-if-missing").orElse("false")),
                set.apply("gateway.keys.dev.ca-algorithm").orElse("RSA-2048"),
                set.apply("gateway.keys.dev.ra-algorithm").orElse("EC-P256"),
                set.apply("gateway.profile.crl-url")
                        .map(DevelopmentKeys::rootCrlUrl)
                        .orElse(null));
    }

    /**
     * Loads the CA and RA signers: development keys first when allowed (only when both keys are
     * PKCS#12: a development CA cannot certify a key on a token), then each from its source.
     */
    public GatewayKeys load(HsmHealth health) {
        if (createDevelopmentKeys && PKCS12.equals(caSource) && PKCS12.equals(raSource)) {
            new DevelopmentKeys().createIfMissing(pkcs12, devCaAlgorithm, devRaAlgorithm, devRootCrlUrl);
        }
        return new GatewayKeys(
                loadCa(health), load(raSource, "ra", pkcs12.raAlias(), pkcs12.raKeystore(), raChainFile, health));
    }

    /** Loads the CA signer alone: a CA node (canode/CaNode) has no RA key. */
    public Signer loadCa(HsmHealth health) {
        return load(caSource, "ca", pkcs12.caAlias(), pkcs12.caKeystore(), caChainFile, health);
    }

    private Signer load(String source, String role, String alias, Path keystore, Path chainFile, HsmHealth health) {
        if (PKCS11.equals(source)) {
            return Pkcs11Signer.open(role, alias, pkcs11, chainFile, health);
        }
        char[] password = pkcs12.password();
        try {
            return Pkcs12Keys.load(keystore, alias, password);
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /** The loaded signing keys of the gateway. */
    public record GatewayKeys(Signer ca, Signer ra) {}

    private static String source(String value, String key) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (!v.equals(PKCS12) && !v.equals(PKCS11)) {
            throw new IllegalArgumentException(key + " = " + value + ": use pkcs12 or pkcs11");
        }
        return v;
    }

    private static Path resolve(Path home, String value) {
        Path p = Path.of(value);
        return (p.isAbsolute() ? p : home.resolve(p)).toAbsolutePath().normalize();
    }
}
