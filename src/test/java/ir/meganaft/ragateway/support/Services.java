package ir.meganaft.ragateway.support;

import ir.meganaft.ragateway.contract.admin.AdminIdentity;
import ir.meganaft.ragateway.contract.admin.AdminService;
import ir.meganaft.ragateway.contract.admin.AdminServicePortType;
import ir.meganaft.ragateway.contract.cpmisaccount.CpmisAccountService;
import ir.meganaft.ragateway.contract.cpmisaccount.CpmisAccountServicePortType;
import ir.meganaft.ragateway.contract.cpmisaccount.GetCpmisRegistrationRequest;
import ir.meganaft.ragateway.contract.cpmisaccount.RecordCpmisAccountRequest;
import ir.meganaft.ragateway.contract.status.StatusService;
import ir.meganaft.ragateway.contract.status.StatusServicePortType;
import ir.meganaft.ragateway.contract.types.Caller;
import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.request.Revocation;
import ir.meganaft.ragateway.store.CertificateStore;
import jakarta.xml.ws.BindingProvider;
import java.time.Instant;

/** Clients of the status, admin and CPMIS account services, and the store's revocation (issue 4 adds the SOAP one). */
public final class Services {
    public static final String ADMIN = "test-integration-admin";

    private Services() {
    }

    public static StatusServicePortType status(RunningGateway gateway) {
        return at(new StatusService().getStatusServiceSoap11Port(), gateway.url("/ra/StatusService"));
    }

    public static StatusServicePortType statusSoap12(RunningGateway gateway) {
        return at(new StatusService().getStatusServiceSoap12Port(), gateway.url("/ra/soap12/StatusService"));
    }

    public static AdminServicePortType adminSoap12(RunningGateway gateway) {
        return at(new AdminService().getAdminServiceSoap12Port(), gateway.url("/ra/soap12/AdminService"));
    }

    public static CpmisAccountServicePortType cpmisAccountsSoap12(RunningGateway gateway) {
        return at(new CpmisAccountService().getCpmisAccountServiceSoap12Port(), gateway.url("/ra/soap12/CpmisAccountService"));
    }

    public static AdminServicePortType admin(RunningGateway gateway) {
        return at(new AdminService().getAdminServiceSoap11Port(), gateway.url("/ra/AdminService"));
    }

    public static CpmisAccountServicePortType cpmisAccounts(RunningGateway gateway) {
        return at(new CpmisAccountService().getCpmisAccountServiceSoap11Port(), gateway.url("/ra/CpmisAccountService"));
    }

    public static AdminIdentity admin(String id) {
        AdminIdentity admin = new AdminIdentity();
        admin.setAdminId(id);
        return admin;
    }

    /** Inside the industry: the R&D unit's account details, through the system that sent the request. */
    public static RecordCpmisAccountRequest accountFromSystem(String systemId, String requestId, String username,
            String accessLevel) {
        RecordCpmisAccountRequest r = new RecordCpmisAccountRequest();
        Caller caller = new Caller();
        caller.setSystemId(systemId);
        r.setCaller(caller);
        r.setRequestId(requestId);
        r.setUsername(username);
        r.setAccessLevel(accessLevel);
        return r;
    }

    /** Outside the industry: an RA officer records them. */
    public static RecordCpmisAccountRequest accountFromOfficer(String officerId, String requestId, String username,
            String accessLevel) {
        RecordCpmisAccountRequest r = new RecordCpmisAccountRequest();
        r.setOfficer(Requests.officer(officerId));
        r.setRequestId(requestId);
        r.setUsername(username);
        r.setAccessLevel(accessLevel);
        return r;
    }

    public static GetCpmisRegistrationRequest registration(String requestId) {
        GetCpmisRegistrationRequest r = new GetCpmisRegistrationRequest();
        r.setRequestId(requestId);
        return r;
    }

    /** Revokes through CertificateStore.changeStatus, the method issue 4's revoke operation uses. */
    public static void revoke(RunningGateway gateway, String serialNumber, String reason) {
        CertificateStore store = gateway.camel().getRegistry().lookupByNameAndType("certificateStore", CertificateStore.class);
        Instant now = Instant.now();
        if (!store.changeStatus(serialNumber, CertificateStatus.GOOD, CertificateStatus.REVOKED,
                new Revocation(reason, now, null), "test-publisher", now)) {
            throw new IllegalStateException("Certificate " + serialNumber + " was not GOOD");
        }
    }

    private static <T> T at(T port, String address) {
        ((BindingProvider) port).getRequestContext().put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, address);
        return port;
    }
}
