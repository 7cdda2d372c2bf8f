package ir.meganaft.ragateway.support;

import ir.meganaft.ragateway.canode.CaNode;
import ir.meganaft.ragateway.keys.DevelopmentKeys;
import ir.meganaft.ragateway.keys.HsmHealth;
import ir.meganaft.ragateway.keys.KeyLocations;
import ir.meganaft.ragateway.keys.Pkcs11Signer;
import ir.meganaft.ragateway.keys.Pkcs12Keys;
import ir.meganaft.ragateway.keys.Signer;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * A CA node (canode/CaNode) in this JVM, on a free loopback port, with a CA key of its own made in
 * {@code dir}: the CA a test does not own, speaking real CMP over real HTTP.
 */
public final class TestCaNode implements AutoCloseable {
    private final AutoCloseable node;
    private final Signer ca;
    private final Path dir;
    private final int port;

    private TestCaNode(AutoCloseable node, Signer ca, Path dir, int port) {
        this.node = node;
        this.ca = ca;
        this.dir = dir;
        this.port = port;
    }

    /** Keys of a CA and an RA it certified, made in {@code dir} (ca.p12, ra.p12, password). */
    public static Signer[] keys(Path dir) {
        return keys(dir, "EC-P256");
    }

    /** As {@link #keys(Path)}, with a CA key of {@code caAlgorithm} (EC-P256, RSA-2048, ...). */
    public static Signer[] keys(Path dir, String caAlgorithm) {
        KeyLocations locations = new KeyLocations(
                dir.resolve("ca.p12"),
                "ca",
                dir.resolve("ra.p12"),
                "ra",
                dir.resolve("password"),
                "NO_SUCH_VARIABLE_IN_TESTS");
        new DevelopmentKeys().createIfMissing(locations, caAlgorithm, "EC-P256");
        char[] password = locations.password();
        return new Signer[] {
            Pkcs12Keys.load(locations.caKeystore(), "ca", password),
            Pkcs12Keys.load(locations.raKeystore(), "ra", password)
        };
    }

    /**
     * A CA node in this JVM trusting {@code trustedRas}, with {@code settings} over the defaults of
     * config/ca-node.properties (keys without their {@code ca-node.} prefix).
     */
    public static TestCaNode start(Path dir, List<X509Certificate> trustedRas, Map<String, String> settings) {
        Prepared prepared = prepare(dir, trustedRas, settings, "EC-P256", null);
        return new TestCaNode(
                CaNode.start(prepared.settings(), dir, Clock.systemUTC()), prepared.ca(), dir, prepared.port());
    }

    /**
     * A CA node in this JVM with its keys on {@code token} ({@code ca-node.keys.source = pkcs11}): the CA
     * key "ca" that {@link TokenKeys#ceremony} made there. No PKCS#12 keystore or password file exists.
     */
    public static TestCaNode startOnToken(
            Path dir, List<X509Certificate> trustedRas, SoftHsm.Token token, Map<String, String> settings) {
        Prepared prepared = prepare(dir, trustedRas, settings, null, token);
        return new TestCaNode(
                CaNode.start(prepared.settings(), dir, Clock.systemUTC()), prepared.ca(), dir, prepared.port());
    }

    /**
     * A CA node in a process of its own, started as an operator would
     * ({@code java -cp ... ir.meganaft.ragateway.canode.CaNode --config file}); stopped by its own
     * process handle (SIGTERM, then SIGKILL).
     */
    public static TestCaNode startProcess(Path dir, List<X509Certificate> trustedRas, Map<String, String> settings) {
        return startProcess(dir, trustedRas, settings, "EC-P256");
    }

