package ir.meganaft.ragateway;

import static ir.meganaft.ragateway.support.ContractFaults.assertGatewayFault;
import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.status.CertificateStatus;
import ir.meganaft.ragateway.contract.status.CertificateSummary;
import ir.meganaft.ragateway.contract.status.CheckCertificateStatusRequest;
import ir.meganaft.ragateway.contract.status.CheckCertificateStatusResponse;
import ir.meganaft.ragateway.contract.status.FindCertificatesRequest;
import ir.meganaft.ragateway.contract.status.FindCertificatesResponse;
import ir.meganaft.ragateway.contract.status.IssuerAndSerial;
import ir.meganaft.ragateway.contract.status.StatusServicePortType;
import ir.meganaft.ragateway.contract.types.EncodedCertificate;
import ir.meganaft.ragateway.support.GatewayPerClass;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.Services;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.Walk;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** checkCertificateStatus and findCertificates, answered from the gateway's database. */
class CertificateStatusIT {
    static final String OTHER_EMAIL = "maryam.karimi@nioc.example";

    @RegisterExtension
    static final GatewayPerClass started =
            GatewayPerClass.withSettings(() -> Map.of("gateway.status.max-page-size", "10"));

    static RunningGateway gateway;
    static RegistrationServicePortType registration;
    static StatusServicePortType status;
    static Walk walk;
    /** Three certificates for Ali (national code 0499370899), oldest first, and one for the drilling company. */
    static final List<EncodedCertificate> alis = new ArrayList<>();

    static EncodedCertificate company;

