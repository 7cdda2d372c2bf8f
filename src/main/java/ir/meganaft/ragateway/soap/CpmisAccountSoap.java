package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.contract.cpmisaccount.CpmisRegistration;
import ir.meganaft.ragateway.contract.cpmisaccount.CpmisStatus;
import ir.meganaft.ragateway.contract.cpmisaccount.GetCpmisRegistrationRequest;
import ir.meganaft.ragateway.contract.cpmisaccount.GetCpmisRegistrationResponse;
import ir.meganaft.ragateway.contract.cpmisaccount.RecordCpmisAccountRequest;
import ir.meganaft.ragateway.contract.cpmisaccount.RecordCpmisAccountResponse;
import ir.meganaft.ragateway.cpmis.CpmisAccounts;

/** The CPMIS account service's operations: JAXB to domain and back. */
public final class CpmisAccountSoap {
    private final CpmisAccounts accounts;

    public CpmisAccountSoap(CpmisAccounts accounts) {
        this.accounts = accounts;
    }

    /** recordCpmisAccount. Caller: inside, the system that sent the request; outside, a REGISTRAR. */
    public RecordCpmisAccountResponse recordCpmisAccount(
            RecordCpmisAccountRequest request, ir.meganaft.ragateway.security.Caller caller) {
        CpmisAccounts.Supplier supplier = caller instanceof ir.meganaft.ragateway.security.Caller.BackOfficeSystem
                ? CpmisAccounts.Supplier.SYSTEM
                : CpmisAccounts.Supplier.OFFICER;
        String supplierId = caller.id();
        RecordCpmisAccountResponse response = new RecordCpmisAccountResponse();
        response.setRegistration(map(accounts.record(
                supplier, supplierId, request.getRequestId(), request.getUsername(), request.getAccessLevel())));
        return response;
    }

    /** getCpmisRegistration. Caller: the system that sent the request, RA officers. */
    public GetCpmisRegistrationResponse getCpmisRegistration(
            GetCpmisRegistrationRequest request, ir.meganaft.ragateway.security.Caller caller) {
        GetCpmisRegistrationResponse response = new GetCpmisRegistrationResponse();
        response.setRegistration(map(accounts.registration(request.getRequestId(), caller)));
        return response;
    }

    private static CpmisRegistration map(ir.meganaft.ragateway.cpmis.CpmisRegistration r) {
        CpmisRegistration out = new CpmisRegistration();
        out.setRequestId(r.requestId());
        out.setStatus(CpmisStatus.fromValue(r.status().name()));
        if (r.account() != null) {
            out.setUsername(r.account().username());
            out.setAccessLevel(r.account().accessLevel());
            out.setSuppliedBy(r.account().suppliedBy());
        }
        if (r.disablement() != null) {
            out.setDisablement(CpmisStatus.fromValue(r.disablement().name()));
        }
        out.setAttempts(r.attempts());
        out.setLastError(r.lastError());
        return out;
    }
}
