package ir.meganaft.ragateway.wiring;

import ir.meganaft.ragateway.ca.CertificateAuthority;
import ir.meganaft.ragateway.ca.CertificateProfile;
import ir.meganaft.ragateway.ca.LocalCertificateAuthority;
import ir.meganaft.ragateway.ca.RaSignedRequests;
import ir.meganaft.ragateway.csr.DistinguishedNames;
import ir.meganaft.ragateway.store.CaLedgerStore;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.Database;
import java.time.Duration;
import java.util.List;
import org.apache.camel.PropertyInject;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * The CA behind its small interface (in-process today, with its ledger in the database), the
 * certificate profile it issues with (gateway.profile.*), and the RA's signed requests to it.
 */
public final class CaRoom {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CaRoom.class);

    @PropertyInject("gateway.profile.validity-days")
    private int validityDays;
    @PropertyInject("gateway.profile.key-usage")
    private String keyUsage;
    @PropertyInject("gateway.profile.extended-key-usage")
    private String extendedKeyUsage;
    @PropertyInject("gateway.profile.policy-oid")
    private String policyOid;
    @PropertyInject(value = "gateway.profile.cps-uri", defaultValue = "")
    private String cpsUri;
    @PropertyInject("gateway.profile.crl-url")
    private String crlUrl;
    @PropertyInject(value = "gateway.profile.delta-crl-url", defaultValue = "")
    private String deltaCrlUrl;
    @PropertyInject(value = "gateway.profile.ca-issuers-url", defaultValue = "")
    private String caIssuersUrl;
    @PropertyInject(value = "gateway.profile.ocsp-url", defaultValue = "")
    private String ocspUrl;

    /** The CA, the certificates it issued (store), and the RA's requests to it. */
    public record Ca(CertificateAuthority authority, CertificateStore certificates, RaSignedRequests raRequests) {
    }

    public Ca wire(Boot boot, KeysRoom.Keys keys, Database database) {
        CertificateProfile profile = new CertificateProfile(Duration.ofDays(validityDays), Boot.list(keyUsage),
                Boot.list(extendedKeyUsage), policyOid, cpsUri, crlUrl, deltaCrlUrl, caIssuersUrl, ocspUrl);
        CertificateStore certificates = new CertificateStore(database);
        // measured for the metrics (management/ManagementConfiguration)
        CertificateAuthority ca = ir.meganaft.ragateway.management.ManagementConfiguration.measured(boot.context(),
                new LocalCertificateAuthority(keys.ca(), List.of(keys.ra().certificate()), profile,
                        new CaLedgerStore(database), certificates, boot.clock()));
        LOG.info("Issuing CA: {}; RA: {}", DistinguishedNames.display(keys.ca().certificate().getSubjectX500Principal()),
                DistinguishedNames.display(keys.ra().certificate().getSubjectX500Principal()));
        boot.bind("certificateStore", certificates);
        RaSignedRequests raRequests = new RaSignedRequests(keys.ra(),
                X500Name.getInstance(keys.ca().certificate().getSubjectX500Principal().getEncoded()), boot.clock());
        return new Ca(ca, certificates, raRequests);
    }
}
