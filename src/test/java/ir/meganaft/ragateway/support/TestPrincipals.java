package ir.meganaft.ragateway.support;

import ir.meganaft.ragateway.security.TlsContexts;
import ir.meganaft.ragateway.soap.StatedIdentities;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.transport.http.HTTPConduit;

/**
 * The tests' callers (issue 12): every principal the test gateways know, with the development
 * client certificate the gateway made for it on its first start, and SOAP clients that present it
 * in real TLS handshakes.
 * <p>
 * {@link #clientNamedInMessage} gives a port that presents, for each call, the certificate of
 * whoever the message names (its systemId, officerId or adminId), so that tests written when
 * identities were strings in the body still act as those principals, now authenticated. Tests of
 * the trust rules themselves use {@link #client} with one principal.
 */
public final class TestPrincipals {
    /** Back-office systems and their companies. */
    public static final Map<String, String> SYSTEMS = Map.of(
            Requests.SYSTEM,
            "NIOC",
            "NIOC-DRILLING",
            "NIOC",
            "NIDC-ERP",
            "NIDC",
            "ONLY-PREFIXES",
            "TEST",
            "OTHER-SYSTEM",
            "OTHER");

    public static final String RELYING_PARTY = "test-relying-party";
    private static final String O = ",O=MegaNaft Tests,C=IR";

    private TestPrincipals() {}

    /** The settings that configure the test principals, each mapped by a subject the tests' gateway makes a certificate for. */
    public static Map<String, String> settings(Map<String, String> officersAndRoles, String admin) {
        Map<String, String> out = new java.util.HashMap<>();
        SYSTEMS.forEach((id, company) -> {
            out.put("gateway.systems." + id + ".company", company);
            out.put("gateway.systems." + id + ".certificate", "subject:" + subject("system", id));
        });
        officersAndRoles.forEach((id, roles) -> {
            out.put("gateway.officers." + id + ".roles", roles);
            out.put("gateway.officers." + id + ".certificate", "subject:" + subject("officer", id));
        });
        out.put("gateway.admins." + admin + ".certificate", "subject:" + subject("admin", admin));
        out.put(
                "gateway.relying-parties." + RELYING_PARTY + ".certificate",
                "subject:" + subject("relying-party", RELYING_PARTY));
        return out;
    }

    /** The subject DN the tests map a principal by: kind-id names a principal, e.g. officer-test-intake. */
    public static String subject(String kind, String id) {
        return "CN=" + id + ",OU=Test " + kind + "s" + O;
    }

    /** The file name the gateway gave a principal's development certificate: "system-NIOC-HR", "officer-test-intake". */
    public static String system(String id) {
        return "system-" + id;
    }

    public static String officer(String id) {
        return "officer-" + id;
    }

    public static String admin(String id) {
        return "admin-" + id;
    }

    public static String relyingParty(String id) {
        return "relying-party-" + id;
    }

    /** The TLS context of one principal of the gateway whose data directory is {@code dataDir}. */
    public static SSLContext tls(Path dataDir, String principal) {
        Path tlsDir = dataDir.resolve("tls");
        char[] password;
        try {
            password = Files.readString(tlsDir.resolve("password"), StandardCharsets.US_ASCII)
                    .strip()
                    .toCharArray();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "No client certificate for " + principal + " in " + tlsDir + ": " + e.getMessage(), e);
        }
        return TlsContexts.caller(tlsDir.resolve("clients").resolve(principal + ".p12"), password, gatewayCa(tlsDir));
    }

    /** A TLS context that trusts the gateway's server certificate and presents no client certificate. */
    public static SSLContext anonymous(Path dataDir) {
        return context(dataDir.resolve("tls"), null);
    }

    /**
     * A TLS context presenting any key and certificate chain the test made itself (expired, foreign...),
     * whatever CAs the server names in its CertificateRequest: the JDK's own key manager would
     * present nothing rather than a certificate of another CA, while curl or a misconfigured client
     * sends what it is given.
     */
    public static SSLContext presenting(Path dataDir, java.security.PrivateKey key, X509Certificate... chain) {
        javax.net.ssl.X509ExtendedKeyManager always = new javax.net.ssl.X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
                return new String[] {"client"};
            }

            @Override
            public String chooseClientAlias(
                    String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                return "client";
            }

            @Override
            public String chooseEngineClientAlias(
                    String[] keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
                return "client";
            }

            @Override
            public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return chain.clone();
            }

            @Override
            public java.security.PrivateKey getPrivateKey(String alias) {
                return key;
            }
        };
        return context(dataDir.resolve("tls"), new javax.net.ssl.KeyManager[] {always});
    }

    private static SSLContext context(Path tlsDir, javax.net.ssl.KeyManager[] keyManagers) {
        try {
            return TlsContexts.presenting(keyManagers, gatewayCa(tlsDir));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The gateway's CA chain, from {@code <data>/tls/ca.pem}: what its TLS server certificate chains to. */
    private static java.util.Collection<? extends Certificate> gatewayCa(Path tlsDir) {
        try (InputStream in = Files.newInputStream(tlsDir.resolve("ca.pem"))) {
            return java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the gateway's CA from " + tlsDir + ": " + e.getMessage(), e);
        }
    }

    /** A java.net.http client that presents {@code principal}'s certificate. */
    public static HttpClient httpClient(Path dataDir, String principal) {
        return HttpClient.newBuilder()
                .sslContext(tls(dataDir, principal))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** A generated client port at {@code address} that presents {@code tls}. */
    public static <T> T client(T port, String address, SSLContext tls) {
        ((jakarta.xml.ws.BindingProvider) port)
                .getRequestContext()
                .put(jakarta.xml.ws.BindingProvider.ENDPOINT_ADDRESS_PROPERTY, address);
        Client client = ClientProxy.getClient(port);
        TLSClientParameters parameters = new TLSClientParameters();
        parameters.setSslContext(tls);
        ((HTTPConduit) client.getConduit()).setTlsClientParameters(parameters);
        return port;
    }

    /**
     * A port whose every call presents the certificate of the principal the message names
     * (header/caller/systemId, caller/systemId, officer/officerId, admin/adminId,
     * byClientRequestId/callerSystemId), or {@code fallback}'s when it names none.
     */
    @SuppressWarnings("unchecked")
    public static <T> T clientNamedInMessage(
            Class<T> type, Supplier<T> newPort, String address, Path dataDir, String fallback) {
        Map<String, T> byPrincipal = new ConcurrentHashMap<>();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(byPrincipal, args);
            }
            String principal = args == null || args.length == 0 ? fallback : named(args[0], fallback);
            T port = byPrincipal.computeIfAbsent(principal, p -> client(newPort.get(), address, tls(dataDir, p)));
            try {
                return method.invoke(port, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static String named(Object message, String fallback) {
        String system = StatedIdentities.systemId(message);
        if (system == null) {
            system = StatedIdentities.callerSystemId(message);
        }
        if (system != null) {
            return system(system);
        }
        String officer = StatedIdentities.officerId(message);
        if (officer != null) {
            return officer(officer);
        }
        String admin = StatedIdentities.adminId(message);
        return admin != null ? admin(admin) : fallback;
    }
}
