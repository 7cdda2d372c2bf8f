package ir.meganaft.ragateway.status;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.identity.IranianIds;
import ir.meganaft.ragateway.identity.PersianText;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.security.Caller;
import ir.meganaft.ragateway.store.CertificateSearch;
import ir.meganaft.ragateway.store.CertificateStore;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Certificate status for CPMIS and relying systems, straight from the gateway's database: a
 * revocation shows here at once, before the next CRL. Caller: anyone who relies on the certificates.
 */
public final class CertificateStatusService {
    static final int DEFAULT_PAGE_SIZE = 20;

    private final CertificateStore certificates;
    private final CertificateSearch search;
    private final int maxPageSize;
    private final Clock clock;
    private final java.util.function.Function<String, Optional<String>> requestingSystem;

    /** @param requestingSystem the system that sent a request, by request id (tenancy for back-office systems) */
    public CertificateStatusService(
            CertificateStore certificates,
            CertificateSearch search,
            int maxPageSize,
            Clock clock,
            java.util.function.Function<String, Optional<String>> requestingSystem) {
        this.requestingSystem = requestingSystem;
        this.certificates = certificates;
        this.search = search;
        this.maxPageSize = maxPageSize;
        this.clock = clock;
    }

    /** By the certificate itself: known only when the gateway issued exactly these bytes. */
    public StatusAnswer check(byte[] der, Caller caller) {
        X509Certificate given = parse(der);
        String serial = given.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        return certificates
                .bySerial(serial)
                .filter(stored -> Arrays.equals(stored.der(), der))
                .filter(stored -> visible(stored, caller))
                .map(stored -> StatusAnswer.of(stored, clock.instant()))
                .orElseGet(() -> StatusAnswer.unknown(clock.instant()));
    }

    /** By issuer and serial number; an issuer other than the one on record is UNKNOWN. */
    public StatusAnswer check(String issuer, String serialNumber, Caller caller) {
        X500Name issuerName = issuerName(issuer);
        String serial = serial(serialNumber);
        Optional<IssuedCertificate> found = certificates
                .bySerial(serial)
                .filter(stored ->
                        BCStyle.INSTANCE.areEqual(issuerName, new X500Name(BCStyle.INSTANCE, stored.issuerDn())))
                .filter(stored -> visible(stored, caller));
        return found.map(stored -> StatusAnswer.of(stored, clock.instant()))
                .orElseGet(() -> StatusAnswer.unknown(clock.instant()));
    }

    /**
     * The certificates of a person or organization, oldest first.
     *
     * @param page 1-based, null for the first
     * @param pageSize null for the default (20, or the maximum when smaller); above the maximum is PAGE_TOO_LARGE
     */
    public CertificatePage find(SearchField field, String value, Long page, Long pageSize, Caller caller) {
        long size = pageSize == null ? Math.min(DEFAULT_PAGE_SIZE, maxPageSize) : pageSize;
        if (size < 1 || size > maxPageSize) {
            throw new GatewayException(
                    FaultCode.PAGE_TOO_LARGE,
                    "A page holds at most " + maxPageSize + " certificates; " + size + " were asked for",
                    "pageSize",
                    null);
        }
        long number = page == null ? 1 : page;
        if (number < 1) {
            throw new GatewayException(FaultCode.SCHEMA_INVALID, "Pages are numbered from 1", "page", null);
        }
        String key = normalize(field, value);
        // a back-office system finds only its own certificates (or its company's); relying parties and officers all
        java.util.Set<String> systems = caller instanceof Caller.BackOfficeSystem s ? s.visibleSystems() : null;
        long total = search.count(field, key, systems);
        long offset = (number - 1) * size;
        var found = offset >= total
                ? java.util.List.<IssuedCertificate>of()
                : search.find(field, key, systems, offset, (int) size);
        return new CertificatePage(
                (int) Math.min(number, Integer.MAX_VALUE), (int) size, total, offset + found.size() < total, found);
    }

    /**
     * Whether the caller may learn this certificate's status: a back-office system only for
     * certificates its own requests (or its company's) produced; another's is UNKNOWN to it, as if
     * it had not been issued here.
     */
    private boolean visible(IssuedCertificate stored, Caller caller) {
        return !(caller instanceof Caller.BackOfficeSystem)
                || requestingSystem.apply(stored.requestId()).map(caller::sees).orElse(false);
    }

    private static String normalize(SearchField field, String value) {
        return switch (field) {
            case NATIONAL_CODE -> {
                if (!IranianIds.isValidNationalCode(value)) {
                    throw new GatewayException(
                            FaultCode.INVALID_NATIONAL_CODE,
                            "Not a valid national code: " + value,
                            "nationalCode",
                            null);
                }
                yield PersianText.asciiDigits(value);
            }
            case LEGAL_ID -> {
                if (!IranianIds.isValidLegalId(value)) {
                    throw new GatewayException(
                            FaultCode.INVALID_LEGAL_ID, "Not a valid legal-entity ID: " + value, "legalId", null);
                }
                yield PersianText.asciiDigits(value);
            }
            case EMAIL -> value.trim().toLowerCase(Locale.ROOT);
            case ORGANIZATION -> PersianText.normalize(value);
        };
    }

    private static X509Certificate parse(byte[] der) {
        try {
            var c = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            if (c instanceof X509Certificate x509 && Arrays.equals(x509.getEncoded(), der)) {
                return x509;
            }
        } catch (CertificateException | RuntimeException e) {
            // refused below
        }
        throw new GatewayException(
                FaultCode.CERTIFICATE_UNPARSABLE,
                "The certificate is not a DER-encoded X.509 certificate",
                "certificate",
                null);
    }

    private static X500Name issuerName(String issuer) {
        try {
            X500Name name = new X500Name(BCStyle.INSTANCE, issuer.trim());
            if (name.getRDNs().length > 0) {
                return name;
            }
        } catch (RuntimeException e) {
            // refused below
        }
        throw new GatewayException(FaultCode.INVALID_ISSUER, "Not a distinguished name: " + issuer, "issuer", null);
    }

    /** Upper-case hexadecimal without separators or leading zeros, as the store keeps serials. */
    static String serial(String text) {
        String hex = text.replaceAll("[:\\s]", "");
        if (!hex.matches("[0-9A-Fa-f]{1,128}")) {
            throw new GatewayException(
                    FaultCode.INVALID_SERIAL_NUMBER, "Not a hexadecimal serial number: " + text, "serialNumber", null);
        }
        String stripped = hex.replaceFirst("^0+", "").toUpperCase(Locale.ROOT);
        return stripped.isEmpty() ? "0" : stripped;
    }
}
