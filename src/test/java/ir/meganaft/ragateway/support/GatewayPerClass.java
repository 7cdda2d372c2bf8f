package ir.meganaft.ragateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One gateway for a whole test class: started in a data directory of its own before the class's
 * {@code @BeforeAll} methods run, stopped after its last test, its directory deleted when every test
 * passed (kept, and named in the log, when one failed). The running gateway hands out the clients
 * ({@link RunningGateway#registration()}, {@link RunningGateway#officerAs}...).
 *
 * <pre>
 * &#64;RegisterExtension
 * static final GatewayPerClass started = GatewayPerClass.withSettings(() -&gt; Map.of("gateway.x", "1"));
 * </pre>
 *
 * The settings are a supplier, so they may name what the class's static initializers started
 * (a stand-in server's address).
 */
public final class GatewayPerClass implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    private final Supplier<Map<String, String>> settings;
    /** A directory of the class's own, holding the data directory and what RunningGateway keeps beside it. */
    private Path home;

    private Path data;
    private RunningGateway gateway;
    private volatile boolean aTestFailed;

    private GatewayPerClass(Supplier<Map<String, String>> settings) {
        this.settings = settings;
    }

    /** A gateway on the tests' default settings. */
    public static GatewayPerClass withDefaults() {
        return new GatewayPerClass(Map::of);
    }

    /** A gateway on the tests' defaults with these settings over them. */
    public static GatewayPerClass withSettings(Supplier<Map<String, String>> settings) {
        return new GatewayPerClass(settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        home = Files.createTempDirectory(
                "gateway-" + context.getRequiredTestClass().getSimpleName() + "-");
        data = home.resolve("data");
        gateway = RunningGateway.start(data, settings.get());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            if (context.getExecutionException().isEmpty() && !aTestFailed) {
                TestFiles.deleteQuietly(home);
            } else {
                org.slf4j.LoggerFactory.getLogger(GatewayPerClass.class)
                        .warn("Kept the gateway's data for a look: {}", home);
            }
        }
    }

    /** The running gateway (after the extension's start, so from a {@code @BeforeAll} method on). */
    public RunningGateway gateway() {
        if (gateway == null) {
            throw new IllegalStateException("The gateway starts before the class's @BeforeAll methods; not yet");
        }
        return gateway;
    }

    /** Its data directory. */
    public Path data() {
        return data;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        aTestFailed = true;
    }
}
