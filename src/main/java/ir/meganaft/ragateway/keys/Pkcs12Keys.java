package ir.meganaft.ragateway.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Loads and writes signing keys in PKCS#12 keystores. */
public final class Pkcs12Keys {
    private Pkcs12Keys() {}

    public static Signer load(Path keystore, String alias, char[] password) {
        if (!Files.isReadable(keystore)) {
            throw new IllegalStateException(
                    "Keystore " + keystore.toAbsolutePath() + " does not exist or is not readable");
        }
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            if (!store.isKeyEntry(alias)) {
                throw new IllegalStateException("Keystore " + keystore + " has no key entry '" + alias + "'; it has "
                        + java.util.Collections.list(store.aliases()));
            }
            PrivateKey key = (PrivateKey) store.getKey(alias, password);
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : store.getCertificateChain(alias)) {
                chain.add((X509Certificate) c);
            }
            return new SoftwareSigner(key, chain);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    "Cannot load key '" + alias + "' from " + keystore + ": " + e.getMessage(), e);
        }
    }

    public static void write(
            Path keystore, String alias, PrivateKey key, List<X509Certificate> chain, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, key, password, chain.toArray(new Certificate[0]));
            Path temporary = keystore.resolveSibling(keystore.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            FilePermissions.createOwnerOnly(temporary);
            try (OutputStream out = Files.newOutputStream(temporary)) {
                store.store(out, password);
            }
            Files.move(temporary, keystore, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot write keystore " + keystore + ": " + e.getMessage(), e);
        }
    }
}
