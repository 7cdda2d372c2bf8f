package ir.meganaft.ragateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/** The TLS contexts of the gateway: its server side (SOAP ports) and its client side (callbacks). */
public final class TlsContexts {
    /** TLS 1.2 and 1.3 only. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {}

    /**
     * The SOAP ports' context: the gateway's key and certificate from {@code keystore}, and a
     * client-certificate check that only asks for one. The handshake proves that the client holds
     * the key of the certificate it presents; whether that certificate is trusted, current,
     * unrevoked and mapped is decided by {@link CallerResolver} at the SOAP edge, so that each
     * refusal gets its own fault code. {@code acceptedIssuers} are named in the CertificateRequest
     * so that clients with several certificates pick a fitting one.
     */
    public static SSLContext server(Path keystore, char[] password, List<X509Certificate> acceptedIssuers) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    keyManagers(keystore, password),
                    new TrustManager[] {new PresentedClientCertificates(acceptedIssuers)},
                    null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(
                    "Cannot use " + keystore + " as the gateway's TLS keystore: " + e.getMessage(), e);
        }
    }

    /**
     * The context for the gateway's own calls (callbacks): it presents the gateway's certificate
     * when a receiver asks for one, and trusts the JDK's CAs and the gateway's own CA chain.
     */
    public static SSLContext client(Path keystore, char[] password, List<X509Certificate> ownChain) {
        try {
            List<java.security.cert.Certificate> trusted = new ArrayList<>();
            TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jdk.init((KeyStore) null);
            for (TrustManager m : jdk.getTrustManagers()) {
                if (m instanceof X509TrustManager x) {
                    trusted.addAll(List.of(x.getAcceptedIssuers()));
                }
            }
            trusted.addAll(ownChain);
            return presenting(keyManagers(keystore, password), trusted);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(
                    "Cannot build the callbacks' TLS context from " + keystore + ": " + e.getMessage(), e);
        }
    }

    /**
     * A client's context that presents the key and certificate of a PKCS#12 file and trusts only
     * {@code trusted} (a caller of the gateway: the dead-letters command line, the tests' clients).
     */
    public static SSLContext caller(
            Path keystore, char[] password, Collection<? extends java.security.cert.Certificate> trusted) {
        try {
            return presenting(keyManagers(keystore, password), trusted);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(
                    "Cannot use " + keystore + " as a client certificate: " + e.getMessage(), e);
        }
    }

    /** A context presenting {@code keys} (none: no client certificate) and trusting only {@code trusted}. */
    public static SSLContext presenting(
            javax.net.ssl.KeyManager[] keys, Collection<? extends java.security.cert.Certificate> trusted)
            throws GeneralSecurityException, IOException {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        int i = 0;
        for (java.security.cert.Certificate c : trusted) {
            anchors.setCertificateEntry("trusted-" + i++, c);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust.getTrustManagers(), null);
        return context;
    }

    private static javax.net.ssl.KeyManager[] keyManagers(Path keystore, char[] password)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        return keys.getKeyManagers();
    }

    /** Asks for a client certificate and takes whatever is presented; see {@link #server}. */
    static final class PresentedClientCertificates extends X509ExtendedTrustManager {
        private final X509Certificate[] issuers;

        PresentedClientCertificates(List<X509Certificate> issuers) {
            this.issuers = new ArrayList<>(issuers).toArray(X509Certificate[]::new);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("No client certificate");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("This context serves; it does not connect");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return issuers.clone();
        }
    }
}
