package ir.meganaft.ragateway.canode;

import ir.meganaft.ragateway.ca.CertificateProfile;
import ir.meganaft.ragateway.ca.CertificateProfiles;
import ir.meganaft.ragateway.ca.LocalCertificateAuthority;
import ir.meganaft.ragateway.crl.CrlPublisher;
import ir.meganaft.ragateway.keys.CertificateFiles;
import ir.meganaft.ragateway.keys.HsmHealth;
import ir.meganaft.ragateway.keys.KeySettings;
import ir.meganaft.ragateway.keys.Signer;
import ir.meganaft.ragateway.store.CaLedgerStore;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.CrlStore;
import ir.meganaft.ragateway.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CA as its own service: {@code java -cp ra-gateway.jar ir.meganaft.ragateway.canode.CaNode
 * --config ca-node.properties}. A main class of its own rather than a subcommand of the gateway's
 * Camel Main: the CA node runs none of the RA (no Camel, CXF, broker or SOAP), only the CA's code
 * ({@code ca/}), its keys ({@code keys/}: PKCS#12 or PKCS#11), its ledger and CRL tables
 * ({@code store/}: an H2 file or PostgreSQL) and a JDK HTTP server. Settings: {@code config/ca-node.properties}.
 */
public final class CaNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CaNode.class);
    private static final String PREFIX = "ca-node.";

    private final Database database;
    private final CaNodeHttp http;
    private final ScheduledExecutorService crlJob;
    private final CrlPublisher crls;

    private CaNode(Database database, CaNodeHttp http, ScheduledExecutorService crlJob, CrlPublisher crls) {
        this.database = database;
        this.http = http;
        this.crlJob = crlJob;
        this.crls = crls;
    }

    public static void main(String[] args) throws Exception {
        Path config = null;
        for (int i = 0; i < args.length; i++) {
            if ("--config".equals(args[i]) && i + 1 < args.length) {
                config = Path.of(args[++i]);
            }
        }
        if (config == null) {
            LOG.error("usage: java -cp ra-gateway.jar {} --config ca-node.properties", CaNode.class.getName());
            System.exit(2);
        }
        Properties settings = settings(config);
        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        CaNode node = start(settings, config.toAbsolutePath().getParent(), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            node.close();
                            stopped.countDown();
                        },
                        "ca-node-stop"));
        stopped.await();
    }

    /** The packaged defaults (config/ca-node.properties), overridden by the keys of {@code file}. */
    public static Properties settings(Path file) {
        Properties settings = new Properties();
        try (InputStream defaults = CaNode.class.getClassLoader().getResourceAsStream("config/ca-node.properties")) {
            if (defaults != null) {
                settings.load(defaults);
            }
            try (InputStream own = Files.newInputStream(file)) {
                settings.load(own);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        warnUnknown(settings);
        return settings;
    }

    /** A misspelt setting would be ignored without a word: each one is named in the start log. */
    private static void warnUnknown(Properties settings) {
        Properties known = new Properties();
        try (InputStream defaults = CaNode.class.getClassLoader().getResourceAsStream("config/ca-node.properties")) {
            if (defaults == null) {
                return;
            }
            known.load(defaults);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : new java.util.TreeSet<>(settings.stringPropertyNames())) {
            if (!known.containsKey(key) && !key.startsWith(PREFIX + "profiles.")) {
                LOG.warn("Setting {} is not used by the CA node (misspelt?); it is ignored", key);
            }
        }
    }

    /**
     * Starts a CA node.
     *
     * @param base relative paths in the settings are relative to it (the configuration file's directory)
     */
    public static CaNode start(Properties settings, Path base, Clock clock) {
        java.util.function.Function<String, Optional<String>> setting = k ->
                Optional.ofNullable(settings.getProperty(k)).map(String::strip).filter(v -> !v.isEmpty());
        java.util.function.Function<String, String> required = k -> setting.apply(PREFIX + k)
                .orElseThrow(() -> new IllegalArgumentException("Setting " + PREFIX + k + " is missing"));
        Path data = base.resolve(required.apply("data-dir")).toAbsolutePath().normalize();
        KeySettings keys = KeySettings.from(k -> setting.apply(PREFIX + k.substring("gateway.".length())), base, data);
        HsmHealth health = new HsmHealth(clock);
        Signer caSigner = keys.loadCa(health);
        Signer cmpSigner = cmpSigner(keys, required.apply("keys.cmp-signer.alias"), caSigner, health, data, clock);
        List<X509Certificate> trustedRas = new ArrayList<>();
        for (String file : required.apply("trusted-ra-certificates").split(",")) {
            trustedRas.addAll(CertificateFiles.read(base.resolve(file.strip())));
        }
        java.util.Set<String> namedProfileKeys = new java.util.TreeSet<>();
        for (String key : settings.stringPropertyNames()) {
            if (key.startsWith(PREFIX + "profiles.")) {
                namedProfileKeys.add(key.substring((PREFIX + "profiles.").length()));
            }
        }
        CertificateProfiles profiles = CertificateProfiles.from(setting, PREFIX, namedProfileKeys);
        CertificateProfile profile = profiles.find(null).orElseThrow().profile();
        String url = setting.apply(PREFIX + "db.url")
                .orElse("jdbc:h2:file:" + data.resolve("db").resolve("ca-node")
                        + ";MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE");
        Database database = new Database(
                url,
                setting.apply(PREFIX + "db.user").orElse("ca"),
                setting.apply(PREFIX + "db.password").orElse(""),
                Integer.parseInt(required.apply("db.pool-size")));
        CertificateStore certificates = new CertificateStore(database);
        LocalCertificateAuthority ca = new LocalCertificateAuthority(
                caSigner, trustedRas, profiles, new CaLedgerStore(database), certificates, clock);
        CrlPublisher crls = new CrlPublisher(
                new CrlStore(database),
                caSigner,
                data.resolve("crl"),
                profile.crlUrl(),
                profile.deltaCrlUrl(),
                new CrlPublisher.Schedule(
                        Duration.ofMinutes(Long.parseLong(required.apply("crl.full.period-minutes"))),
                        Duration.ofHours(Long.parseLong(required.apply("crl.full.validity-hours"))),
                        Duration.ofMinutes(Long.parseLong(required.apply("crl.delta.validity-minutes")))),
                clock);
        crls.publishFullIfDue();
        writePem(data.resolve("cmp-signer.pem"), cmpSigner.certificate());
        writePem(data.resolve("ca.pem"), caSigner.certificate());
        CmpResponder responder = new CmpResponder(
                ca,
                cmpSigner,
                certificates,
                crls::publishFull,
                Boolean.parseBoolean(required.apply("grant-implicit-confirm")),
                clock);
        CaNodeHttp http = CaNodeHttp.start(
                required.apply("bind"),
                Integer.parseInt(required.apply("port")),
                required.apply("cmp-path"),
                Integer.parseInt(required.apply("threads")),
                responder,
                crls,
                caSigner.certificate(),
                cmpSigner.certificate());
        ScheduledExecutorService crlJob = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ca-node-crl"));
        long period = Long.parseLong(required.apply("crl.check-period-seconds"));
        crlJob.scheduleWithFixedDelay(
                () -> {
                    try {
                        crls.publishDue();
                    } catch (RuntimeException e) {
                        LOG.error("CRL publication failed; tried again in {} s", period, e);
                    }
                },
                period,
                period,
                TimeUnit.SECONDS);
        LOG.info(
                "CA node {} serving CMP at http://{}:{}{}, trusting {} RA certificate(s)",
                caSigner.certificate().getSubjectX500Principal().getName(),
                required.apply("bind"),
                http.port(),
                required.apply("cmp-path"),
                trustedRas.size());
        return new CaNode(database, http, crlJob, crls);
    }

    /**
     * The CMP-signer key where the CA key is: on its PKCS#11 token (no PKCS#12 password then), or in
     * {@code <data-dir>/keys/cmp-signer.p12} with the keystore password.
     */
    private static Signer cmpSigner(
            KeySettings keys, String tokenAlias, Signer ca, HsmHealth health, Path data, Clock clock) {
        if (KeySettings.PKCS11.equals(keys.caSource())) {
            if (tokenAlias.equals(keys.pkcs12().caAlias())) {
                throw new IllegalArgumentException(PREFIX + "keys.cmp-signer.alias = " + tokenAlias
                        + " names the CA key; give the CMP-signer key a name of its own");
            }
            return CmpSignerKey.onToken(keys.pkcs11(), tokenAlias, ca, health, clock);
        }
        char[] password = keys.pkcs12().password();
        try {
            return CmpSignerKey.loadOrCreate(data.resolve("keys").resolve("cmp-signer.p12"), password, ca, clock);
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /** The HTTP port (the configured one, or the one chosen when it was 0). */
    public int port() {
        return http.port();
    }

    public CrlPublisher crls() {
        return crls;
    }

    private static void writePem(Path file, X509Certificate certificate) {
        try {
            Files.writeString(
                    file,
                    "-----BEGIN CERTIFICATE-----\n"
                            + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                                    .encodeToString(certificate.getEncoded())
                            + "\n-----END CERTIFICATE-----\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.stop();
        crlJob.shutdownNow();
        database.close();
        LOG.info("CA node stopped");
    }
}
