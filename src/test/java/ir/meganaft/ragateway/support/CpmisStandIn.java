package ir.meganaft.ragateway.support;

import ir.meganaft.ragateway.contract.cpmis.CpmisUserServicePortType;
import ir.meganaft.ragateway.contract.cpmis.DisableCertificateRequest;
import ir.meganaft.ragateway.contract.cpmis.DisableCertificateResponse;
import ir.meganaft.ragateway.contract.cpmis.GatewayFault;
import ir.meganaft.ragateway.contract.cpmis.RegisterCertificateUserRequest;
import ir.meganaft.ragateway.contract.cpmis.RegisterCertificateUserResponse;
import ir.meganaft.ragateway.contract.types.GatewayFaultDetail;
import jakarta.jws.WebService;
import jakarta.xml.ws.Endpoint;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A CPMIS stand-in: a real CXF SOAP server on a loopback port implementing the gateway's assumed
 * CPMIS contract (wsdl/cpmis.wsdl). It keeps registrations and disablements by reference (a
 * repeat is treated as done, as the contract asks) and can be made to fail.
 */
public final class CpmisStandIn implements AutoCloseable {
    private final Endpoint endpoint;
    private final String url;
    private final Cpmis cpmis = new Cpmis();

    public CpmisStandIn() {
        Object[] published = RunningGateway.onAFreePort(port -> {
            String address = "http://127.0.0.1:" + port + "/cpmis/CertificateUsers";
            return new Object[] {address, Endpoint.publish(address, cpmis)};
        });
        this.url = (String) published[0];
        this.endpoint = (Endpoint) published[1];
    }

    public String url() {
        return url;
    }

    public List<RegisterCertificateUserRequest> registrationsFor(String serialNumber) {
        return cpmis.registrations.values().stream()
                .filter(r -> r.getSerialNumber().equals(serialNumber))
                .toList();
    }

    public List<DisableCertificateRequest> disablementsFor(String serialNumber) {
        return cpmis.disablements.values().stream()
                .filter(r -> r.getSerialNumber().equals(serialNumber))
                .toList();
    }

    public int refused() {
        return cpmis.refused.get();
    }

    public void failing(boolean failing) {
        cpmis.failing.set(failing);
    }

    @Override
    public void close() {
        endpoint.stop();
    }

    @WebService(
            endpointInterface = "ir.meganaft.ragateway.contract.cpmis.CpmisUserServicePortType",
            serviceName = "CpmisUserService",
            portName = "CpmisUserServiceSoap11Port",
            targetNamespace = "http://ra.meganaft.ir/gateway/cpmis/v1")
    public static final class Cpmis implements CpmisUserServicePortType {
        final Map<String, RegisterCertificateUserRequest> registrations = new ConcurrentHashMap<>();
        final Map<String, DisableCertificateRequest> disablements = new ConcurrentHashMap<>();
        final AtomicBoolean failing = new AtomicBoolean();
        final AtomicInteger refused = new AtomicInteger();

        @Override
        public RegisterCertificateUserResponse registerCertificateUser(RegisterCertificateUserRequest request)
                throws GatewayFault {
            refuseWhenFailing();
            registrations.putIfAbsent(request.getRequestReference(), request);
            RegisterCertificateUserResponse response = new RegisterCertificateUserResponse();
            response.setRequestReference(request.getRequestReference());
            return response;
        }

        @Override
        public DisableCertificateResponse disableCertificate(DisableCertificateRequest request) throws GatewayFault {
            refuseWhenFailing();
            disablements.putIfAbsent(request.getRequestReference(), request);
            DisableCertificateResponse response = new DisableCertificateResponse();
            response.setRequestReference(request.getRequestReference());
            return response;
        }

        private void refuseWhenFailing() throws GatewayFault {
            if (failing.get()) {
                refused.incrementAndGet();
                GatewayFaultDetail detail = new GatewayFaultDetail();
                detail.setCode("INTERNAL_ERROR");
                detail.setMessage("CPMIS is under maintenance");
                throw new GatewayFault("CPMIS is under maintenance", detail);
            }
        }
    }
}
