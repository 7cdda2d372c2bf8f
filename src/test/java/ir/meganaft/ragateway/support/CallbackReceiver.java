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
        this.url = "http://127.0.0.1:" + port + path;
        this.endpoint = Endpoint.publish(url, receiver);
    }

    public static CallbackReceiver start() {
        return startOn(RunningGateway.freePort());
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
        return received().stream().filter(n -> n.getRequestId().equals(requestId)).toList();
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

    @WebService(endpointInterface = "ir.meganaft.ragateway.contract.notification.CertificateNotificationPortType",
            serviceName = "CertificateNotification", portName = "CertificateNotificationSoap11Port",
            targetNamespace = "http://ra.meganaft.ir/gateway/notification/v1")
    public static final class Receiver implements CertificateNotificationPortType {
        final List<RequestChangeNotification> received = new CopyOnWriteArrayList<>();
        final Set<String> seen = ConcurrentHashMap.newKeySet();
        final AtomicBoolean up = new AtomicBoolean(true);
        final AtomicInteger refused = new AtomicInteger();
        final AtomicLong delayMillis = new AtomicLong();

        @Override
        public RequestChangeAcknowledgement notifyRequestChange(RequestChangeNotification notification) throws GatewayFault {
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
