package ir.meganaft.ragateway.soap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.operations.Buckets;
import ir.meganaft.ragateway.operations.MetricNames;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.service.model.BindingOperationInfo;

/**
 * Per SOAP operation: a latency histogram with the outcome ({@code ra_soap_request_seconds}, service,
 * operation, outcome success or fault) and faults by their code ({@code ra_soap_faults_total}), the
 * code being the one {@link SoapFaultInterceptor} put in the fault. Timed from the first byte read to
 * the answer's send; an operation the message names no one of is {@code unknown}.
 */
public final class SoapMetrics {
    private static final String STARTED = SoapMetrics.class.getName() + ".started";
    private static final String RECORDED = SoapMetrics.class.getName() + ".recorded";
    private final MeterRegistry registry;

    public SoapMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Measures every call to this endpoint. */
    public void attachTo(CxfEndpoint endpoint) {
        endpoint.getInInterceptors().add(new Start());
        endpoint.getOutInterceptors().add(new End(false));
        endpoint.getOutFaultInterceptors().add(new End(true));
    }

    private final class Start extends AbstractPhaseInterceptor<Message> {
        Start() {
            super(Phase.RECEIVE);
        }

        @Override
        public void handleMessage(Message message) {
            message.getExchange().put(STARTED, System.nanoTime());
        }
    }

    private final class End extends AbstractPhaseInterceptor<Message> {
        private final boolean fault;

        End(boolean fault) {
            super(Phase.SEND);
            this.fault = fault;
        }

        @Override
        public void handleMessage(Message message) {
            Exchange exchange = message.getExchange();
            Long started = (Long) exchange.get(STARTED);
            if (started == null || exchange.put(RECORDED, Boolean.TRUE) != null) {
                return;
            }
            String service = exchange.getService() == null
                    ? "unknown"
                    : exchange.getService().getName().getLocalPart();
            BindingOperationInfo operation = exchange.getBindingOperationInfo();
            String name = operation == null ? "unknown" : operation.getName().getLocalPart();
            Timer.builder(MetricNames.SOAP_REQUEST)
                    .description("SOAP requests, by operation and outcome")
                    .tags("service", service, "operation", name, "outcome", fault ? "fault" : "success")
                    .serviceLevelObjectives(Buckets.LATENCY)
                    .register(registry)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            if (fault) {
                FaultCode code = exchange.get(FaultCode.class);
                Counter.builder(MetricNames.SOAP_FAULTS)
                        .description("SOAP faults, by operation and fault code")
                        .tags(
                                "service",
                                service,
                                "operation",
                                name,
                                "code",
                                code == null ? "UNCLASSIFIED" : code.name())
                        .register(registry)
                        .increment();
            }
        }
    }
}
