package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.contract.status.CertificateStatus;
import ir.meganaft.ragateway.contract.status.CertificateSummary;
import ir.meganaft.ragateway.contract.status.CheckCertificateStatusRequest;
import ir.meganaft.ragateway.contract.status.CheckCertificateStatusResponse;
import ir.meganaft.ragateway.contract.status.FindCertificatesRequest;
import ir.meganaft.ragateway.contract.status.FindCertificatesResponse;
import ir.meganaft.ragateway.contract.status.RevocationInfo;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.request.Revocation;
import ir.meganaft.ragateway.status.CertificatePage;
import ir.meganaft.ragateway.status.CertificateStatusService;
import ir.meganaft.ragateway.status.SearchField;
import ir.meganaft.ragateway.status.StatusAnswer;
import java.math.BigInteger;

/** The status service's operations (callers: CPMIS and relying systems): JAXB to domain and back. */
public final class StatusSoap {
    private final CertificateStatusService status;

    public StatusSoap(CertificateStatusService status) {
        this.status = status;
    }

    /** checkCertificateStatus. Caller: CPMIS at login, any relying system. */
    public CheckCertificateStatusResponse checkCertificateStatus(
            CheckCertificateStatusRequest request, ir.meganaft.ragateway.security.Caller caller) {
        StatusAnswer answer = request.getCertificate() != null
                ? status.check(request.getCertificate(), caller)
                : status.check(
                        request.getIssuerAndSerial().getIssuer(),
                        request.getIssuerAndSerial().getSerialNumber(),
                        caller);
        CheckCertificateStatusResponse response = new CheckCertificateStatusResponse();
        response.setStatus(CertificateStatus.fromValue(answer.status().name()));
        response.setCheckedAt(answer.checkedAt());
        IssuedCertificate c = answer.certificate();
        if (c != null) {
            response.setSerialNumber(c.serialNumber());
            response.setIssuer(c.issuerDn());
            response.setNotAfter(c.notAfter());
            response.setRevocation(revocation(c.revocation()));
        }
        return response;
    }

    /** findCertificates. Caller: CPMIS and relying systems. */
    public FindCertificatesResponse findCertificates(
            FindCertificatesRequest request, ir.meganaft.ragateway.security.Caller caller) {
        SearchField field;
        String value;
        if (request.getNationalCode() != null) {
            field = SearchField.NATIONAL_CODE;
            value = request.getNationalCode();
        } else if (request.getLegalId() != null) {
            field = SearchField.LEGAL_ID;
            value = request.getLegalId();
        } else if (request.getEmail() != null) {
            field = SearchField.EMAIL;
            value = request.getEmail();
        } else {
            field = SearchField.ORGANIZATION;
            value = request.getOrganization();
        }
        CertificatePage page =
                status.find(field, value, capped(request.getPage()), capped(request.getPageSize()), caller);
        FindCertificatesResponse response = new FindCertificatesResponse();
        response.setPage(page.page());
        response.setPageSize(page.pageSize());
        response.setTotalCount(page.totalCount());
        response.setHasMore(page.hasMore());
        for (IssuedCertificate c : page.certificates()) {
            CertificateSummary s = new CertificateSummary();
            s.setSerialNumber(c.serialNumber());
            s.setIssuer(c.issuerDn());
            s.setSubject(c.subjectDn());
            s.setRequestId(c.requestId());
            s.setStatus(CertificateStatus.fromValue(c.status().name()));
            s.setNotBefore(c.notBefore());
            s.setNotAfter(c.notAfter());
            s.setSha256Fingerprint(c.sha256Fingerprint());
            s.setRevocation(revocation(c.revocation()));
            response.getCertificate().add(s);
        }
        return response;
    }

    /** A positiveInteger as a long; absurdly large values become Long.MAX_VALUE (still refused or empty). */
    private static Long capped(BigInteger value) {
        if (value == null) {
            return null;
        }
        return value.bitLength() < 63 ? value.longValue() : Long.MAX_VALUE;
    }

    private static RevocationInfo revocation(Revocation r) {
        if (r == null) {
            return null;
        }
        RevocationInfo info = new RevocationInfo();
        info.setReason(r.reason());
        info.setRevokedAt(r.revokedAt());
        info.setInvalidityDate(r.invalidityDate());
        return info;
    }
}
