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
import java.time.Instant;

/** Clients of the status, admin and CPMIS account services, and the store's revocation (issue 4 adds the SOAP one). */
public final class Services {
    public static final String ADMIN = "test-integration-admin";

    private Services() {}

    /** The status service as the tests' relying party, which sees every certificate's status. */
    public static StatusServicePortType status(RunningGateway gateway) {
        return TestPrincipals.client(
                new StatusService().getStatusServiceSoap11Port(),
                gateway.url("/ra/StatusService"),
                gateway.tls(TestPrincipals.relyingParty(TestPrincipals.RELYING_PARTY)));
    }

    public static StatusServicePortType statusSoap12(RunningGateway gateway) {
        return TestPrincipals.client(
                new StatusService().getStatusServiceSoap12Port(),
                gateway.url("/ra/soap12/StatusService"),
                gateway.tls(TestPrincipals.relyingParty(TestPrincipals.RELYING_PARTY)));
    }

    /** The status service as one principal. */
    public static StatusServicePortType statusAs(RunningGateway gateway, String principal) {
        return TestPrincipals.client(
                new StatusService().getStatusServiceSoap11Port(),
                gateway.url("/ra/StatusService"),
                gateway.tls(principal));
    }

    public static AdminServicePortType adminSoap12(RunningGateway gateway) {
        return TestPrincipals.clientNamedInMessage(
                AdminServicePortType.class,
                () -> new AdminService().getAdminServiceSoap12Port(),
                gateway.url("/ra/soap12/AdminService"),
                gateway.dataDir(),
                TestPrincipals.admin(ADMIN));
    }

    /** The CPMIS account service, as whichever system or officer each message names (Requests.SYSTEM when none). */
    public static CpmisAccountServicePortType cpmisAccountsSoap12(RunningGateway gateway) {
        return TestPrincipals.clientNamedInMessage(
                CpmisAccountServicePortType.class,
                () -> new CpmisAccountService().getCpmisAccountServiceSoap12Port(),
                gateway.url("/ra/soap12/CpmisAccountService"),
                gateway.dataDir(),
                TestPrincipals.system(Requests.SYSTEM));
    }

    /** The admin service presenting one principal's certificate, whatever the message says. */
    public static AdminServicePortType adminAs(RunningGateway gateway, String principal) {
        return TestPrincipals.client(
                new AdminService().getAdminServiceSoap11Port(),
                gateway.url("/ra/AdminService"),
                gateway.tls(principal));
    }

    public static AdminServicePortType adminSoap12As(RunningGateway gateway, String principal) {
        return TestPrincipals.client(
                new AdminService().getAdminServiceSoap12Port(),
                gateway.url("/ra/soap12/AdminService"),
                gateway.tls(principal));
    }

    public static AdminServicePortType admin(RunningGateway gateway) {
        return TestPrincipals.clientNamedInMessage(
                AdminServicePortType.class,
                () -> new AdminService().getAdminServiceSoap11Port(),
                gateway.url("/ra/AdminService"),
                gateway.dataDir(),
                TestPrincipals.admin(ADMIN));
    }

    public static CpmisAccountServicePortType cpmisAccounts(RunningGateway gateway) {
        return TestPrincipals.clientNamedInMessage(
                CpmisAccountServicePortType.class,
                () -> new CpmisAccountService().getCpmisAccountServiceSoap11Port(),
                gateway.url("/ra/CpmisAccountService"),
                gateway.dataDir(),
                TestPrincipals.system(Requests.SYSTEM));
    }

    public static AdminIdentity admin(String id) {
        AdminIdentity admin = new AdminIdentity();
        admin.setAdminId(id);
        return admin;
    }

    /** Inside the industry: the R&D unit's account details, through the system that sent the request. */
    public static RecordCpmisAccountRequest accountFromSystem(
            String systemId, String requestId, String username, String accessLevel) {
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
    public static RecordCpmisAccountRequest accountFromOfficer(
            String officerId, String requestId, String username, String accessLevel) {
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
        CertificateStore store =
                gateway.camel().getRegistry().lookupByNameAndType("certificateStore", CertificateStore.class);
        Instant now = Instant.now();
        if (!store.changeStatus(
                serialNumber,
                CertificateStatus.GOOD,
                CertificateStatus.REVOKED,
                new Revocation(reason, now, null),
                "test-publisher",
                now)) {
            throw new IllegalStateException("Certificate " + serialNumber + " was not GOOD");
        }
    }
}
