package ir.meganaft.ragateway.keys.admin;

import ir.meganaft.ragateway.keys.HsmHealth;
import ir.meganaft.ragateway.keys.KeySettings;
import ir.meganaft.ragateway.keys.KeySpecs;
import ir.meganaft.ragateway.keys.Pkcs11Signer;
import ir.meganaft.ragateway.keys.Pkcs11Token;
import ir.meganaft.ragateway.keys.SignatureAlgorithms;
import ir.meganaft.ragateway.profile.CertificateDraft;
import ir.meganaft.ragateway.profile.ServiceProfiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The key ceremony on a PKCS#11 token (docs/hsm.md, "The key ceremony"):
 * {@code generate} a CA or RA key pair on the token, {@code csr} for it, {@code import-chain} once
 * it is signed, {@code list} the token's entries and {@code show} which keys the gateway would use.
 * The token and PIN come from the gateway's own settings (config/, {@code RA_GATEWAY_CONFIG},
 * environment), which options can override.
 */
@Command(
        name = "key-admin",
        mixinStandardHelpOptions = true,
        description = "Keys of the MegaNaft RA gateway on a PKCS#11 token (HSM).",
        subcommands = {
            KeyAdmin.Generate.class,
            KeyAdmin.Csr.class,
            KeyAdmin.CertifyRa.class,
            KeyAdmin.ImportChain.class,
            KeyAdmin.ListEntries.class,
            KeyAdmin.Show.class
        })
