package ir.meganaft.ragateway.wiring;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/**
 * What every wiring room gets at start: the Camel context (its registry and settings), the
 * application home, the data directory and the clock. A room is a small class per feature with its
 * own {@code @PropertyInject} settings and one {@code wire} method; {@link #room} injects its
 * settings, and {@code GatewayConfiguration} calls the rooms in the order the start needs.
 */
public record Boot(CamelContext context, Path home, Path data, Clock clock) {

    /** The start at {@code home}, with the data directory {@code dataDir} (relative ones are relative to home). */
    public static Boot at(CamelContext context, Path home, String dataDir, Clock clock) {
        Path absoluteHome = home.toAbsolutePath().normalize();
        Path data = Path.of(dataDir);
        return new Boot(
                context,
                absoluteHome,
                (data.isAbsolute() ? data : absoluteHome.resolve(data))
                        .toAbsolutePath()
                        .normalize(),
                clock);
    }

    /** The room with its {@code @PropertyInject} settings filled in from config/ (and the environment). */
    public <T> T room(T room) {
        try {
            org.apache.camel.support.PluginHelper.getBeanPostProcessor(context)
                    .postProcessBeforeInitialization(room, room.getClass().getSimpleName());
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Settings of " + room.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        return room;
    }

    /** Binds a bean for the routes (routes/*.camel.yaml name it by {@code ref}). */
    public void bind(String name, Object bean) {
        context.getRegistry().bind(name, bean);
    }

    /** Runs {@code stop} when the gateway stops, after the routes. */
    public void onStop(Runnable stop) {
        try {
            context.addService(
                    new ServiceSupport() {
                        @Override
                        protected void doStop() {
                            stop.run();
                        }
                    },
                    true,
                    true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code stop} as soon as the gateway begins to stop, before its routes: for what must be
     * gone before the SOAP endpoints' CXF buses shut down.
     */
    public void onStopping(Runnable stop) {
        context.getManagementStrategy().addEventNotifier(new org.apache.camel.support.SimpleEventNotifierSupport() {
            @Override
            public boolean isEnabled(org.apache.camel.spi.CamelEvent event) {
                return event instanceof org.apache.camel.spi.CamelEvent.CamelContextStoppingEvent;
            }

            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) {
                stop.run();
            }
        });
    }

    /** Starts {@code service} with the gateway and stops it with it. */
    public void service(Object service) {
        try {
            context.addService(service, true, true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every setting under a prefix, with the prefix taken off the keys: the keys come from the
     * property files, each value is resolved as usual (so an environment variable still wins).
     */
    public Map<String, String> settings(String prefix) {
        Map<String, String> out = new java.util.TreeMap<>();
        java.util.Properties found = context.getPropertiesComponent().loadProperties(key -> key.startsWith(prefix));
        for (String key : found.stringPropertyNames()) {
            out.put(
                    key.substring(prefix.length()),
                    context.getPropertiesComponent().resolveProperty(key).orElse(found.getProperty(key)));
        }
        return out;
    }

    /** A configured path: relative ones are relative to the application home. */
    public Path resolve(String path) {
        Path p = Path.of(path);
        return (p.isAbsolute() ? p : home.resolve(p)).toAbsolutePath().normalize();
    }

    /** A comma-separated setting as a list, blanks dropped. */
    public static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
