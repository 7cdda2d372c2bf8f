package ir.meganaft.ragateway;

import ir.meganaft.ragateway.wiring.Boot;
import ir.meganaft.ragateway.wiring.BrokerRoom;
import ir.meganaft.ragateway.wiring.CaRoom;
import ir.meganaft.ragateway.wiring.CallersRoom;
import ir.meganaft.ragateway.wiring.CrlRoom;
import ir.meganaft.ragateway.wiring.EndpointsRoom;
import ir.meganaft.ragateway.wiring.KeysRoom;
import ir.meganaft.ragateway.wiring.RequestsRoom;
import ir.meganaft.ragateway.wiring.ResultsRoom;
import ir.meganaft.ragateway.wiring.StorageRoom;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the gateway's beans from the settings in config/ and binds them for the routes in
 * routes/, one wiring room per feature ({@code wiring/}: each reads its own settings). The order
 * matters and is spelled out here: keys, storage, broker, CA, callers, CRLs, requests, results,
 * endpoints.
 */
public class GatewayConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);

    @PropertyInject("gateway.home")
    private String home;

    @PropertyInject("gateway.data-dir")
    private String dataDir;

    @Override
    public void configure(CamelContext context) throws Exception {
        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        reportUnusedSettings(context);
        Boot boot = Boot.at(context, Path.of(home), dataDir, Clock.systemUTC());
        EndpointsRoom endpoints = boot.room(new EndpointsRoom());
        endpoints.announce();
        Files.createDirectories(boot.data());

        // Keys first: a wrong PIN or a missing token stops the start before the broker and database run.
        KeysRoom.Keys keys = boot.room(new KeysRoom()).wire(boot);
        StorageRoom.Storage storage = boot.room(new StorageRoom()).wire(boot);
        BrokerRoom.Messaging messaging = boot.room(new BrokerRoom()).wire(boot);
        CaRoom.Ca ca = boot.room(new CaRoom()).wire(boot, keys, storage.database());
        CallersRoom.Callers callers = boot.room(new CallersRoom()).wire(boot, keys, ca.certificates());
        CrlRoom.Crls crls = boot.room(new CrlRoom()).wire(boot, keys, storage, ca);
        RequestsRoom.Requests requests =
                boot.room(new RequestsRoom()).wire(boot, keys, storage, ca, callers, crls, messaging);
        boot.room(new ResultsRoom()).wire(boot, storage, ca, callers, requests, messaging, crls);
        endpoints.wire(boot, callers, crls, keys);
        // routes/vetting and issuance: the consumers name the request they took from the queue in the logs
        boot.bind("logContext", new ir.meganaft.ragateway.errors.LogContext());
    }

    /** A misspelt setting would be ignored without a word: each one is named in the start log. */
    private static void reportUnusedSettings(CamelContext context) {
        UnusedSettings check = UnusedSettings.packaged();
        java.util.Properties configured =
                context.getPropertiesComponent().loadProperties(key -> key.startsWith("gateway."));
        for (String key : check.unusedKeys(configured.stringPropertyNames())) {
            LOG.warn("Setting {} is not used by the gateway (misspelt?); it is ignored", key);
        }
        for (String variable : check.unusedEnvironment(System.getenv())) {
            LOG.warn("Environment variable {} sets nothing; it is ignored", variable);
        }
    }
}
