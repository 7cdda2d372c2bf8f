package ir.meganaft.ragateway;

import static ir.meganaft.ragateway.support.Faults.assertFault;
import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.contract.officer.GetEvidenceFileRequest;
import ir.meganaft.ragateway.contract.officer.ListEvidenceRequest;
import ir.meganaft.ragateway.contract.officer.ListEvidenceResponse;
import ir.meganaft.ragateway.contract.officer.OfficerServicePortType;
import ir.meganaft.ragateway.contract.registration.GetRequestStatusResponse;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.registration.SubmitCertificateRequest;
import ir.meganaft.ragateway.contract.types.CheckKind;
import ir.meganaft.ragateway.contract.types.CheckRecord;
import ir.meganaft.ragateway.contract.types.ContactDetails;
import ir.meganaft.ragateway.contract.types.Document;
import ir.meganaft.ragateway.contract.types.DocumentHolder;
import ir.meganaft.ragateway.contract.types.DocumentType;
import ir.meganaft.ragateway.contract.types.RaRole;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.support.CivilRegistryStandIn;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.TestPrincipals;
import ir.meganaft.ragateway.support.Walk;
import jakarta.activation.DataHandler;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.soap.SOAPBinding;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The center's vetting rules, through the SOAP services, with a civil-registry stand-in. */
class VettingIT {
    static final long TARIFF = 15_000_000L; // 12,000,000 token + 3,000,000 issuance in config/
    static final String REGISTERED_ELSEWHERE = "1234567891";

    @TempDir
    static Path data;

    static CivilRegistryStandIn registry;
    static RunningGateway gateway;
    static RegistrationServicePortType registration;
    static OfficerServicePortType officer;
    static Walk walk;

    @BeforeAll
    static void start() throws Exception {
        registry = new CivilRegistryStandIn(Map.of(
                Requests.NATIONAL_CODE,
                "علی رضایی",
                Requests.OTHER_NATIONAL_CODE,
                "سارا احمدی",
                REGISTERED_ELSEWHERE,
                "مریم کریمی"));
        gateway = RunningGateway.start(data, Map.of("gateway.civil-registry.url", registry.url()));
        registration = gateway.registration();
        officer = gateway.officer();
        walk = new Walk(gateway);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        registry.close();
    }

    static Stream<Arguments> kindsAndChannels() {
        BiFunction<String, KeyPair, SubmitCertificateRequest> individual = Requests::individual;
        BiFunction<String, KeyPair, SubmitCertificateRequest> organization = Requests::organization;
        BiFunction<String, KeyPair, SubmitCertificateRequest> representative = Requests::throughRepresentative;
        return Stream.of(
                Arguments.of("individual", individual, false), Arguments.of("individual", individual, true),
                Arguments.of("organization", organization, false), Arguments.of("organization", organization, true),
                Arguments.of("representative", representative, false),
                        Arguments.of("representative", representative, true));
    }

