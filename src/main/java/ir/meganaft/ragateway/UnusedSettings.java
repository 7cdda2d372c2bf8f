package ir.meganaft.ragateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the gateway settings nobody reads: a key misspelt in a configuration file
 * ({@code gateway.notification.timeout-ms}), or an environment variable that names no setting
 * ({@code GATEWAY_HTTP_PROT}). They would be ignored without a word; the start log names each one.
 * The settings the gateway knows are the keys of its packaged config/application.properties, plus
 * the open maps read by prefix (officers, documents, callback addresses, CRL push targets, named profiles).
 */
final class UnusedSettings {
    /** Settings read by prefix: any key below them is used. */
    static final List<String> OPEN_PREFIXES = List.of(
            "gateway.officers.",
            "gateway.systems.",
            "gateway.admins.",
            "gateway.relying-parties.",
            "gateway.tls.client-anchors.",
            "gateway.documents.",
            "gateway.callbacks.",
            "gateway.callback-prefixes.",
            "gateway.crl.targets.",
            "gateway.profiles.");

    private static final String ENVIRONMENT_PREFIX = "GATEWAY_";
    /** Not a setting: logback.xml reads it (text or json), before any setting is read. */
    static final String LOG_FORMAT_VARIABLE = "GATEWAY_LOG_FORMAT";

    private final Set<String> known;

    UnusedSettings(Set<String> known) {
        this.known = Set.copyOf(known);
    }

    /** The keys of the packaged defaults, and {@code gateway.home}, which the launcher sets. */
    static UnusedSettings packaged() {
        Properties defaults = new Properties();
        try (InputStream in =
                UnusedSettings.class.getClassLoader().getResourceAsStream("config/application.properties")) {
            if (in == null) {
                throw new IllegalStateException("config/application.properties is missing from the class path");
            }
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> known = new TreeSet<>(defaults.stringPropertyNames());
        known.add("gateway.home");
        return new UnusedSettings(known);
    }

    /** The configured {@code gateway.*} keys that no part of the gateway reads. */
    List<String> unusedKeys(Set<String> configured) {
        List<String> unused = new ArrayList<>();
        for (String key : new TreeSet<>(configured)) {
            if (key.startsWith("gateway.")
                    && !known.contains(key)
                    && OPEN_PREFIXES.stream().noneMatch(key::startsWith)) {
                unused.add(key);
            }
        }
        return unused;
    }

    /**
     * The {@code GATEWAY_*} environment variables that override no setting (Camel maps
     * {@code GATEWAY_HTTP_PORT} to {@code gateway.http.port}), with why: no such setting, or a
     * setting read by prefix, which only a configuration file can give.
     */
    List<String> unusedEnvironment(Map<String, String> environment) {
        Set<String> names = new TreeSet<>();
        for (String key : known) {
            names.add(environmentName(key));
        }
        List<String> unused = new ArrayList<>();
        for (String variable : new TreeSet<>(environment.keySet())) {
            if (!variable.startsWith(ENVIRONMENT_PREFIX)
                    || names.contains(variable)
                    || variable.startsWith(GatewayApp.SETTINGS_VARIABLE_PREFIX)
                    || variable.equals(LOG_FORMAT_VARIABLE)) {
                continue;
            }
            String open = OPEN_PREFIXES.stream()
                    .filter(p -> variable.startsWith(environmentName(p)))
                    .findFirst()
                    .orElse(null);
            unused.add(
                    open == null
                            ? variable + " (no such setting)"
                            : variable + " (settings under " + open
                                    + " cannot be spelt as a variable name: give them as "
                                    + "\"key = value\" lines in a " + GatewayApp.SETTINGS_VARIABLE_PREFIX
                                    + "* variable, or in the file "
                                    + "named by RA_GATEWAY_CONFIG)");
        }
        return unused;
    }

    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
