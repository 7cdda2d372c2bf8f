package ir.meganaft.ragateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks the settings before anything starts, so that a bad value stops the start with one line
 * naming the key, what is wrong and an example, rather than a stack trace from deep inside Camel's
 * property injection. A key's kind is its packaged default's: a whole number (a port: 0 to 65535),
 * or true/false. Each value is the one the gateway would use: a single environment variable
 * ({@code GATEWAY_HTTP_PORT}) first, then the first source that has the key, most specific first.
 */
final class SettingsCheck {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d+");

    /** A setting the gateway cannot start with; its message is the one line to show. */
    static final class BadSetting extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadSetting(String message) {
            super(message, null, false, false);
        }
    }

    private SettingsCheck() {}

    /** The packaged defaults (classpath config/application.properties). */
    static Properties packaged() {
        Properties defaults = new Properties();
        try (InputStream in =
                SettingsCheck.class.getClassLoader().getResourceAsStream("config/application.properties")) {
            if (in != null) {
                defaults.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return defaults;
    }

    /** The settings in a file, or none when it cannot be read (Camel then says so itself). */
    static Properties file(Path file) {
        Properties properties = new Properties();
        if (Files.isReadable(file)) {
            try (var in = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
                properties.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new BadSetting("Cannot read the settings file " + file + ": " + e.getMessage());
            }
        }
        return properties;
    }

    /**
     * @param overrides settings that win over everything (a test's)
     * @param sources the configured settings below the environment variables, most specific first (the packaged defaults last)
     * @throws BadSetting for the first bad value, in key order
     */
    static void check(
            Properties packaged, Properties overrides, List<Properties> sources, Map<String, String> environment) {
        for (String key : new TreeSet<>(packaged.stringPropertyNames())) {
            String example = packaged.getProperty(key).strip();
            boolean number = WHOLE_NUMBER.matcher(example).matches();
            boolean flag = example.equals("true") || example.equals("false");
            if (!key.startsWith("gateway.") || !(number || flag)) {
                continue;
            }
            String variable = UnusedSettings.environmentName(key);
            String value = overrides.getProperty(key);
            String from = null;
            if (value == null && environment.containsKey(variable)) {
                value = environment.get(variable);
                from = "environment variable " + variable;
            }
            for (int i = 0; value == null && i < sources.size(); i++) {
                value = sources.get(i).getProperty(key);
                from = null;
            }
            if (value == null || value.contains("{{")) {
                continue;
            }
            String v = value.strip();
            String wrong = null;
            if (number && !WHOLE_NUMBER.matcher(v).matches()) {
                wrong = "is not a whole number";
            } else if (number
                    && key.endsWith(".port")
                    && (v.length() > 6 || Long.parseLong(v) < 0 || Long.parseLong(v) > 65535)) {
                wrong = "is not a port number (0 to 65535)";
            } else if (number && v.length() > 18) {
                wrong = "is too large";
            } else if (flag && !v.equals("true") && !v.equals("false")) {
                wrong = "is neither true nor false";
            }
            if (wrong != null) {
                throw new BadSetting(
                        "Setting " + key + " = \"" + printable(v) + "\"" + (from == null ? "" : " (" + from + ")") + " "
                                + wrong + "; for example: " + key + " = " + example);
            }
        }
    }

    /** The value as it may be shown on one line: control characters escaped, at most 64 characters. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints()
                .limit(64)
                .forEach(c -> out.append(
                        Character.isISOControl(c) ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
        return value.codePointCount(0, value.length()) > 64 ? out + "..." : out.toString();
    }
}
