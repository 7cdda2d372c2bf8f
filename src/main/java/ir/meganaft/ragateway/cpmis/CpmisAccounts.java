package ir.meganaft.ragateway.cpmis;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.notification.DeliveryChannel;
import ir.meganaft.ragateway.notification.OutboxEntry;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.request.Channel;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.security.Officers;
import ir.meganaft.ragateway.security.RaRole;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.CpmisAccountStore;
import ir.meganaft.ragateway.store.OutboxStore;
import ir.meganaft.ragateway.store.RequestQueries;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * CPMIS accounts of issued certificates. Inside the industry the R&D unit supplies the username
 * and access level through the back-office system that submitted the request; outside, an RA
 * officer with the REGISTRAR role records them. Recording one queues the CPMIS registration.
 */
public final class CpmisAccounts {
    private final RequestQueries requests;
    private final CertificateStore certificates;
    private final CpmisAccountStore accounts;
    private final OutboxStore outbox;
    private final Officers officers;
    private final Clock clock;

    public CpmisAccounts(
            RequestQueries requests,
            CertificateStore certificates,
            CpmisAccountStore accounts,
            OutboxStore outbox,
            Officers officers,
            Clock clock) {
        this.requests = requests;
        this.certificates = certificates;
        this.accounts = accounts;
        this.outbox = outbox;
        this.officers = officers;
        this.clock = clock;
    }

    /** Who supplies the account: a back-office system (inside) or an RA officer (outside). */
    public enum Supplier {
        SYSTEM,
        OFFICER
    }

    /** recordCpmisAccount. Repeating the same details is answered as before; other details are refused. */
    public CpmisRegistration record(
            Supplier supplier, String supplierId, String requestId, String username, String accessLevel) {
        // a system names only its own requests: another's is answered as one that does not exist
        CertificateRequest request = requests.find(requestId)
                .filter(r -> supplier != Supplier.SYSTEM || r.callerSystemId().equals(supplierId))
                .orElseThrow(() -> GatewayException.unknownRequest(requestId));
        authorize(supplier, supplierId, request);
        IssuedCertificate certificate = certificates
                .forRequest(requestId)
                .orElseThrow(() -> new GatewayException(
                        FaultCode.CERTIFICATE_NOT_ISSUED,
                        "Request " + requestId + " has no certificate yet (it is " + request.state()
                                + "): CPMIS accounts follow issuance",
                        "requestId",
                        requestId));
        if (certificate.status() != CertificateStatus.GOOD) {
            throw new GatewayException(
                    FaultCode.ILLEGAL_STATE,
                    "The certificate of request " + requestId + " is " + certificate.status()
                            + ": no CPMIS account can be defined for it",
                    "requestId",
                    requestId);
        }
        String by = (supplier == Supplier.SYSTEM ? "system:" : "officer:") + supplierId;
        CpmisAccount recorded = accounts.record(
                new CpmisAccount(requestId, username, accessLevel, by, clock.instant()), certificate.serialNumber());
        if (!recorded.username().equals(username) || !recorded.accessLevel().equals(accessLevel)) {
            throw new GatewayException(
                    FaultCode.CPMIS_ACCOUNT_CONFLICT,
                    "Request " + requestId
                            + " already has the CPMIS account " + recorded.username() + " (" + recorded.accessLevel()
                            + "), supplied by " + recorded.suppliedBy(),
                    "username",
                    requestId);
        }
        return registrationOf(requestId);
    }

    /** getCpmisRegistration: pending / done / failed, for the registration and any disablement. */
    /** Where a request's CPMIS registration stands; a back-office system sees only its own (or its company's). */
    public CpmisRegistration registration(String requestId, ir.meganaft.ragateway.security.Caller caller) {
        requests.find(requestId)
                .filter(r -> caller.sees(r.callerSystemId()))
                .orElseThrow(() -> GatewayException.unknownRequest(requestId));
        return registrationOf(requestId);
    }

    private CpmisRegistration registrationOf(String requestId) {
        Optional<CpmisAccount> account = accounts.find(requestId);
        List<OutboxEntry> calls = outbox.forRequest(requestId, DeliveryChannel.CPMIS);
        Optional<OutboxEntry> register =
                calls.stream().filter(e -> "REGISTER".equals(e.event())).findFirst();
        Optional<OutboxEntry> disable =
                calls.stream().filter(e -> "DISABLE".equals(e.event())).findFirst();
        CpmisStatus status = register.map(e -> CpmisStatus.of(e.status())).orElse(CpmisStatus.AWAITING_ACCOUNT);
        OutboxEntry latest = disable.or(() -> register).orElse(null);
        return new CpmisRegistration(
                requestId,
                status,
                account.orElse(null),
                disable.map(e -> CpmisStatus.of(e.status())).orElse(null),
                latest == null ? 0 : latest.attempts(),
                latest == null ? null : latest.lastError());
    }

    private void authorize(Supplier supplier, String supplierId, CertificateRequest request) {
        if (request.channel().channel() == Channel.INSIDE_INDUSTRY) {
            if (supplier != Supplier.SYSTEM || !request.callerSystemId().equals(supplierId)) {
                throw new GatewayException(
                        FaultCode.NOT_AUTHORIZED,
                        "Inside the industry the R&D unit supplies the " + "CPMIS account through "
                                + request.callerSystemId() + ", the system that sent the request",
                        supplier == Supplier.SYSTEM ? "caller/systemId" : "officer",
                        request.id());
            }
            return;
        }
        if (supplier != Supplier.OFFICER) {
            throw new GatewayException(
                    FaultCode.NOT_AUTHORIZED,
                    "Outside the industry an RA officer (REGISTRAR) " + "records the CPMIS account",
                    "caller",
                    request.id());
        }
        officers.require(supplierId, RaRole.REGISTRAR);
    }
}
