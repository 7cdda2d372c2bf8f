package ir.meganaft.ragateway.wiring;

import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.security.CallerResolver;
import ir.meganaft.ragateway.security.ClientCertificates;
import ir.meganaft.ragateway.security.DevelopmentTls;
import ir.meganaft.ragateway.security.Principals;
import ir.meganaft.ragateway.security.TlsContexts;
import ir.meganaft.ragateway.store.CertificateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import org.apache.camel.PropertyInject;

/**
 * Who calls (issue 12): the principals from config/ (gateway.systems|officers|admins|relying-parties.*),
 * client certificates checked against the CA's own status and the configured foreign anchors, and
 * the gateway's TLS contexts: serving the SOAP ports, and presenting its certificate on callbacks.
 */
public final class CallersRoom {
    @PropertyInject("gateway.http.host")
    private String httpHost;

    @PropertyInject(value = "gateway.http.public-url", defaultValue = "")
    private String publicUrl;

    @PropertyInject(value = "gateway.tls.keystore", defaultValue = "")
    private String tlsKeystore;

    @PropertyInject(value = "gateway.tls.password-file", defaultValue = "")
    private String tlsPasswordFile;

    @PropertyInject(value = "gateway.tls.password-env", defaultValue = "")
    private String tlsPasswordEnv;

    @PropertyInject("gateway.tls.development-certificates")
    private boolean tlsDevelopmentCertificates;

    /** The principals, the resolver the SOAP edge asks, and the TLS contexts. */
    public record Callers(Principals principals, CallerResolver resolver, SSLContext serverTls, SSLContext clientTls) {}

    public Callers wire(Boot boot, KeysRoom.Keys keys, CertificateStore certificates) throws Exception {
        Principals principals = Principals.fromSettings(
                boot.settings("gateway.systems."),
                boot.settings("gateway.officers."),
                boot.settings("gateway.admins."),
                boot.settings("gateway.relying-parties."));
        ClientCertificates clientCertificates = new ClientCertificates(
                keys.ca().certificate(),
                c -> certificates
                        .status(c.getSerialNumber())
                        .map(status -> status != CertificateStatus.GOOD)
                        .orElse(false),
                clientAnchors(boot),
                boot.clock());
        CallerResolver resolver = new CallerResolver(clientCertificates, principals);
        Path keystore;
        char[] password;
        if (tlsKeystore.isBlank()) {
            if (!tlsDevelopmentCertificates) {
                throw new IllegalStateException(
                        "gateway.tls.keystore is not set and gateway.tls.development-certificates is "
                                + "false: the SOAP ports need the gateway's TLS key and certificate");
            }
            // development only: made when missing, with a client certificate per subject-mapped principal
            DevelopmentTls development = new DevelopmentTls(boot.data().resolve("tls"), keys.ca(), boot.clock());
            password = development.createMissing(developmentHosts(), principals);
            keystore = development.serverKeystore();
        } else {
            keystore = boot.resolve(tlsKeystore);
            password = keystorePassword(boot);
        }
        return new Callers(
                principals,
                resolver,
                TlsContexts.server(keystore, password, clientCertificates.anchors()),
                TlsContexts.client(keystore, password, keys.ca().chain()));
    }

    /** The names the development server certificate carries: loopback, the listening host, the public one. */
    private List<String> developmentHosts() {
        Set<String> hosts = new LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
        if (!httpHost.startsWith("0.") && !httpHost.equals("::") && !httpHost.isBlank()) {
            hosts.add(httpHost);
        }
        if (!publicUrl.isBlank()) {
            hosts.add(java.net.URI.create(publicUrl.strip()).getHost());
        }
        return List.copyOf(hosts);
    }

    private char[] keystorePassword(Boot boot) throws java.io.IOException {
        String fromEnvironment = tlsPasswordEnv.isBlank() ? null : System.getenv(tlsPasswordEnv);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment.toCharArray();
        }
        if (!tlsPasswordFile.isBlank()) {
            return Files.readString(boot.resolve(tlsPasswordFile)).strip().toCharArray();
        }
        throw new IllegalStateException(
                "The TLS keystore's password: set " + tlsPasswordEnv + " or gateway.tls.password-file");
    }

    /** gateway.tls.client-anchors.<name>.certificate and .crl: trust anchors for client certificates besides the CA. */
    private static List<ClientCertificates.ForeignAnchor> clientAnchors(Boot boot) {
        Map<String, String> settings = boot.settings("gateway.tls.client-anchors.");
        Set<String> names = new TreeSet<>();
        for (String key : settings.keySet()) {
            int dot = key.lastIndexOf('.');
            String field = dot < 0 ? "" : key.substring(dot + 1);
            if (dot < 0 || !(field.equals("certificate") || field.equals("crl"))) {
                throw new IllegalArgumentException("Setting gateway.tls.client-anchors." + key
                        + " is not understood: expected " + "gateway.tls.client-anchors.<name>.certificate | crl");
            }
            names.add(key.substring(0, dot));
        }
        List<ClientCertificates.ForeignAnchor> anchors = new ArrayList<>();
        for (String name : names) {
            String certificate = settings.get(name + ".certificate");
            String crl = settings.get(name + ".crl");
            if (certificate == null || crl == null) {
                throw new IllegalArgumentException(
                        "gateway.tls.client-anchors." + name + " needs both .certificate and .crl");
            }
            anchors.add(ClientCertificates.ForeignAnchor.load(name, boot.resolve(certificate), boot.resolve(crl)));
        }
        return anchors;
    }
}
