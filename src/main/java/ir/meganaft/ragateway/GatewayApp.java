package ir.meganaft.ragateway;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.main.Main;

/**
 * Starts the gateway: Camel Main with the routes in routes/ and the settings in config/.
 *
 * <p>Settings are read, later ones winning: the packaged config/application.properties; the
 * application home's config/application.properties; the file named by {@code RA_GATEWAY_CONFIG};
 * then environment variables ({@code GATEWAY_HTTP_PORT} overrides {@code gateway.http.port}), and
 * {@code GATEWAY_SETTINGS_*} variables holding whole "key = value" lines (for settings read by prefix).
 */
public final class GatewayApp {
    private GatewayApp() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("admin")) {
            // the admin command line (admin/AdminCli): talks to a running gateway, starts nothing
            ir.meganaft.ragateway.admin.AdminCli.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        try {
            int status = create(Map.of()).run(args);
            System.exit(status);
        } catch (SettingsCheck.BadSetting e) {
            // one line naming the key, what is wrong and an example: nothing has started yet
            org.slf4j.LoggerFactory.getLogger(GatewayApp.class).error("The gateway cannot start: {}", e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            // The broker and database start threads that would keep a half-started JVM alive.
            org.slf4j.LoggerFactory.getLogger(GatewayApp.class)
                    .error("The gateway failed to start: {}", e.getMessage(), e);
            System.exit(1);
        }
    }

    /** A gateway ready to run; {@code overrides} win over every configured setting (tests use them). */
    public static Main create(Map<String, String> overrides) {
        Path home = home();
        Main main = new Main();
        main.configure().addConfiguration(GatewayConfiguration.class);
        // health and metrics on the management port, over the beans the first one bound
        main.configure().addConfiguration(ir.meganaft.ragateway.management.ManagementConfiguration.class);
        // Camel takes a setting from the first location that has it: most specific first.
        java.util.List<String> locations = new java.util.ArrayList<>();
        if (!overrides.isEmpty()) {
            // also as a file, so settings read by prefix (officers, documents) see them
            locations.add("file:" + overridesFile(overrides));
        }
        java.util.Properties fromEnvironment = environmentSettings(System.getenv());
        if (!fromEnvironment.isEmpty()) {
            locations.add("file:" + propertiesFile(fromEnvironment, "ra-gateway-environment"));
        }
        String external = System.getenv("RA_GATEWAY_CONFIG");
        if (external != null && !external.isBlank()) {
            locations.add("file:" + Path.of(external).toAbsolutePath());
        }
        Path homeConfig = home.resolve("config/application.properties");
        if (Files.isReadable(homeConfig)) {
            locations.add("file:" + homeConfig);
        }
        locations.add("classpath:config/application.properties");
        // every value checked against its kind before anything starts (a port that is not a number ...)
        java.util.Properties given = new java.util.Properties();
        given.putAll(overrides);
        java.util.Properties packaged = SettingsCheck.packaged();
        SettingsCheck.check(
                packaged,
                given,
                java.util.List.of(
                        fromEnvironment,
                        external == null || external.isBlank()
                                ? new java.util.Properties()
                                : SettingsCheck.file(Path.of(external)),
                        SettingsCheck.file(homeConfig),
                        packaged),
                System.getenv());
        main.setPropertyPlaceholderLocations(String.join(",", locations));
        main.addInitialProperty("gateway.home", home.toString());
        Path routes = home.resolve("routes");
        main.addInitialProperty(
                "camel.main.routes-include-pattern",
                Files.isDirectory(routes) ? "file:" + routes + "/*.camel.yaml" : "classpath:routes/*.camel.yaml");
        overrides.forEach(main::addOverrideProperty);
        return main;
    }

    /** Environment variables whose name starts with this hold whole settings, as "key = value" lines. */
    static final String SETTINGS_VARIABLE_PREFIX = "GATEWAY_SETTINGS_";

    /**
     * Settings given as {@code GATEWAY_SETTINGS_<anything>} environment variables, each holding
     * "key = value" lines: the way to give, from the environment, settings read by prefix (principals,
     * callback addresses, CRL push targets), whose keys no variable name can spell.
     */
    static java.util.Properties environmentSettings(Map<String, String> environment) {
        java.util.Properties properties = new java.util.Properties();
        new java.util.TreeMap<>(environment).forEach((name, value) -> {
            if (name.startsWith(SETTINGS_VARIABLE_PREFIX)) {
                try {
                    properties.load(new java.io.StringReader(value));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        return properties;
    }

    private static Path overridesFile(Map<String, String> overrides) {
        java.util.Properties properties = new java.util.Properties();
        properties.putAll(overrides);
        return propertiesFile(properties, "ra-gateway-overrides");
    }

    private static Path propertiesFile(java.util.Properties properties, String name) {
        try {
            Path file = Files.createTempFile(name, ".properties");
            file.toFile().deleteOnExit();
            try (var out = Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8)) {
                properties.store(out, name);
            }
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot write the override settings", e);
        }
    }

    /**
     * The application home: {@code -Dgateway.home}, else the project root when started as
     * target/ra-gateway.jar, else the working directory.
     */
    static Path home() {
        String configured = System.getProperty("gateway.home");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        try {
            Path code = Path.of(GatewayApp.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path target = code.getParent();
            if (target != null
                    && target.getParent() != null
                    && Files.isDirectory(target.getParent().resolve("config"))) {
                return target.getParent().toAbsolutePath().normalize();
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
