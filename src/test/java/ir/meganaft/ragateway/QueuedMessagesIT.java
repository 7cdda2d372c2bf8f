package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.officer.OfficerServicePortType;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.TestPrincipals;
import ir.meganaft.ragateway.support.Walk;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.handler.MessageContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a caller sends over HTTP stays at the SOAP edge: the messages the gateway puts on the broker
 * (and so into its journal) carry only the properties the gateway sets, never a caller's headers.
 */
class QueuedMessagesIT {
    /**
     * What a careless or hostile caller adds to its HTTP request: credentials, a cookie, proxy
     * headers, a custom header, and headers named like the gateway's own and like JMS headers.
     */
    private static final Map<String, List<String>> CALLER_HEADERS = callerHeaders();
    /** The properties the gateway itself sets on a vetting or issuance message. */
    private static final Set<String> GATEWAY_PROPERTIES = Set.of("_AMQ_DUPL_ID", "requestId");
    /** Properties the JMS client and Artemis add to every message (JMS-defined and Artemis-internal). */
    private static final List<String> SYSTEM_PREFIXES = List.of("JMSX", "JMS_", "_AMQ_", "__AMQ_");

    @TempDir
    Path data;

    @Test
    void a_submission_queued_for_vetting_carries_none_of_the_callers_http_headers() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(data)) {
            gateway.camel().getRouteController().stopRoute("automatic-vetting");
            RegistrationServicePortType registration = TestPrincipals.clientNamedInMessage(
                    RegistrationServicePortType.class,
                    () -> withCallerHeaders(new ir.meganaft.ragateway.contract.registration.RegistrationService()
                            .getRegistrationServiceSoap11Port()),
                    gateway.url("/ra/RegistrationService"),
                    gateway.dataDir(),
                    TestPrincipals.system(Requests.SYSTEM));

            String id = registration
                    .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), TestCsrs.rsa(2048)))
                    .getRequestId();

            Message queued = awaitMessage(gateway, "ra.vetting", id);
            assertCarriesOnlyTheGatewaysProperties(queued);
            assertThat(queued.getStringProperty("_AMQ_DUPL_ID")).isEqualTo("vetting:" + id);
        }
    }

    @Test
    void an_approval_queued_for_issuance_carries_none_of_the_callers_http_headers() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(data, Map.of("gateway.issuance.auto-startup", "false"))) {
            RegistrationServicePortType registration = TestPrincipals.clientNamedInMessage(
                    RegistrationServicePortType.class,
                    () -> withCallerHeaders(new ir.meganaft.ragateway.contract.registration.RegistrationService()
                            .getRegistrationServiceSoap11Port()),
                    gateway.url("/ra/RegistrationService"),
                    gateway.dataDir(),
                    TestPrincipals.system(Requests.SYSTEM));
            OfficerServicePortType officer = TestPrincipals.clientNamedInMessage(
                    OfficerServicePortType.class,
                    () -> withCallerHeaders(
                            new ir.meganaft.ragateway.contract.officer.OfficerService().getOfficerServiceSoap11Port()),
                    gateway.url("/ra/OfficerService"),
                    gateway.dataDir(),
                    TestPrincipals.officer(RunningGateway.REGISTRAR));
            String id = registration
                    .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), TestCsrs.rsa(2048)))
                    .getRequestId();
            new Walk(registration, officer).vet(id);

            officer.approveRequest(Requests.approve(id));

            Message queued = awaitMessage(gateway, "ra.issuance", id);
            assertCarriesOnlyTheGatewaysProperties(queued);
            assertThat(queued.getStringProperty("_AMQ_DUPL_ID")).isEqualTo("issuance:" + id);
        }
    }

    private static void assertCarriesOnlyTheGatewaysProperties(Message message) throws Exception {
        List<String> names = Collections.list(message.getPropertyNames()).stream()
                .map(String::valueOf)
                .toList();
        assertThat(names)
                .allSatisfy(name -> assertThat(GATEWAY_PROPERTIES.contains(name)
                                || SYSTEM_PREFIXES.stream().anyMatch(name::startsWith))
                        .as("property %s is neither the gateway's nor the broker's", name)
                        .isTrue());
        List<String> values = new ArrayList<>();
        for (String name : names) {
            values.add(String.valueOf(message.getObjectProperty(name)));
        }
        values.add(message.getJMSCorrelationID());
        values.add(message.getJMSType());
        values.add(String.valueOf(message.getJMSReplyTo()));
        for (List<String> sent : CALLER_HEADERS.values()) {
            for (String value : sent) {
                assertThat(values)
                        .as("a caller's header value reached the broker")
                        .noneMatch(v -> v != null && v.contains(value));
            }
        }
    }

    private static Message awaitMessage(RunningGateway gateway, String queue, String requestId) {
        ConnectionFactory jms =
                gateway.camel().getRegistry().lookupByNameAndType("jmsConnectionFactory", ConnectionFactory.class);
        return await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> browse(jms, queue, requestId), m -> m != null);
    }

    /** The message waiting on {@code queue} for the request, browsed (it stays on the queue), or null. */
    private static Message browse(ConnectionFactory jms, String queue, String requestId) throws Exception {
        try (JMSContext context = jms.createContext()) {
            for (Object next : Collections.list(
                    context.createBrowser(context.createQueue(queue)).getEnumeration())) {
                Message message = (Message) next;
                if (requestId.equals(message.getBody(String.class))) {
                    return message;
                }
            }
            return null;
        }
    }

    private static <T> T withCallerHeaders(T port) {
        ((BindingProvider) port).getRequestContext().put(MessageContext.HTTP_REQUEST_HEADERS, CALLER_HEADERS);
        return port;
    }

    private static Map<String, List<String>> callerHeaders() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Authorization", List.of("Basic aW50YWtlOnMzY3IzdC1wYXNzd29yZA=="));
        headers.put("Cookie", List.of("JSESSIONID=caller-session-7f3a"));
        headers.put("X-Forwarded-For", List.of("203.0.113.77"));
        headers.put("X-Caller-Trace", List.of("caller-trace-5d1e"));
        headers.put("requeue", List.of(":caller-chosen-suffix"));
        headers.put("outboxId", List.of("caller-outbox-id"));
        headers.put("JMSXGroupID", List.of("caller-group"));
        headers.put("JMSCorrelationID", List.of("caller-correlation"));
        headers.put("JMSType", List.of("caller-type"));
        return Collections.unmodifiableMap(headers);
    }
}
