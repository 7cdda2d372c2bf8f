package ir.meganaft.ragateway.wiring;

import ir.meganaft.ragateway.ca.CertificateAuthority;
import ir.meganaft.ragateway.ca.CertificateProfiles;
import ir.meganaft.ragateway.ca.CmpHttp;
import ir.meganaft.ragateway.ca.LocalCertificateAuthority;
import ir.meganaft.ragateway.ca.RaSignedRequests;
import ir.meganaft.ragateway.ca.RemoteCertificateAuthority;
import ir.meganaft.ragateway.csr.DistinguishedNames;
import ir.meganaft.ragateway.keys.CertificateFiles;
import ir.meganaft.ragateway.store.CaLedgerStore;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.Database;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.apache.camel.PropertyInject;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * The CA behind its small interface, and the RA's signed requests to it. With {@code gateway.ca.url}
 * blank (the default) the CA runs in-process, with its ledger in the database and the certificate
 * profile gateway.profile.*; set, the CA is elsewhere and reached by CMP over HTTP
 * ({@link RemoteCertificateAuthority}, docs/ca.md): its certificate chain, the certificate its CMP
 * answers are signed with, and where its CRL is fetched from come from gateway.ca.*.
 */
public final class CaRoom {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CaRoom.class);

    @PropertyInject(value = "gateway.ca.url", defaultValue = "")
    private String caUrl;

    @PropertyInject(value = "gateway.ca.certificate", defaultValue = "")
    private String caCertificate;

    @PropertyInject(value = "gateway.ca.cmp-signer-certificate", defaultValue = "")
    private String cmpSignerCertificate;

    @PropertyInject(value = "gateway.ca.connect-timeout-ms", defaultValue = "5000")
    private long connectTimeoutMillis;

    @PropertyInject(value = "gateway.ca.response-timeout-ms", defaultValue = "30000")
    private long responseTimeoutMillis;

    @PropertyInject(value = "gateway.ca.poll-max-seconds", defaultValue = "60")
    private long pollMaxSeconds;

    @PropertyInject(value = "gateway.ca.crl-url", defaultValue = "")
    private String remoteCrlUrl;

    /**
     * The CA, the certificates it issued (store), the RA's requests to it, the issuing CA's
     * certificate, and where a remote CA's CRL is fetched from (null: the gateway signs its CRLs).
     */
    public record Ca(
            CertificateAuthority authority,
            CertificateStore certificates,
            RaSignedRequests raRequests,
            X509Certificate issuingCa,
            URI remoteCrl,
            CertificateProfiles profiles) {}

    public Ca wire(Boot boot, KeysRoom.Keys keys, Database database) {
        CertificateStore certificates = new CertificateStore(database);
        boot.bind("certificateStore", certificates);
        CertificateAuthority ca;
        X509Certificate issuing;
        RaSignedRequests raRequests;
        URI crl = null;
        // the default profile (gateway.profile.*) and the named ones (gateway.profiles.<name>.*): the in-process CA
        // issues with them; with a remote CA they are what intake accepts and the name the RA asks the CA for
        CertificateProfiles profiles = CertificateProfiles.from(
                boot.context().getPropertiesComponent()::resolveProperty,
                "gateway.",
                boot.settings("gateway.profiles.").keySet());
        if (caUrl.isBlank()) {
            issuing = keys.ca().certificate();
            raRequests = new RaSignedRequests(keys.ra(), name(issuing), boot.clock());
            ca = new LocalCertificateAuthority(
                    keys.ca(),
                    List.of(keys.ra().certificate()),
                    profiles,
                    new CaLedgerStore(database),
                    certificates,
                    boot.clock());
            LOG.info(
                    "Issuing CA (in-process): {}; RA: {}",
                    DistinguishedNames.display(issuing.getSubjectX500Principal()),
                    DistinguishedNames.display(keys.ra().certificate().getSubjectX500Principal()));
        } else {
            if (caCertificate.isBlank()) {
                throw new IllegalArgumentException(
                        "gateway.ca.url is set: gateway.ca.certificate must name the CA's certificate (PEM)");
            }
            List<X509Certificate> chain = CertificateFiles.read(boot.resolve(caCertificate));
            issuing = chain.get(0);
            X509Certificate signer = cmpSignerCertificate.isBlank()
                    ? issuing
                    : CertificateFiles.read(boot.resolve(cmpSignerCertificate)).get(0);
            raRequests = new RaSignedRequests(keys.ra(), name(issuing), boot.clock());
            ca = new RemoteCertificateAuthority(
                    new CmpHttp(
                            URI.create(caUrl),
                            Duration.ofMillis(connectTimeoutMillis),
                            Duration.ofMillis(responseTimeoutMillis)),
                    raRequests,
                    chain,
                    signer,
                    Duration.ofSeconds(pollMaxSeconds),
                    certificates,
                    boot.clock());
            crl = remoteCrlUrl.isBlank() ? null : URI.create(remoteCrlUrl);
            if (crl == null) {
                LOG.warn(
                        "gateway.ca.crl-url is blank: the CRLs the gateway serves and pushes are signed by its own CA key"
                                + " (gateway.keys.ca.*), not by the remote CA; set gateway.ca.crl-url to relay the CA's CRL");
            }
            LOG.info(
                    "Issuing CA over CMP at {}: {}; its answers signed by {}; RA: {}",
                    caUrl,
                    DistinguishedNames.display(issuing.getSubjectX500Principal()),
                    DistinguishedNames.display(signer.getSubjectX500Principal()),
                    DistinguishedNames.display(keys.ra().certificate().getSubjectX500Principal()));
        }
        // measured for the metrics (management/ManagementConfiguration)
        return new Ca(
                ir.meganaft.ragateway.management.ManagementConfiguration.measured(boot.context(), ca),
                certificates,
                raRequests,
                issuing,
                crl,
                profiles);
    }

    private static X500Name name(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }
}