    /** As {@link #startProcess(Path, List, Map)}, with a CA key of {@code caAlgorithm}. */
    public static TestCaNode startProcess(
            Path dir, List<X509Certificate> trustedRas, Map<String, String> settings, String caAlgorithm) {
        Prepared prepared = prepare(dir, trustedRas, settings, caAlgorithm, null);
        try {
            Path config = dir.resolve("ca-node.properties");
            try (var out = Files.newOutputStream(config)) {
                prepared.settings().store(out, "CA node of a test");
            }
            Path log = dir.resolve("ca-node.log");
            Process process = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            CaNode.class.getName(),
                            "--config",
                            config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            AutoCloseable stop = () -> {
                process.destroy();
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            };
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(60))
                    .pollInterval(java.time.Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("The CA node ended: " + Files.readString(log));
                        }
                        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", prepared.port())) {
                            return true;
                        } catch (IOException notYet) {
                            return false;
                        }
                    });
            return new TestCaNode(stop, prepared.ca(), dir, prepared.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Prepared(Properties settings, Signer ca, int port) {}

    private static Prepared prepare(
            Path dir,
            List<X509Certificate> trustedRas,
            Map<String, String> settings,
            String caAlgorithm,
            SoftHsm.Token token) {
        try {
            Files.createDirectories(dir);
            Signer ca = token == null
                    ? keys(dir.resolve("keys"), caAlgorithm)[0]
                    : Pkcs11Signer.open("ca", "ca", token.settings(), null, new HsmHealth(Clock.systemUTC()));
            Path trusted = dir.resolve("trusted-ras.pem");
            Files.writeString(trusted, pem(trustedRas.toArray()));
            int port = RunningGateway.freePort();
            Properties properties = new Properties();
            properties.load(TestCaNode.class.getClassLoader().getResourceAsStream("config/ca-node.properties"));
            properties.setProperty("ca-node.port", Integer.toString(port));
            properties.setProperty("ca-node.data-dir", dir.resolve("data").toString());
            if (token == null) {
                properties.setProperty(
                        "ca-node.keys.ca.keystore", dir.resolve("keys/ca.p12").toString());
                properties.setProperty(
                        "ca-node.keys.password-file",
                        dir.resolve("keys/password").toString());
            } else {
                properties.setProperty("ca-node.keys.source", "pkcs11");
                properties.setProperty("ca-node.keys.pkcs11.library", SoftHsm.LIBRARY.toString());
                properties.setProperty("ca-node.keys.pkcs11.token-label", token.label());
                properties.setProperty(
                        "ca-node.keys.pkcs11.pin-file", token.pinFile().toString());
            }
            properties.setProperty("ca-node.trusted-ra-certificates", trusted.toString());
            properties.setProperty("ca-node.profile.crl-url", "http://127.0.0.1:" + port + "/crl/issuing-ca.crl");
            properties.setProperty("ca-node.profile.ca-issuers-url", "http://127.0.0.1:" + port + "/ca.cer");
            properties.setProperty("ca-node.crl.check-period-seconds", "1");
            settings.forEach((k, v) -> properties.setProperty("ca-node." + k, v));
            return new Prepared(properties, ca, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Signer ca() {
        return ca;
    }

    public X509Certificate certificate() {
        return ca.certificate();
    }

    /** The CA certificate as a PEM file, for gateway.ca.certificate or openssl. */
    public Path certificatePem() {
        Path file = dir.resolve("ca.pem");
        try {
            Files.writeString(file, pem(certificate()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The certificate the node signs its CMP answers with (it made it at its first start). */
    public X509Certificate cmpSignerCertificate() {
        return ir.meganaft.ragateway.keys.CertificateFiles.read(cmpSignerPem()).get(0);
    }

    /** The CMP-signer certificate as the node published it (PEM), for gateway.ca.cmp-signer-certificate or openssl's -srvcert. */
    public Path cmpSignerPem() {
        return dir.resolve("data").resolve("cmp-signer.pem");
    }

    /** What points a gateway at this node: gateway.ca.url, .certificate, .cmp-signer-certificate and .crl-url. */
    public Map<String, String> gatewaySettings() {
        return Map.of(
                "gateway.ca.url",
                cmpUrl().toString(),
                "gateway.ca.certificate",
                certificatePem().toString(),
                "gateway.ca.cmp-signer-certificate",
                cmpSignerPem().toString(),
                "gateway.ca.crl-url",
                crlUrl().toString());
    }

    public URI cmpUrl() {
        return URI.create("http://127.0.0.1:" + port + "/cmp");
    }

    public URI crlUrl() {
        return URI.create("http://127.0.0.1:" + port + "/crl/issuing-ca.crl");
    }

    public int port() {
        return port;
    }

    /** The private key of {@code alias} ("ca" or "ra") among the keys {@link #keys} made in {@code dir}, for openssl. */
    public static java.security.PrivateKey privateKey(Path dir, String alias) {
        return privateKey(dir.resolve(alias + ".p12"), alias, dir.resolve("password"));
    }

    /** The private key of {@code alias} in a PKCS#12 file (a gateway's data/keys/ca.p12, say), for openssl. */
    public static java.security.PrivateKey privateKey(Path keystore, String alias, Path passwordFile) {
        try {
            char[] password = Files.readString(passwordFile).strip().toCharArray();
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(keystore)) {
                store.load(in, password);
            }
            return (java.security.PrivateKey) store.getKey(alias, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A private key as PKCS#8 PEM ("PRIVATE KEY"), as openssl reads it. */
    public static String pem(java.security.PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** PEM text of certificates, keys, anything JcaPEMWriter writes. */
    public static String pem(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    @Override
    public void close() {
        try {
            node.close();
        } catch (Exception e) {
            throw new IllegalStateException("The CA node did not stop: " + e.getMessage(), e);
        }
    }
}