    @ParameterizedTest(name = "{0}, outside the industry: {2}")
    @MethodSource("kindsAndChannels")
    void walks_each_applicant_kind_through_each_channel_from_submission_to_delivery(
            String kind, BiFunction<String, KeyPair, SubmitCertificateRequest> request, boolean outside)
            throws Exception {
        SubmitCertificateRequest submit = request.apply(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        String id = registration
                .submitCertificateRequest(outside ? Requests.outside(submit) : submit)
                .getRequestId();
        if (outside) {
            GetRequestStatusResponse waiting = walk.awaitState(id, RequestState.AWAITING_PAYMENT);
            assertThat(waiting.getWaitingFor()).contains("15,000,000 rials");
            officer.recordPayment(Requests.payment(RunningGateway.REGISTRAR, id, TARIFF));
        }
        walk.vet(id);
        assertThat(registration
                        .getRequestStatus(Requests.status(id))
                        .getRequest()
                        .getState())
                .isEqualTo(RequestState.PENDING_APPROVAL);
        officer.approveRequest(Requests.approve(id));
        walk.awaitState(id, RequestState.ISSUED);
        officer.recordDelivery(Requests.delivery(RunningGateway.REGISTRAR, id, "TOKEN-" + id.substring(0, 8)));

        GetRequestStatusResponse delivered = registration.getRequestStatus(Requests.status(id));
        assertThat(delivered.getRequest().getState()).isEqualTo(RequestState.DELIVERED);
        assertThat(delivered.getDelivery().getTokenSerialNumber()).isEqualTo("TOKEN-" + id.substring(0, 8));
        assertThat(delivered.getDelivery().getDeliveredTo())
                .isEqualTo(
                        outside
                                ? (kind.equals("organization") ? "representative سارا احمدی" : "applicant علی رضایی")
                                : "R&D unit R&D Tehran");
        assertThat(delivered.getHistory().getChange())
                .extracting(c -> c.getState())
                .containsSubsequence(
                        RequestState.RECEIVED,
                        RequestState.PENDING_VETTING,
                        RequestState.PENDING_APPROVAL,
                        RequestState.APPROVED,
                        RequestState.ISSUED,
                        RequestState.DELIVERED);

        ListEvidenceResponse evidence = officer.listEvidence(evidence(id));
        assertThat(evidence.getCheck())
                .extracting(CheckRecord::getKind)
                .contains(
                        CheckKind.AUTOMATIC_CHECKS,
                        CheckKind.CIVIL_REGISTRY_INQUIRY,
                        CheckKind.IDENTITY_CHECK,
                        CheckKind.DOCUMENT_CHECK,
                        CheckKind.APPROVAL,
                        CheckKind.DELIVERY);
        CheckRecord identity = evidence.getCheck().stream()
                .filter(c -> c.getKind() == CheckKind.IDENTITY_CHECK)
                .findFirst()
                .orElseThrow();
        assertThat(identity.getActor()).isEqualTo("officer:" + RunningGateway.INTAKE);
        assertThat(identity.getRole()).isEqualTo(RaRole.INTAKE_OFFICER);
        assertThat(identity.getIdentificationMethod()).isNotNull();
        assertThat(evidence.getCheck())
                .filteredOn(c -> c.getKind() == CheckKind.CIVIL_REGISTRY_INQUIRY)
                .extracting(CheckRecord::getOutcome)
                .containsOnly("MATCH");
        if (outside) {
            assertThat(evidence.getCheck()).extracting(CheckRecord::getKind).contains(CheckKind.PAYMENT);
        }

        X500Name subject =
                X500Name.getInstance(certificate(id).getSubjectX500Principal().getEncoded());
        assertThat(value(subject, BCStyle.C)).isEqualTo("IR");
        if (kind.equals("organization")) {
            assertThat(value(subject, BCStyle.CN)).isEqualTo(Requests.ORGANIZATION_NAME);
            assertThat(value(subject, BCStyle.ORGANIZATION_IDENTIFIER)).isEqualTo("NTRIR-" + Requests.LEGAL_ID);
        } else {
            assertThat(value(subject, BCStyle.CN)).isEqualTo("علی رضایی");
            assertThat(value(subject, BCStyle.SERIALNUMBER)).isEqualTo(Requests.NATIONAL_CODE);
            assertThat(value(subject, BCStyle.O)).isEqualTo(outside ? "Unaffiliated" : "شرکت ملی نفت ایران");
        }
    }

    @Test
    void refuses_a_request_missing_required_documents_naming_each_one_and_stores_nothing() {
        String clientId = Requests.newClientRequestId();
        SubmitCertificateRequest request = Requests.organization(clientId, TestCsrs.ec("secp256r1"));
        request.getDocuments()
                .getDocument()
                .removeIf(d -> d.getType() == DocumentType.ARTICLES_OF_ASSOCIATION
                        || d.getType() == DocumentType.LETTER_OF_INTRODUCTION);
        var fault = assertFault(() -> registration.submitCertificateRequest(request), "MISSING_DOCUMENTS");
        assertThat(fault.getField())
                .isEqualTo("ORGANIZATION:ARTICLES_OF_ASSOCIATION, ORGANIZATION:LETTER_OF_INTRODUCTION");
        assertFault(() -> registration.getRequestStatus(Requests.statusByClientRequestId(clientId)), "UNKNOWN_REQUEST");
    }

    @Test
    void an_expired_document_does_not_count() {
        SubmitCertificateRequest request = Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        request.getDocuments().getDocument().stream()
                .filter(d -> d.getType() == DocumentType.NATIONAL_CARD)
                .forEach(d -> d.setExpiryDate(LocalDate.now().minusDays(1)));
        var fault = assertFault(() -> registration.submitCertificateRequest(request), "MISSING_DOCUMENTS");
        assertThat(fault.getMessage()).contains("APPLICANT:NATIONAL_CARD (expired");
    }

    @Test
    void refuses_a_name_with_a_bidi_override_at_intake_and_stores_nothing() {
        String clientId = Requests.newClientRequestId();
        SubmitCertificateRequest request = Requests.individual(clientId, TestCsrs.ec("secp256r1"));
        request.getApplicant().getPerson().setGivenName("علی\u202Eexe.txt");
        var fault = assertFault(() -> registration.submitCertificateRequest(request), "INVALID_NAME");
        assertThat(fault.getField()).isEqualTo("applicant/person/givenName");
        assertFault(() -> registration.getRequestStatus(Requests.statusByClientRequestId(clientId)), "UNKNOWN_REQUEST");
    }

    @Test
    void refuses_a_common_name_over_the_x520_bound_at_intake_and_stores_nothing() {
        // each part fits its own 64, but the CN "given surname" the certificate would carry is 71 characters
        String clientId = Requests.newClientRequestId();
        SubmitCertificateRequest request = Requests.individual(clientId, TestCsrs.ec("secp256r1"));
        request.getApplicant().getPerson().setGivenName("ع".repeat(30));
        request.getApplicant().getPerson().setSurname("ر".repeat(40));
        var fault = assertFault(() -> registration.submitCertificateRequest(request), "NAME_TOO_LONG");
        assertThat(fault.getField()).isEqualTo("applicant/person/givenName, applicant/person/surname");
        assertFault(() -> registration.getRequestStatus(Requests.statusByClientRequestId(clientId)), "UNKNOWN_REQUEST");

        String longId = Requests.newClientRequestId();
        SubmitCertificateRequest longName = Requests.individual(longId, TestCsrs.ec("secp256r1"));
        longName.getApplicant().getPerson().setSurname("ر".repeat(206));
        var tooLong = assertFault(() -> registration.submitCertificateRequest(longName), "NAME_TOO_LONG");
        assertThat(tooLong.getField()).isEqualTo("applicant/person/surname");
        assertFault(() -> registration.getRequestStatus(Requests.statusByClientRequestId(longId)), "UNKNOWN_REQUEST");
    }

    @Test
    void refuses_a_cyrillic_look_alike_in_a_latin_name() {
        SubmitCertificateRequest request = Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        request.getApplicant().getPerson().setGivenNameLatin("\u0410li");
        var fault = assertFault(() -> registration.submitCertificateRequest(request), "INVALID_NAME");
        assertThat(fault.getField()).isEqualTo("applicant/person/givenNameLatin");
    }

    @Test
    void refuses_an_unknown_certificate_profile_and_accepts_the_configured_one() throws Exception {
        SubmitCertificateRequest unknown = Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        unknown.setCertificateProfile("gold");
        var fault = assertFault(() -> registration.submitCertificateRequest(unknown), "UNKNOWN_PROFILE");
        assertThat(fault.getField()).isEqualTo("certificateProfile");

        SubmitCertificateRequest known = Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        known.setCertificateProfile("meganaft-subscriber");
        assertThat(registration.submitCertificateRequest(known).getRequestId()).isNotBlank();
    }

    @Test
    void refuses_a_company_legal_id_that_fails_its_check_digit() {
        SubmitCertificateRequest request = Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        request.getChannel().getInside().setCompanyLegalId("10380284792");
        var fault = assertFault(() -> registration.submitCertificateRequest(request), "INVALID_LEGAL_ID");
        assertThat(fault.getField()).isEqualTo("channel/inside/companyLegalId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0499370898", "1234567890", "1111111111"})
    void refuses_the_invalid_national_codes_of_the_domain_brief(String code) {
        SubmitCertificateRequest request = Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        request.getApplicant().getPerson().setNationalCode(code);
        var fault = assertFault(() -> registration.submitCertificateRequest(request), "INVALID_NATIONAL_CODE");
        assertThat(fault.getField()).isEqualTo("applicant/person/nationalCode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10380284792", "10380285692", "09748208301"})
    void refuses_the_invalid_legal_ids_of_the_domain_brief(String legalId) {
        SubmitCertificateRequest request =
                Requests.organization(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        request.getApplicant().getOrganization().setLegalId(legalId);
        assertFault(() -> registration.submitCertificateRequest(request), "INVALID_LEGAL_ID");
    }

    @Test
    void accepts_persian_digits_and_a_mobile_in_any_prefix_and_stores_them_normalized() throws Exception {
        SubmitCertificateRequest request = Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        request.getApplicant().getPerson().setNationalCode("۰۴۹۹۳۷۰۸۹۹");
        request.getApplicant().getPerson().getContact().setMobile("+98 912 123 4567");
        request.getApplicant().getPerson().setSurname("رضايي"); // Arabic yeh
        String id = registration.submitCertificateRequest(request).getRequestId();
        var summary = registration.getRequestStatus(Requests.status(id)).getRequest();
        assertThat(summary.getApplicantIdentifier()).isEqualTo("0499370899");
        assertThat(summary.getApplicantName()).isEqualTo("علی رضایی");
    }

    @Test
    void refuses_contact_details_that_are_not_iranian_mobiles_postal_codes_or_usable_e_mail() {
        SubmitCertificateRequest landline =
                Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        landline.getApplicant().getPerson().getContact().setMobile("02188888888");
        assertFault(() -> registration.submitCertificateRequest(landline), "INVALID_MOBILE");

        SubmitCertificateRequest postal = Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        postal.getApplicant().getPerson().getContact().setPostalCode("14176");
        // the schema already says 10 digits
        assertFault(() -> registration.submitCertificateRequest(postal), "SCHEMA_INVALID");

        SubmitCertificateRequest email = Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        ContactDetails contact = email.getApplicant().getPerson().getContact();
        contact.setEmail("ali..rezaei@nioc.example");
        assertFault(() -> registration.submitCertificateRequest(email), "INVALID_EMAIL");
    }

    @Test
    void refuses_a_csr_whose_subject_names_someone_else_than_the_organization() {
        SubmitCertificateRequest request =
                Requests.organization(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        request.getCsr().setDer(TestCsrs.csr(TestCsrs.person("سارا احمدی", null), TestCsrs.ec("secp256r1")));
        assertFault(() -> registration.submitCertificateRequest(request), "CSR_SUBJECT_MISMATCH");
    }

    @Test
    void an_application_through_a_representative_needs_the_authorization_and_how_each_was_identified() {
        SubmitCertificateRequest noAuthorization =
                Requests.throughRepresentative(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        noAuthorization.getApplicant().getRepresentative().setAuthorization(null);
        assertFault(() -> registration.submitCertificateRequest(noAuthorization), "INCOMPLETE_APPLICATION");

        SubmitCertificateRequest noMethod =
                Requests.throughRepresentative(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        noMethod.getApplicant().setIdentificationMethod(null);
        assertFault(() -> registration.submitCertificateRequest(noMethod), "INCOMPLETE_APPLICATION");
    }

    @Test
    void inside_the_industry_the_r_and_d_unit_and_contracting_authority_are_required() {
        SubmitCertificateRequest request = Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        request.getChannel().setInside(null);
        var fault = assertFault(() -> registration.submitCertificateRequest(request), "INCOMPLETE_APPLICATION");
        assertThat(fault.getField()).isEqualTo("channel/inside");
    }

    @Test
    void the_same_officer_cannot_do_both_the_identity_and_the_document_check() throws Exception {
        String id = submitted(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")));
        walk.awaitState(id, RequestState.PENDING_VETTING);
        officer.recordIdentityCheck(Requests.identityCheck(RunningGateway.BOTH_CHECKS, id));
        assertFault(
                () -> officer.recordDocumentCheck(Requests.documentCheck(officer, RunningGateway.BOTH_CHECKS, id)),
                "FOUR_EYES_VIOLATION");
        officer.recordDocumentCheck(Requests.documentCheck(officer, RunningGateway.COMPLIANCE, id));
        assertThat(registration
                        .getRequestStatus(Requests.status(id))
                        .getRequest()
                        .getState())
                .isEqualTo(RequestState.PENDING_APPROVAL);
    }

    @Test
    void a_document_check_must_cover_every_required_document() throws Exception {
        String id = submitted(Requests.organization(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")));
        walk.awaitState(id, RequestState.PENDING_VETTING);
        var partial = Requests.documentCheck(officer, RunningGateway.COMPLIANCE, id);
        partial.getCheckedDocument().removeIf(t -> t.getValue() == DocumentType.ARTICLES_OF_ASSOCIATION);
        var fault = assertFault(() -> officer.recordDocumentCheck(partial), "MISSING_DOCUMENTS");
        assertThat(fault.getField()).isEqualTo("ORGANIZATION:ARTICLES_OF_ASSOCIATION");
    }

    @Test
    void a_document_check_naming_a_document_not_on_file_is_refused_and_nothing_recorded() throws Exception {
        String id = submitted(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")));
        walk.awaitState(id, RequestState.PENDING_VETTING);
        var withLicence = Requests.documentCheck(officer, RunningGateway.COMPLIANCE, id);
        withLicence.getCheckedDocument().add(Requests.checked(DocumentType.DRIVING_LICENCE, DocumentHolder.APPLICANT));
        var fault = assertFault(() -> officer.recordDocumentCheck(withLicence), "UNKNOWN_DOCUMENT");
        assertThat(fault.getField()).isEqualTo("checkedDocument[4]");
        assertThat(fault.getMessage()).contains("APPLICANT:DRIVING_LICENCE");
        var someoneElses = Requests.documentCheck(
                RunningGateway.COMPLIANCE,
                id,
                Requests.checked(DocumentType.REQUEST_FORM, null),
                Requests.checked(DocumentType.NATIONAL_CARD, DocumentHolder.REPRESENTATIVE),
                Requests.checked(DocumentType.BIRTH_CERTIFICATE, null));
        assertThat(assertFault(() -> officer.recordDocumentCheck(someoneElses), "UNKNOWN_DOCUMENT")
                        .getField())
                .isEqualTo("checkedDocument[2]");
        assertThat(officer.listEvidence(evidence(id)).getCheck())
                .noneMatch(c -> c.getKind() == CheckKind.DOCUMENT_CHECK);
        assertThat(registration
                        .getRequestStatus(Requests.status(id))
                        .getRequest()
                        .getState())
                .isEqualTo(RequestState.PENDING_VETTING);
    }

    @Test
    void a_birth_certificate_cannot_be_claimed_when_a_passport_is_on_file() throws Exception {
        SubmitCertificateRequest request = Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        request.getDocuments().getDocument().removeIf(d -> d.getType() == DocumentType.BIRTH_CERTIFICATE);
        request.getDocuments().getDocument().add(Requests.document(DocumentType.PASSPORT, DocumentHolder.APPLICANT));
        String id = submitted(request);
        walk.awaitState(id, RequestState.PENDING_VETTING);
        var claimed = Requests.documentCheck(
                RunningGateway.COMPLIANCE,
                id,
                Requests.checked(DocumentType.REQUEST_FORM, null),
                Requests.checked(DocumentType.NATIONAL_CARD, null),
                Requests.checked(DocumentType.BIRTH_CERTIFICATE, DocumentHolder.APPLICANT));
        var fault = assertFault(() -> officer.recordDocumentCheck(claimed), "UNKNOWN_DOCUMENT");
        assertThat(fault.getField()).isEqualTo("checkedDocument[3]");
        assertThat(fault.getMessage()).contains("APPLICANT:PASSPORT");

        officer.recordDocumentCheck(Requests.documentCheck(
                RunningGateway.COMPLIANCE,
                id,
                Requests.checked(DocumentType.REQUEST_FORM, null),
                Requests.checked(DocumentType.NATIONAL_CARD, null),
                Requests.checked(DocumentType.PASSPORT, null)));
        assertThat(officer.listEvidence(evidence(id)).getCheck())
                .filteredOn(c -> c.getKind() == CheckKind.DOCUMENT_CHECK)
                .extracting(CheckRecord::getDetails)
                .containsExactly(
                        "documents checked: APPLICANT:REQUEST_FORM, APPLICANT:NATIONAL_CARD, APPLICANT:PASSPORT");
    }

    @Test
    void through_a_representative_one_national_card_does_not_cover_both_holders() throws Exception {
        SubmitCertificateRequest oneCard =
                Requests.throughRepresentative(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        oneCard.getDocuments()
                .getDocument()
                .removeIf(d ->
                        d.getType() == DocumentType.NATIONAL_CARD && d.getHolder() == DocumentHolder.REPRESENTATIVE);
        assertThat(assertFault(() -> registration.submitCertificateRequest(oneCard), "MISSING_DOCUMENTS")
                        .getField())
                .isEqualTo("REPRESENTATIVE:NATIONAL_CARD");

        String id = submitted(Requests.throughRepresentative(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")));
        walk.awaitState(id, RequestState.PENDING_VETTING);
        var applicantsOnly = Requests.documentCheck(
                RunningGateway.COMPLIANCE,
                id,
                Requests.checked(DocumentType.REQUEST_FORM, null),
                Requests.checked(DocumentType.NATIONAL_CARD, DocumentHolder.APPLICANT),
                Requests.checked(DocumentType.AUTHORIZATION, DocumentHolder.REPRESENTATIVE));
        assertThat(assertFault(() -> officer.recordDocumentCheck(applicantsOnly), "MISSING_DOCUMENTS")
                        .getField())
                .isEqualTo("REPRESENTATIVE:NATIONAL_CARD");
        var whose = Requests.documentCheck(
                RunningGateway.COMPLIANCE,
                id,
                Requests.checked(DocumentType.REQUEST_FORM, null),
                Requests.checked(DocumentType.NATIONAL_CARD, null),
                Requests.checked(DocumentType.AUTHORIZATION, null));
        var ambiguous = assertFault(() -> officer.recordDocumentCheck(whose), "UNKNOWN_DOCUMENT");
        assertThat(ambiguous.getField()).isEqualTo("checkedDocument[2]");
        assertThat(ambiguous.getMessage()).contains("APPLICANT, REPRESENTATIVE");

        officer.recordDocumentCheck(Requests.documentCheck(officer, RunningGateway.COMPLIANCE, id));
        assertThat(officer.listEvidence(evidence(id)).getCheck())
                .filteredOn(c -> c.getKind() == CheckKind.DOCUMENT_CHECK)
                .extracting(CheckRecord::getDetails)
                .containsExactly("documents checked: APPLICANT:REQUEST_FORM, "
                        + "APPLICANT:NATIONAL_CARD, REPRESENTATIVE:NATIONAL_CARD, REPRESENTATIVE:AUTHORIZATION");
    }

    @Test
    void an_officer_without_the_role_is_refused() throws Exception {
        String id = submitted(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")));
        walk.awaitState(id, RequestState.PENDING_VETTING);
        assertFault(
                () -> officer.recordIdentityCheck(Requests.identityCheck(RunningGateway.REGISTRAR, id)),
                "NOT_AUTHORIZED");
        assertFault(
                () -> officer.recordDocumentCheck(Requests.documentCheck(officer, RunningGateway.INTAKE, id)),
                "NOT_AUTHORIZED");
        assertFault(
                () -> gateway.officerAs(TestPrincipals.officer(RunningGateway.INTAKE))
                        .recordIdentityCheck(Requests.identityCheck("nobody", id)),
                "IDENTITY_MISMATCH");
        walk.vet(id);
        assertFault(() -> officer.approveRequest(Requests.approve(RunningGateway.INTAKE, id)), "NOT_AUTHORIZED");
        assertFault(() -> officer.listEvidence(evidence(id, RunningGateway.REGISTRAR)), "NOT_AUTHORIZED");
        assertThat(registration
                        .getRequestStatus(Requests.status(id))
                        .getRequest()
                        .getState())
                .isEqualTo(RequestState.PENDING_APPROVAL);
    }

    @Test
    void outside_the_industry_nothing_moves_before_the_tariff_is_paid() throws Exception {
        String id = submitted(
                Requests.outside(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"))));
        walk.awaitState(id, RequestState.AWAITING_PAYMENT);
        assertFault(() -> officer.approveRequest(Requests.approve(id)), "PAYMENT_REQUIRED");
        assertFault(
                () -> officer.recordIdentityCheck(Requests.identityCheck(RunningGateway.INTAKE, id)),
                "PAYMENT_REQUIRED");
        assertFault(
                () -> officer.recordPayment(Requests.payment(RunningGateway.REGISTRAR, id, TARIFF - 1)),
                "PAYMENT_MISMATCH");
        assertFault(
                () -> officer.recordPayment(Requests.payment(RunningGateway.COMPLIANCE, id, TARIFF)), "NOT_AUTHORIZED");
        officer.recordPayment(Requests.payment(RunningGateway.INTAKE, id, TARIFF));
        assertThat(registration
                        .getRequestStatus(Requests.status(id))
                        .getRequest()
                        .getState())
                .isEqualTo(RequestState.PENDING_VETTING);
    }

    @Test
    void illegal_transitions_are_faults_never_silent() throws Exception {
        String id = submitted(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")));
        walk.awaitState(id, RequestState.PENDING_VETTING);
        assertFault(() -> officer.approveRequest(Requests.approve(id)), "ILLEGAL_STATE");
        assertFault(
                () -> officer.recordDelivery(Requests.delivery(RunningGateway.REGISTRAR, id, "T-1")), "ILLEGAL_STATE");
        assertFault(
                () -> officer.recordPayment(Requests.payment(RunningGateway.REGISTRAR, id, TARIFF)), "ILLEGAL_STATE");
        officer.recordIdentityCheck(Requests.identityCheck(RunningGateway.INTAKE, id));
        assertFault(
                () -> officer.recordIdentityCheck(Requests.identityCheck(RunningGateway.INTAKE, id)), "ILLEGAL_STATE");
        GetRequestStatusResponse status = registration.getRequestStatus(Requests.status(id));
        assertThat(status.getWaitingFor()).contains("document check").doesNotContain("identity check");
        officer.recordDocumentCheck(Requests.documentCheck(officer, RunningGateway.COMPLIANCE, id));
        officer.approveRequest(Requests.approve(id));
        walk.awaitState(id, RequestState.ISSUED);
        assertFault(() -> officer.rejectRequest(Requests.reject(id, "too late")), "ILLEGAL_STATE");
        officer.recordDelivery(Requests.delivery(RunningGateway.REGISTRAR, id, "T-2"));
        assertFault(
                () -> officer.recordDelivery(Requests.delivery(RunningGateway.REGISTRAR, id, "T-3")), "ILLEGAL_STATE");
    }

    @Test
    void a_person_the_civil_registry_knows_under_another_name_is_rejected_with_the_evidence_kept() throws Exception {
        SubmitCertificateRequest request = Requests.individual(
                Requests.newClientRequestId(),
                TestCsrs.csr(TestCsrs.person("Ali Rezaei", null), TestCsrs.ec("secp256r1")));
        request.getApplicant().getPerson().setNationalCode(REGISTERED_ELSEWHERE);
        String id = submitted(request);
        GetRequestStatusResponse status = walk.awaitState(id, RequestState.REJECTED);
        assertThat(status.getRejection().getCode()).isEqualTo("CIVIL_REGISTRY_MISMATCH");
        assertThat(status.getRejection().getReason()).contains("مریم کریمی");
        assertThat(officer.listEvidence(evidence(id)).getCheck())
                .filteredOn(c -> c.getKind() == CheckKind.CIVIL_REGISTRY_INQUIRY)
                .extracting(CheckRecord::getOutcome)
                .containsExactly("MISMATCH");
    }

    @Test
    void the_archivist_lists_the_evidence_and_fetches_a_scan_by_its_sha256() throws Exception {
        RegistrationServicePortType mtom = gateway.registrationAs(TestPrincipals.system(Requests.SYSTEM));
        ((SOAPBinding) ((BindingProvider) mtom).getBinding()).setMTOMEnabled(true);
        SubmitCertificateRequest request = Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        byte[] scan = ("scan of the request form " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        Document form = request.getDocuments().getDocument().get(0);
        form.setFileName("form.pdf");
        form.setFile(new DataHandler(new jakarta.activation.DataSource() {
            public java.io.InputStream getInputStream() {
                return new ByteArrayInputStream(scan);
            }

            public java.io.OutputStream getOutputStream() {
                throw new UnsupportedOperationException();
            }

            public String getContentType() {
                return "application/pdf";
            }

            public String getName() {
                return "form.pdf";
            }
        }));
        String id = mtom.submitCertificateRequest(request).getRequestId();

        ListEvidenceResponse evidence = officer.listEvidence(evidence(id));
        var document = evidence.getDocument().stream()
                .filter(d -> d.getFileSha256() != null)
                .findFirst()
                .orElseThrow();
        assertThat(document.getFileSize()).isEqualTo(scan.length);
        GetEvidenceFileRequest fetch = new GetEvidenceFileRequest();
        fetch.setOfficer(Requests.officer(RunningGateway.ARCHIVIST));
        fetch.setRequestId(id);
        fetch.setSha256(document.getFileSha256());
        assertThat(officer.getEvidenceFile(fetch).getContent().getInputStream().readAllBytes())
                .isEqualTo(scan);

        fetch.setSha256("00" + document.getFileSha256().substring(2));
        assertFault(() -> officer.getEvidenceFile(fetch), "UNKNOWN_EVIDENCE");
    }

    private static String submitted(SubmitCertificateRequest request) throws Exception {
        return registration.submitCertificateRequest(request).getRequestId();
    }

    private static ListEvidenceRequest evidence(String id) {
        return evidence(id, RunningGateway.ARCHIVIST);
    }

    private static ListEvidenceRequest evidence(String id, String officerId) {
        ListEvidenceRequest r = new ListEvidenceRequest();
        r.setOfficer(Requests.officer(officerId));
        r.setRequestId(id);
        return r;
    }

    private static X509Certificate certificate(String id) throws Exception {
        byte[] der = registration
                .getCertificate(Requests.certificate(id))
                .getCertificate()
                .getDer();
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private static String value(X500Name name, ASN1ObjectIdentifier type) {
        return IETFUtils.valueToString(name.getRDNs(type)[0].getFirst().getValue());
    }
}
