package ir.meganaft.ragateway.support;

import ir.meganaft.ragateway.contract.notification.CertificateNotificationPortType;
import ir.meganaft.ragateway.contract.notification.GatewayFault;
import ir.meganaft.ragateway.contract.notification.RequestChangeAcknowledgement;
import ir.meganaft.ragateway.contract.notification.RequestChangeNotification;
import ir.meganaft.ragateway.contract.types.GatewayFaultDetail;
import jakarta.jws.WebService;
import jakarta.xml.ws.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A back-office system's callback receiver: a real CXF SOAP server on a loopback port implementing
 * wsdl/CertificateNotification.wsdl. It keeps notifications by id (a repeat is acknowledged, not
 * kept twice, as the contract asks) and can be taken down (it then answers a fault, like a
 * back-office system whose database is away) or slowed (each call takes a while, so a test can
 * catch the gateway in the middle of delivering).
 */
public final class CallbackReceiver implements AutoCloseable {
    private final Endpoint endpoint;
    private final String url;
    private final Receiver receiver = new Receiver();

    private CallbackReceiver(int port, String path) {
        this("http://127.0.0.1:" + port + path);
    }

    private CallbackReceiver(String url) {
        this.url = url;
        this.endpoint = Endpoint.publish(url, receiver);
    }

    /**
     * A receiver over HTTPS that demands a client certificate chaining to {@code trusted}: its own
     * server certificate ({@code key}, {@code chain}, for 127.0.0.1) must be one the gateway trusts.
     * It keeps the subject of each client certificate it was called with.
     */
    public static CallbackReceiver startTls(
            int port,
            java.security.PrivateKey key,
            java.security.cert.X509Certificate[] chain,
            java.util.Collection<java.security.cert.X509Certificate> trusted)
            throws Exception {
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("receiver", key, "x".toCharArray(), chain);
        javax.net.ssl.KeyManagerFactory keyManagers =
                javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "x".toCharArray());
        java.security.KeyStore anchors = java.security.KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        int i = 0;
        for (java.security.cert.X509Certificate c : trusted) {
            anchors.setCertificateEntry("anchor-" + i++, c);
        }
        javax.net.ssl.TrustManagerFactory trust =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        org.apache.cxf.configuration.jsse.TLSServerParameters tls =
                new org.apache.cxf.configuration.jsse.TLSServerParameters();
        tls.setKeyManagers(keyManagers.getKeyManagers());
        tls.setTrustManagers(trust.getTrustManagers());
        org.apache.cxf.configuration.security.ClientAuthentication clientAuth =
                new org.apache.cxf.configuration.security.ClientAuthentication();
        clientAuth.setRequired(true);
        clientAuth.setWant(true);
        tls.setClientAuthentication(clientAuth);
        org.apache.cxf.BusFactory.getDefaultBus()
                .getExtension(org.apache.cxf.transport.http_jetty.JettyHTTPServerEngineFactory.class)
                .setTLSServerParametersForPort(port, tls);
        return new CallbackReceiver("https://127.0.0.1:" + port + "/callbacks");
    }

    /** The subjects of the client certificates presented to this receiver (HTTPS receivers only). */
    public List<String> clientSubjects() {
        return new ArrayList<>(receiver.clientSubjects);
    }

    public static CallbackReceiver start() {
        return RunningGateway.onAFreePort(CallbackReceiver::startOn);
    }

    /** On a port chosen earlier, e.g. an address the gateway was already given, at /callbacks. */
    public static CallbackReceiver startOn(int port) {
        return startAt(port, "/callbacks");
    }

    /** On a port chosen earlier, at the path given (e.g. below a registered prefix). */
    public static CallbackReceiver startAt(int port, String path) {
        return new CallbackReceiver(port, path);
    }

    /** The address of a receiver started with {@link #startOn} on this port. */
    public static String urlOn(int port) {
        return "http://127.0.0.1:" + port + "/callbacks";
    }

    public String url() {
        return url;
    }

    /** Distinct notifications received, in arrival order. */
    public List<RequestChangeNotification> received() {
        return new ArrayList<>(receiver.received);
    }

    public List<RequestChangeNotification> receivedFor(String requestId) {
        return received().stream()
                .filter(n -> n.getRequestId().equals(requestId))
                .toList();
    }

    /** How many calls were refused while down. */
    public int refused() {
        return receiver.refused.get();
    }

    public void down() {
        receiver.up.set(false);
    }

    public void up() {
        receiver.up.set(true);
    }

    /** Each call from now on takes this long before it is handled and answered. */
    public void answerAfter(Duration delay) {
        receiver.delayMillis.set(delay.toMillis());
    }

    @Override
    public void close() {
        endpoint.stop();
    }

    @WebService(
            endpointInterface = "ir.meganaft.ragateway.contract.notification.CertificateNotificationPortType",
            serviceName = "CertificateNotification",
            portName = "CertificateNotificationSoap11Port",
            targetNamespace = "http://ra.meganaft.ir/gateway/notification/v1")
    public static final class Receiver implements CertificateNotificationPortType {
        final List<RequestChangeNotification> received = new CopyOnWriteArrayList<>();
        final Set<String> seen = ConcurrentHashMap.newKeySet();
        final AtomicBoolean up = new AtomicBoolean(true);
        final AtomicInteger refused = new AtomicInteger();
        final AtomicLong delayMillis = new AtomicLong();
        final List<String> clientSubjects = new CopyOnWriteArrayList<>();

        @jakarta.annotation.Resource
        jakarta.xml.ws.WebServiceContext context;

        @Override
        public RequestChangeAcknowledgement notifyRequestChange(RequestChangeNotification notification)
                throws GatewayFault {
            if (context != null
                    && context.getMessageContext().get(org.apache.cxf.security.transport.TLSSessionInfo.class.getName())
                            instanceof org.apache.cxf.security.transport.TLSSessionInfo tls
                    && tls.getPeerCertificates() != null) {
                clientSubjects.add(((java.security.cert.X509Certificate) tls.getPeerCertificates()[0])
                        .getSubjectX500Principal()
                        .getName());
            }
            takeTime();
            if (!up.get()) {
                refused.incrementAndGet();
                GatewayFaultDetail detail = new GatewayFaultDetail();
                detail.setCode("INTERNAL_ERROR");
                detail.setMessage("back office unavailable");
                throw new GatewayFault("back office unavailable", detail);
            }
            if (seen.add(notification.getNotificationId())) {
                received.add(notification);
            }
            RequestChangeAcknowledgement ack = new RequestChangeAcknowledgement();
            ack.setNotificationId(notification.getNotificationId());
            return ack;
        }

        /** The back office's own work: a stand-in's latency, not a test waiting for an outcome. */
        private void takeTime() {
            long millis = delayMillis.get();
            if (millis > 0) {
                try {
                    TimeUnit.MILLISECONDS.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
