package ir.meganaft.ragateway.keys;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.security.auth.login.FailedLoginException;

/**
 * A PKCS#11 token opened through a new SunPKCS11 provider instance, logged in with the user PIN.
 * Keys generated through {@link #provider()} are token objects, sensitive and not extractable
 * (docs/stack.md trap 7): they never leave the token; private keys sign and nothing else
 * ({@link GeneratedKeyAttributes}).
 */
public final class Pkcs11Token {
    /** The OU of the self-signed placeholder stored with a new key until its signed chain is imported. */
    public static final String PLACEHOLDER_OU = "key awaiting its certificate";

    private final Provider provider;
    private final KeyStore store;
    private final int generation;
    private final String name;

    private Pkcs11Token(Provider provider, KeyStore store, int generation, String name) {
        this.provider = provider;
        this.store = store;
        this.generation = generation;
        this.name = name;
    }

    /** Opens the token of {@code settings} on the library's current generation and logs in. */
    public static Pkcs11Token open(Pkcs11Settings settings, String purpose) {
        return open(settings, purpose, GeneratedKeyAttributes.unnamed());
    }

    /**
     * Opens the token to generate the key pair {@code alias} through {@link #provider()}: both of its
     * objects are labelled {@code alias} and carry the CKA_ID that the key store then gives the private
     * key and its certificate (see {@link GeneratedKeyAttributes}). Generate one key pair with it.
     */
    public static Pkcs11Token openToGenerate(Pkcs11Settings settings, String alias) {
        return open(settings, "admin", GeneratedKeyAttributes.named(alias));
    }

    private static Pkcs11Token open(Pkcs11Settings settings, String purpose, String generatedKeyAttributes) {
        Pkcs11Library library = Pkcs11Library.of(settings.library());
        String name = settings.tokenName();
        Provider provider;
        int generation;
        synchronized (library) {
            generation = library.generation();
            String slot = settings.byLabel()
                    ? "slot = " + library.slotOf(settings.tokenLabel())
                    : "slotListIndex = " + settings.slotIndex();
            String config = "--name = ragw-" + purpose + "-" + generation + "\n"
                    + "library = " + library.path() + "\n"
                    + slot + "\n"
                    + generatedKeyAttributes;
            try {
                provider = Security.getProvider("SunPKCS11").configure(config);
            } catch (ProviderException | IllegalArgumentException e) {
                throw new IllegalStateException("Cannot open the PKCS#11 " + name + ": " + rootMessage(e), e);
            }
            library.retain(provider);
        }
        char[] pin = settings.pin();
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin);
            return new Pkcs11Token(provider, store, generation, name);
        } catch (IOException e) {
            if (loginRefused(e)) {
                throw new IllegalStateException(
                        "The PKCS#11 " + name + " refused the PIN (" + rootMessage(e) + "); check "
                                + settings.pinEnvironmentVariable() + " or " + settings.pinFile(),
                        e);
            }
            throw new IllegalStateException("Cannot log in to the PKCS#11 " + name + ": " + rootMessage(e), e);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new IllegalStateException(
                    "Cannot open the key store of the PKCS#11 " + name + ": " + rootMessage(e), e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    public Provider provider() {
        return provider;
    }

    public KeyStore keyStore() {
        return store;
    }

    /** The library generation this token was opened on (see {@link Pkcs11Library}). */
    public int generation() {
        return generation;
    }

    public String name() {
        return name;
    }

    public PrivateKey privateKey(String alias) {
        try {
            if (!store.isKeyEntry(alias)) {
                throw new IllegalStateException(
                        "The PKCS#11 " + name + " has no key '" + alias + "' with a certificate; it has "
                                + java.util.Collections.list(store.aliases())
                                + ". Generate it and import its certificate with the key admin tool"
                                + " (docs/hsm.md, the key ceremony)");
            }
            return (PrivateKey) store.getKey(alias, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "Cannot read key '" + alias + "' on the PKCS#11 " + name + ": " + e.getMessage(), e);
        }
    }

    /** The certificate chain stored with the key, leaf first. */
    public List<X509Certificate> chain(String alias) {
        try {
            Certificate[] chain = store.getCertificateChain(alias);
            if (chain == null || chain.length == 0) {
                throw new IllegalStateException("The PKCS#11 " + name + " has no certificate for key '" + alias + "'");
            }
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate c : chain) {
                certificates.add((X509Certificate) c);
            }
            return certificates;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "Cannot read the chain of '" + alias + "' on the PKCS#11 " + name + ": " + e.getMessage(), e);
        }
    }

    private static boolean loginRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FailedLoginException
                    || String.valueOf(t.getMessage()).contains("CKR_PIN_INCORRECT")) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root;
    }
}