    @BeforeAll
    static void start() throws Exception {
        gateway = started.gateway();
        registration = gateway.registration();
        status = Services.status(gateway);
        walk = new Walk(gateway);
        for (int i = 0; i < 3; i++) {
            alis.add(issue(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"))));
        }
        company = issue(Requests.organization(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")));
    }

    static EncodedCertificate issue(ir.meganaft.ragateway.contract.registration.SubmitCertificateRequest request)
            throws Exception {
        String id = registration.submitCertificateRequest(request).getRequestId();
        walk.vetApproveAndIssue(id);
        return registration.getCertificate(Requests.certificate(id)).getCertificate();
    }

    @Test
    void a_revocation_shows_at_once_by_certificate_and_by_issuer_and_serial() throws Exception {
        EncodedCertificate c = alis.get(2);
        assertThat(byCertificate(c.getDer()).getStatus()).isEqualTo(CertificateStatus.GOOD);
        CheckCertificateStatusResponse good = byIssuerAndSerial(c.getIssuer(), c.getSerialNumber());
        assertThat(good.getStatus()).isEqualTo(CertificateStatus.GOOD);
        assertThat(good.getSerialNumber()).isEqualTo(c.getSerialNumber());
        assertThat(good.getNotAfter()).isEqualTo(c.getNotAfter());
        assertThat(good.getRevocation()).isNull();

        Services.revoke(gateway, c.getSerialNumber(), "keyCompromise");

        CheckCertificateStatusResponse revoked = byCertificate(c.getDer());
        assertThat(revoked.getStatus()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(revoked.getRevocation().getReason()).isEqualTo("keyCompromise");
        assertThat(revoked.getRevocation().getRevokedAt()).isNotNull();
        assertThat(byIssuerAndSerial(c.getIssuer(), c.getSerialNumber()).getStatus())
                .isEqualTo(CertificateStatus.REVOKED);
        assertThat(byCertificate(alis.get(0).getDer()).getStatus())
                .as("the others stay good")
                .isEqualTo(CertificateStatus.GOOD);
    }

    @Test
    void serial_numbers_are_matched_in_any_case_with_leading_zeros_and_colons_and_issuers_in_either_order()
            throws Exception {
        EncodedCertificate c = alis.get(0);
        String serial = "00" + c.getSerialNumber().toLowerCase(Locale.ROOT).replaceAll("(..)(?!$)", "$1:");
        String[] rdns = c.getIssuer().split(",");
        java.util.Collections.reverse(java.util.Arrays.asList(rdns));
        assertThat(byIssuerAndSerial(String.join(",", rdns), serial).getStatus())
                .isEqualTo(CertificateStatus.GOOD);
    }

    @Test
    void a_certificate_the_gateway_did_not_issue_is_unknown() throws Exception {
        EncodedCertificate c = alis.get(0);
        assertThat(byIssuerAndSerial(c.getIssuer(), "ABCDEF0123456789").getStatus())
                .isEqualTo(CertificateStatus.UNKNOWN);
        assertThat(byIssuerAndSerial("C=IR,O=Elsewhere,CN=Another CA", c.getSerialNumber())
                        .getStatus())
                .isEqualTo(CertificateStatus.UNKNOWN);
        byte[] ca = registration
                .getCaCertificates(new ir.meganaft.ragateway.contract.registration.GetCaCertificatesRequest())
                .getCertificate()
                .get(0)
                .getDer();
        CheckCertificateStatusResponse answer = byCertificate(ca);
        assertThat(answer.getStatus()).isEqualTo(CertificateStatus.UNKNOWN);
        assertThat(answer.getSerialNumber()).isNull();
    }

    @Test
    void find_certificates_pages_by_national_code_oldest_first() throws Exception {
        FindCertificatesResponse first = find(byNationalCode(Requests.NATIONAL_CODE, 1, 2));
        assertThat(first.getTotalCount()).isEqualTo(3);
        assertThat(first.isHasMore()).isTrue();
        assertThat(first.getPage()).isEqualTo(1);
        assertThat(first.getPageSize()).isEqualTo(2);
        FindCertificatesResponse second = find(byNationalCode(Requests.NATIONAL_CODE, 2, 2));
        assertThat(second.isHasMore()).isFalse();
        List<String> serials = new ArrayList<>();
        first.getCertificate().forEach(s -> serials.add(s.getSerialNumber()));
        second.getCertificate().forEach(s -> serials.add(s.getSerialNumber()));
        assertThat(serials)
                .containsExactly(
                        alis.get(0).getSerialNumber(),
                        alis.get(1).getSerialNumber(),
                        alis.get(2).getSerialNumber());
        assertThat(find(byNationalCode(Requests.NATIONAL_CODE, 3, 2)).getCertificate())
                .isEmpty();

        FindCertificatesResponse all = find(byNationalCode("۰۴۹۹۳۷۰۸۹۹", null, null)); // Persian digits
        assertThat(all.getPageSize()).isEqualTo(10).as("the default, capped by the maximum");
        assertThat(all.getCertificate()).hasSize(3);
        CertificateSummary s = all.getCertificate().get(0);
        assertThat(s.getSubject()).contains("0499370899");
        assertThat(s.getSha256Fingerprint()).isEqualTo(alis.get(0).getSha256Fingerprint());
    }

    @Test
    void find_certificates_by_email_legal_id_and_organization() throws Exception {
        FindCertificatesRequest byEmail = new FindCertificatesRequest();
        byEmail.setEmail("Ali.Rezaei@NIOC.example");
        assertThat(find(byEmail).getTotalCount()).isEqualTo(3);

        FindCertificatesRequest byLegalId = new FindCertificatesRequest();
        byLegalId.setLegalId(Requests.LEGAL_ID);
        assertThat(find(byLegalId).getCertificate())
                .extracting(CertificateSummary::getSerialNumber)
                .containsExactly(company.getSerialNumber());

        FindCertificatesRequest byOrganization = new FindCertificatesRequest();
        byOrganization.setOrganization("شركت ملي حفاري ايران"); // Arabic kaf and yeh
        assertThat(find(byOrganization).getCertificate())
                .extracting(CertificateSummary::getSerialNumber)
                .contains(company.getSerialNumber());

        FindCertificatesRequest nobody = new FindCertificatesRequest();
        nobody.setEmail(OTHER_EMAIL);
        FindCertificatesResponse none = find(nobody);
        assertThat(none.getTotalCount()).isZero();
        assertThat(none.isHasMore()).isFalse();
    }

    @Test
    void find_certificates_refuses_an_oversized_page_and_invalid_identifiers() {
        assertGatewayFault(
                () -> status.findCertificates(byNationalCode(Requests.NATIONAL_CODE, 1, 11)), "PAGE_TOO_LARGE");
        assertGatewayFault(() -> status.findCertificates(byNationalCode("0499370898", 1, 2)), "INVALID_NATIONAL_CODE");
        FindCertificatesRequest legal = new FindCertificatesRequest();
        legal.setLegalId("10380284792");
        assertGatewayFault(() -> status.findCertificates(legal), "INVALID_LEGAL_ID");
        assertGatewayFault(() -> status.findCertificates(new FindCertificatesRequest()), "SCHEMA_INVALID");
        assertGatewayFault(
                () -> status.findCertificates(byNationalCode(Requests.NATIONAL_CODE, 0, 2)), "SCHEMA_INVALID");
    }

    @Test
    void check_certificate_status_refuses_garbage() {
        assertGatewayFault(() -> byCertificate(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}), "CERTIFICATE_UNPARSABLE");
        assertGatewayFault(() -> byIssuerAndSerial(alis.get(0).getIssuer(), "not-hex"), "INVALID_SERIAL_NUMBER");
        assertGatewayFault(() -> byIssuerAndSerial("no distinguished name here", "01"), "INVALID_ISSUER");
        assertGatewayFault(() -> status.checkCertificateStatus(new CheckCertificateStatusRequest()), "SCHEMA_INVALID");
    }

    @Test
    void the_soap_12_port_answers_and_refuses_alike() {
        StatusServicePortType soap12 = Services.statusSoap12(gateway);
        CheckCertificateStatusRequest r = new CheckCertificateStatusRequest();
        r.setCertificate(alis.get(1).getDer());
        org.assertj.core.api.Assertions.assertThatCode(() ->
                        assertThat(soap12.checkCertificateStatus(r).getStatus()).isEqualTo(CertificateStatus.GOOD))
                .doesNotThrowAnyException();
        assertGatewayFault(
                () -> soap12.findCertificates(byNationalCode(Requests.NATIONAL_CODE, 1, 11)), "PAGE_TOO_LARGE");
    }

    static FindCertificatesRequest byNationalCode(String code, Integer page, Integer pageSize) {
        FindCertificatesRequest r = new FindCertificatesRequest();
        r.setNationalCode(code);
        r.setPage(page == null ? null : BigInteger.valueOf(page));
        r.setPageSize(pageSize == null ? null : BigInteger.valueOf(pageSize));
        return r;
    }

    static FindCertificatesResponse find(FindCertificatesRequest r) throws Exception {
        return status.findCertificates(r);
    }

    static CheckCertificateStatusResponse byCertificate(byte[] der) throws Exception {
        CheckCertificateStatusRequest r = new CheckCertificateStatusRequest();
        r.setCertificate(der);
        return status.checkCertificateStatus(r);
    }

    static CheckCertificateStatusResponse byIssuerAndSerial(String issuer, String serial) throws Exception {
        IssuerAndSerial is = new IssuerAndSerial();
        is.setIssuer(issuer);
        is.setSerialNumber(serial);
        CheckCertificateStatusRequest r = new CheckCertificateStatusRequest();
        r.setIssuerAndSerial(is);
        return status.checkCertificateStatus(r);
    }
}
