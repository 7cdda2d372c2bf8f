package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.contract.cpmis.CpmisUserServicePortType;
import ir.meganaft.ragateway.contract.cpmis.DisableCertificateRequest;
import ir.meganaft.ragateway.contract.cpmis.GatewayFault;
import ir.meganaft.ragateway.contract.cpmis.RegisterCertificateUserRequest;
import ir.meganaft.ragateway.cpmis.CpmisClient;
import ir.meganaft.ragateway.cpmis.CpmisDisableCall;
import ir.meganaft.ragateway.cpmis.CpmisRegistrationCall;
import java.time.Duration;

/**
 * Speaks the gateway's ASSUMED CPMIS contract (wsdl/cpmis.wsdl). CPMIS's real contract is not
 * public: replace this class with another {@link CpmisClient} once it is known.
 */
public final class SoapCpmisClient implements CpmisClient {
    private final SoapClients<CpmisUserServicePortType> clients;

    public SoapCpmisClient(Duration timeout) {
        this.clients = new SoapClients<>(CpmisUserServicePortType.class, timeout);
    }

    @Override
    public void register(String address, CpmisRegistrationCall call) {
        RegisterCertificateUserRequest m = new RegisterCertificateUserRequest();
        m.setRequestReference(call.reference());
        m.setUsername(call.username());
        m.setOrganization(call.organization());
        m.setAccessLevel(call.accessLevel());
        m.setNationalCode(call.nationalCode());
        m.setLegalId(call.legalId());
        m.setCertificate(call.certificate());
        m.setSerialNumber(call.serialNumber());
        m.setIssuer(call.issuer());
        m.setSha256Fingerprint(call.sha256Fingerprint());
        m.setNotAfter(call.notAfter());
        try {
            clients.at(address).registerCertificateUser(m);
        } catch (GatewayFault fault) {
            throw refused(fault);
        }
    }

    @Override
    public void disable(String address, CpmisDisableCall call) {
        DisableCertificateRequest m = new DisableCertificateRequest();
        m.setRequestReference(call.reference());
        m.setUsername(call.username());
        m.setSerialNumber(call.serialNumber());
        m.setIssuer(call.issuer());
        m.setReason(call.reason());
        m.setRevokedAt(call.revokedAt());
        try {
            clients.at(address).disableCertificate(m);
        } catch (GatewayFault fault) {
            throw refused(fault);
        }
    }

    private static IllegalStateException refused(GatewayFault fault) {
        return new IllegalStateException(
                "CPMIS refused: " + fault.getFaultInfo().getCode() + " "
                        + fault.getFaultInfo().getMessage(),
                fault);
    }
}
