package ir.meganaft.ragateway.cpmis;

import ir.meganaft.ragateway.notification.OutboxEntry;
import ir.meganaft.ragateway.notification.Recipient;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.CpmisAccountStore;
import ir.meganaft.ragateway.store.RequestQueries;
import java.util.Optional;

/** CPMIS calls from the outbox: REGISTER after the account is recorded, DISABLE after revocation. */
public final class CpmisRecipient implements Recipient {
    private final String address;
    private final CpmisClient client;
    private final RequestQueries requests;
    private final CertificateStore certificates;
    private final CpmisAccountStore accounts;

    public CpmisRecipient(
            String address,
            CpmisClient client,
            RequestQueries requests,
            CertificateStore certificates,
            CpmisAccountStore accounts) {
        this.address = address;
        this.client = client;
        this.requests = requests;
        this.certificates = certificates;
        this.accounts = accounts;
    }

    @Override
    public Optional<String> target(OutboxEntry entry) {
        return address == null || address.isBlank() ? Optional.empty() : Optional.of(address);
    }

    @Override
    public void send(OutboxEntry e, String target) {
        CpmisAccount account = accounts.find(e.requestId()).orElseThrow();
        IssuedCertificate c = certificates.bySerial(e.serialNumber()).orElseThrow();
        if ("DISABLE".equals(e.event())) {
            client.disable(
                    target,
                    new CpmisDisableCall(
                            e.notificationId(),
                            account.username(),
                            c.serialNumber(),
                            c.issuerDn(),
                            c.revocation() == null
                                    ? "unspecified"
                                    : c.revocation().reason(),
                            c.revocation() == null
                                    ? e.occurredAt()
                                    : c.revocation().revokedAt()));
            return;
        }
        CertificateRequest r = requests.find(e.requestId()).orElseThrow();
        client.register(
                target,
                new CpmisRegistrationCall(
                        e.notificationId(),
                        account.username(),
                        organization(r),
                        account.accessLevel(),
                        r.applicant().nationalCode(),
                        r.applicant().legalId(),
                        c.der(),
                        c.serialNumber(),
                        c.issuerDn(),
                        c.sha256Fingerprint(),
                        c.notAfter()));
    }

    /** The organization the user belongs to in CPMIS: the employer given, else the company that sent the request. */
    static String organization(CertificateRequest r) {
        if (r.applicant().organizationName() != null
                && !r.applicant().organizationName().isBlank()) {
            return r.applicant().organizationName();
        }
        if (r.channel().companyName() != null && !r.channel().companyName().isBlank()) {
            return r.channel().companyName();
        }
        return "Unaffiliated";
    }
}