public final class KeyAdmin {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with errors reported as one line rather than a stack trace. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new KeyAdmin());
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("key-admin: " + e.getMessage());
            return 1;
        });
        return line;
    }

    /** What every subcommand has: the settings options and picocli's view of the command (for its output). */
    abstract static class SubCommand implements Callable<Integer> {
        @Mixin
        Settings settings;

        @Spec
        CommandLine.Model.CommandSpec spec;
    }

    /** Which settings to read and which token to use. */
    static final class Settings {
        @Option(names = "--config", description = "an extra properties file read after config/ and RA_GATEWAY_CONFIG")
        Path config;

        @Option(names = "--home", description = "the gateway's home (default: -Dgateway.home or the working directory)")
        Path home;

        @Option(names = "--library", description = "PKCS#11 library (gateway.keys.pkcs11.library)")
        String library;

        @Option(names = "--token-label", description = "token label (gateway.keys.pkcs11.token-label)")
        String tokenLabel;

        @Option(
                names = "--slot-index",
                description = "slot index when no label is given (gateway.keys.pkcs11.slot-index)")
        Integer slotIndex;

        @Option(
                names = "--pin-file",
                description = "file holding the user PIN, mode 600 (gateway.keys.pkcs11.pin-file)")
        Path pinFile;

        KeySettings keySettings() {
            Path gatewayHome = home != null
                    ? home
                    : Path.of(System.getProperty("gateway.home", "")).toAbsolutePath();
            Properties properties = new Properties();
            try (InputStream defaults = KeyAdmin.class.getResourceAsStream("/config/application.properties")) {
                if (defaults != null) {
                    properties.load(defaults);
                }
                load(properties, gatewayHome.resolve("config/application.properties"));
                String external = System.getenv("RA_GATEWAY_CONFIG");
                if (external != null && !external.isBlank()) {
                    load(properties, Path.of(external));
                }
                if (config != null) {
                    if (!Files.isReadable(config)) {
                        throw new IllegalArgumentException("Cannot read " + config);
                    }
                    load(properties, config);
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read the settings: " + e.getMessage(), e);
            }
            Map<String, String> overrides = new HashMap<>();
            if (library != null) {
                overrides.put("gateway.keys.pkcs11.library", library);
            }
            if (tokenLabel != null) {
                overrides.put("gateway.keys.pkcs11.token-label", tokenLabel);
            }
            if (slotIndex != null) {
                overrides.put("gateway.keys.pkcs11.slot-index", slotIndex.toString());
            }
            if (pinFile != null) {
                overrides.put(
                        "gateway.keys.pkcs11.pin-file", pinFile.toAbsolutePath().toString());
            }
            Path data = gatewayHome.resolve(
                    properties.getProperty("gateway.data-dir", "data").strip());
            return KeySettings.from(
                    key -> Optional.ofNullable(overrides.get(key))
                            .or(() -> Optional.ofNullable(System.getenv(environmentName(key))))
                            .or(() -> Optional.ofNullable(properties.getProperty(key))),
                    gatewayHome,
                    data);
        }

        Pkcs11Token open() {
            return Pkcs11Token.open(keySettings().pkcs11(), "admin");
        }

        /** The token opened to generate the key pair {@code alias} (both objects labelled and identified by it). */
        Pkcs11Token openToGenerate(String alias) {
            return Pkcs11Token.openToGenerate(keySettings().pkcs11(), alias);
        }

        String alias(String key) {
            KeySettings settings = keySettings();
            return switch (key.toLowerCase(Locale.ROOT)) {
                case "ca" -> settings.pkcs12().caAlias();
                case "ra" -> settings.pkcs12().raAlias();
                default -> key;
            };
        }

        private static void load(Properties properties, Path file) throws IOException {
            if (Files.isReadable(file)) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    properties.load(reader);
                }
            }
        }

        /** As Camel Main maps them: gateway.keys.ca.source -> GATEWAY_KEYS_CA_SOURCE. */
        private static String environmentName(String key) {
            return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }
    }

    @Command(
            name = "generate",
            description = "Generate a key pair on the token (private key sensitive, not extractable, "
                    + "for signing only; private and public key labelled with the key's name and sharing one CKA_ID).")
    static final class Generate extends SubCommand {
        @Option(
                names = "--key",
                required = true,
                description = "ca, ra, or any other name for the key (ASCII letters, digits, '.', '_', '-')")
        String key;

        @Option(
                names = "--algorithm",
                defaultValue = "RSA-3072",
                description = "RSA-2048, RSA-3072, RSA-4096, EC-P256, EC-P384, EC-P521 (default ${DEFAULT-VALUE})")
        String algorithm;

        @Override
        public Integer call() throws Exception {
            String alias = settings.alias(key);
            Pkcs11Token token = settings.openToGenerate(alias);
            KeyStore store = token.keyStore();
            if (store.containsAlias(alias)) {
                throw new IllegalStateException("The " + token.name() + " already has an entry '" + alias
                        + "'; a key is never overwritten (delete it with the HSM's own tools if that is intended)");
            }
            KeyPair pair = KeySpecs.generate(algorithm, token.provider());
            X500Name name =
                    new X500Name("CN=" + alias + ",OU=" + Pkcs11Token.PLACEHOLDER_OU + ",O=MegaNaft RA gateway");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name,
                    new BigInteger(64, new SecureRandom()),
                    Date.from(now),
                    Date.from(now.plus(Duration.ofDays(30))),
                    name,
                    pair.getPublic());
            X509Certificate placeholder = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(signer(token, pair.getPrivate(), pair.getPublic())));
            store.setKeyEntry(alias, pair.getPrivate(), null, new Certificate[] {placeholder});
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Generated %s key '%s' on the %s.%n", algorithm, alias, token.name());
            out.printf("Next: key-admin csr --key %s --subject \"CN=...\" --out %s.csr%n", key, alias);
            return 0;
        }
    }

    @Command(name = "csr", description = "Write a PKCS#10 request for a key on the token, signed by the token.")
    static final class Csr extends SubCommand {
        @Option(names = "--key", required = true)
        String key;

        @Option(names = "--subject", required = true, description = "e.g. \"CN=MegaNaft Issuing CA,O=MegaNaft,C=IR\"")
        String subject;

        @Option(names = "--out", required = true, description = "the PEM file to write")
        Path out;

        @Override
        public Integer call() throws Exception {
            String alias = settings.alias(key);
            Pkcs11Token token = settings.open();
            PrivateKey privateKey = token.privateKey(alias);
            X509Certificate current = token.chain(alias).get(0);
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                            new X500Name(subject), current.getPublicKey())
                    .build(signer(token, privateKey, current.getPublicKey()));
            try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(out, StandardCharsets.US_ASCII))) {
                writer.writeObject(csr);
            }
            spec.commandLine().getOut().printf("Wrote the CSR of key '%s' (%s) to %s.%n", alias, subject, out);
            return 0;
        }
    }

    @Command(
            name = "certify-ra",
            description = "Issue the RA's certificate (EKU id-kp-cmcRA) from its CSR with the CA key "
                    + "on the token, and write the RA's chain (RA, CA, ..., root) ready for import-chain.")
    static final class CertifyRa extends SubCommand {
        @Option(names = "--csr", required = true, description = "the RA's CSR (PEM)")
        Path csrFile;

        @Option(names = "--out", required = true, description = "the RA's chain to write (PEM, leaf first)")
        Path out;

        @Option(
                names = "--days",
                defaultValue = "1095",
                description = "validity, at most the CA's (default ${DEFAULT-VALUE})")
        int days;

        @Override
        public Integer call() throws Exception {
            KeySettings keys = settings.keySettings();
            PKCS10CertificationRequest csr;
            try (Reader reader = Files.newBufferedReader(csrFile, StandardCharsets.US_ASCII);
                    PEMParser parser = new PEMParser(reader)) {
                csr = (PKCS10CertificationRequest) parser.readObject();
            }
            if (csr == null) {
                throw new IllegalArgumentException(csrFile + " holds no CSR");
            }
            PublicKey raKey = new JcaPKCS10CertificationRequest(csr).getPublicKey();
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(raKey))) {
                throw new IllegalArgumentException("The signature of the CSR " + csrFile + " does not verify");
            }
            Pkcs11Signer ca = Pkcs11Signer.open(
                    "ca", keys.pkcs12().caAlias(), keys.pkcs11(), keys.caChainFile(), new HsmHealth(Clock.systemUTC()));
            X509Certificate caCertificate = ca.certificate();
            // the RA certificate's profile, the one the development keys use too: digitalSignature, id-kp-cmcRA,
            // never past the CA's own certificate
            CertificateDraft draft = ServiceProfiles.raCertificate(Duration.ofDays(days))
                    .shape(new CertificateDraft(
                            caCertificate, csr.getSubject(), csr.getSubjectPublicKeyInfo(), null, Instant.now()));
            Instant notAfter = draft.notAfter();
            X509Certificate ra = new JcaX509CertificateConverter()
                    .getCertificate(draft.builder(new BigInteger(159, new SecureRandom()))
                            .build(ca.newContentSigner()));
            try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(out, StandardCharsets.US_ASCII))) {
                writer.writeObject(ra);
                for (X509Certificate c : ca.chain()) {
                    writer.writeObject(c);
                }
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Issued the RA certificate %s (until %s) with the CA key; chain written to %s%n",
                            ra.getSubjectX500Principal().getName(), notAfter, out);
            return 0;
        }
    }

    @Command(
            name = "import-chain",
            description = "Store the signed certificate chain (PEM, leaf first) with its key on the token.")
    static final class ImportChain extends SubCommand {
        @Option(names = "--key", required = true)
        String key;

        @Option(names = "--chain", required = true)
        Path chainFile;

        @Override
        public Integer call() throws Exception {
            String alias = settings.alias(key);
            List<X509Certificate> chain = new ArrayList<>();
            try (InputStream in = Files.newInputStream(chainFile)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    chain.add((X509Certificate) c);
                }
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("No certificate in " + chainFile);
            }
            for (int i = 0; i + 1 < chain.size(); i++) {
                try {
                    chain.get(i).verify(chain.get(i + 1).getPublicKey());
                } catch (GeneralSecurityException e) {
                    throw new IllegalArgumentException(
                            "Certificate " + (i + 1) + " of " + chainFile
                                    + " is not signed by the next one: the chain must run leaf first, up to the root",
                            e);
                }
            }
            Pkcs11Token token = settings.open();
            PrivateKey privateKey = token.privateKey(alias);
            if (!token.chain(alias).get(0).getPublicKey().equals(chain.get(0).getPublicKey())) {
                throw new IllegalArgumentException("The first certificate of " + chainFile + " is not for the key '"
                        + alias + "' on the " + token.name());
            }
            token.keyStore().setKeyEntry(alias, privateKey, null, chain.toArray(new Certificate[0]));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Imported %d certificate(s) for key '%s': %s%n",
                            chain.size(),
                            alias,
                            chain.get(0).getSubjectX500Principal().getName());
            return 0;
        }
    }

    @Command(name = "list", description = "List the token's entries: keys with their certificates, and certificates.")
    static final class ListEntries extends SubCommand {

        @Override
        public Integer call() throws Exception {
            Pkcs11Token token = settings.open();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s%n", token.name());
            KeyStore store = token.keyStore();
            List<String> aliases = Collections.list(store.aliases());
            Collections.sort(aliases);
            for (String alias : aliases) {
                out.println(describe(store, alias));
            }
            if (aliases.isEmpty()) {
                out.println("  (no entries)");
            }
            return 0;
        }
    }

    @Command(name = "show", description = "Show which CA and RA keys the gateway would use with the current settings.")
    static final class Show extends SubCommand {

        @Override
        public Integer call() throws Exception {
            KeySettings keys = settings.keySettings();
            PrintWriter out = spec.commandLine().getOut();
            Pkcs11Token token = null;
            for (String which : List.of("ca", "ra")) {
                boolean ca = which.equals("ca");
                String source = ca ? keys.caSource() : keys.raSource();
                String alias = ca ? keys.pkcs12().caAlias() : keys.pkcs12().raAlias();
                if (KeySettings.PKCS12.equals(source)) {
                    out.printf(
                            "%s: key '%s' in the PKCS#12 keystore %s%n",
                            which,
                            alias,
                            ca ? keys.pkcs12().caKeystore() : keys.pkcs12().raKeystore());
                    continue;
                }
                Path chainFile = ca ? keys.caChainFile() : keys.raChainFile();
                out.printf(
                        "%s: key '%s' on the PKCS#11 %s; chain from %s%n",
                        which, alias, keys.pkcs11().tokenName(), chainFile == null ? "the token" : chainFile);
                if (token == null) {
                    token = Pkcs11Token.open(keys.pkcs11(), "admin");
                }
                out.println(describe(token.keyStore(), alias));
            }
            return 0;
        }
    }

    private static String describe(KeyStore store, String alias) throws GeneralSecurityException {
        if (!store.containsAlias(alias)) {
            return "  " + alias + ": MISSING on the token";
        }
        Certificate[] chain = store.isKeyEntry(alias)
                ? store.getCertificateChain(alias)
                : new Certificate[] {store.getCertificate(alias)};
        X509Certificate leaf = (X509Certificate) chain[0];
        String subject = leaf.getSubjectX500Principal().getName();
        return String.format(
                "  %s: %s, %s %s, subject %s, valid until %s, chain of %d%s",
                alias,
                store.isKeyEntry(alias) ? "private key" : "certificate",
                leaf.getPublicKey().getAlgorithm(),
                SignatureAlgorithms.forKey(leaf.getPublicKey()),
                subject,
                leaf.getNotAfter().toInstant(),
                chain.length,
                subject.contains(Pkcs11Token.PLACEHOLDER_OU) ? " (PENDING: import its signed chain)" : "");
    }

    private static ContentSigner signer(Pkcs11Token token, PrivateKey key, PublicKey publicKey)
            throws OperatorCreationException {
        return new JcaContentSignerBuilder(SignatureAlgorithms.forKey(publicKey))
                .setProvider(token.provider())
                .build(key);
    }
}
