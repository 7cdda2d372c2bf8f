package ir.meganaft.ragateway.support;

import ir.meganaft.ragateway.contract.officer.ApproveRequestRequest;
import ir.meganaft.ragateway.contract.officer.CheckedDocument;
import ir.meganaft.ragateway.contract.officer.ListEvidenceRequest;
import ir.meganaft.ragateway.contract.officer.OfficerServicePortType;
import ir.meganaft.ragateway.contract.officer.RecordDeliveryRequest;
import ir.meganaft.ragateway.contract.officer.RecordDocumentCheckRequest;
import ir.meganaft.ragateway.contract.officer.RecordIdentityCheckRequest;
import ir.meganaft.ragateway.contract.officer.RecordPaymentRequest;
import ir.meganaft.ragateway.contract.officer.RejectRequestRequest;
import ir.meganaft.ragateway.contract.officer.RevokeByRaRequest;
import ir.meganaft.ragateway.contract.registration.GetCertificateRequest;
import ir.meganaft.ragateway.contract.registration.GetRequestStatusRequest;
import ir.meganaft.ragateway.contract.registration.SubmitCertificateRequest;
import ir.meganaft.ragateway.contract.types.Applicant;
import ir.meganaft.ragateway.contract.types.ApplicantKind;
import ir.meganaft.ragateway.contract.types.Authorization;
import ir.meganaft.ragateway.contract.types.Caller;
import ir.meganaft.ragateway.contract.types.CertificateReference;
import ir.meganaft.ragateway.contract.types.Channel;
import ir.meganaft.ragateway.contract.types.ChannelDetails;
import ir.meganaft.ragateway.contract.types.ContactDetails;
import ir.meganaft.ragateway.contract.types.Csr;
import ir.meganaft.ragateway.contract.types.Document;
import ir.meganaft.ragateway.contract.types.DocumentHolder;
import ir.meganaft.ragateway.contract.types.DocumentType;
import ir.meganaft.ragateway.contract.types.Documents;
import ir.meganaft.ragateway.contract.types.EvidenceDocument;
import ir.meganaft.ragateway.contract.types.IdentificationMethod;
import ir.meganaft.ragateway.contract.types.InsideIndustryRouting;
import ir.meganaft.ragateway.contract.types.OfficerIdentity;
import ir.meganaft.ragateway.contract.types.Organization;
import ir.meganaft.ragateway.contract.types.OutsideIndustryRouting;
import ir.meganaft.ragateway.contract.types.Person;
import ir.meganaft.ragateway.contract.types.Representative;
import ir.meganaft.ragateway.contract.types.RequestHeader;
import ir.meganaft.ragateway.contract.types.RevocationReason;
import jakarta.activation.DataHandler;
import jakarta.mail.util.ByteArrayDataSource;
import java.security.KeyPair;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Contract messages for tests, filled in with valid applicants (identifiers from docs/domain.md)
 * and the documents config/ requires of each kind.
 */
public final class Requests {
    public static final String SYSTEM = "NIOC-HR";
    public static final String NATIONAL_CODE = "0499370899";
    public static final String OTHER_NATIONAL_CODE = "4400276201";
    public static final String LEGAL_ID = "10380284790";
    public static final String ORGANIZATION_NAME = "شرکت ملی حفاری ایران";

    private Requests() {}

    public static String newClientRequestId() {
        return "HR-" + UUID.randomUUID();
    }

    /** An individual inside the industry, "علی رضایی", with a CSR for the given key. */
    public static SubmitCertificateRequest individual(String clientRequestId, KeyPair keys) {
        return individual(clientRequestId, TestCsrs.csr(TestCsrs.person("علی رضایی", NATIONAL_CODE), keys));
    }

    public static SubmitCertificateRequest individual(String clientRequestId, byte[] csrDer) {
        Applicant applicant = new Applicant();
        applicant.setKind(ApplicantKind.INDIVIDUAL);
        applicant.setPerson(person("علی", "رضایی", "Ali", "Rezaei", NATIONAL_CODE, "ali.rezaei@nioc.example"));
        return request(
                clientRequestId,
                applicant,
                csrDer,
                document(DocumentType.REQUEST_FORM, null),
                document(DocumentType.NATIONAL_CARD, DocumentHolder.APPLICANT),
                document(DocumentType.BIRTH_CERTIFICATE, DocumentHolder.APPLICANT));
    }

    /** An organization certificate for the drilling company, applied for by its representative. */
    public static SubmitCertificateRequest organization(String clientRequestId, KeyPair keys) {
        Organization organization = new Organization();
        organization.setName(ORGANIZATION_NAME);
        organization.setNameLatin("National Iranian Drilling Company");
        organization.setLegalId(LEGAL_ID);
        organization.setContact(contact("pki@nidc.example"));
        Representative representative = new Representative();
        representative.setPerson(
                person("سارا", "احمدی", "Sara", "Ahmadi", OTHER_NATIONAL_CODE, "s.ahmadi@nidc.example"));
        representative.setIdentificationMethod(IdentificationMethod.IN_PERSON_ORIGINAL_DOCUMENTS);
        Applicant applicant = new Applicant();
        applicant.setKind(ApplicantKind.ORGANIZATION);
        applicant.setOrganization(organization);
        applicant.setRepresentative(representative);
        byte[] csr = TestCsrs.csr(new org.bouncycastle.asn1.x500.X500Name("C=IR,CN=" + ORGANIZATION_NAME), keys);
        return request(
                clientRequestId,
                applicant,
                csr,
                document(DocumentType.REQUEST_FORM, null),
                document(DocumentType.ARTICLES_OF_ASSOCIATION, DocumentHolder.ORGANIZATION),
                document(DocumentType.ESTABLISHMENT_NOTICE, DocumentHolder.ORGANIZATION),
                document(DocumentType.OFFICIAL_GAZETTE_CHANGES, DocumentHolder.ORGANIZATION),
                document(DocumentType.REQUEST_LETTER, DocumentHolder.ORGANIZATION),
                document(DocumentType.LETTER_OF_INTRODUCTION, DocumentHolder.ORGANIZATION),
                document(DocumentType.NATIONAL_CARD, DocumentHolder.REPRESENTATIVE),
                document(DocumentType.PASSPORT, DocumentHolder.REPRESENTATIVE));
    }

    /** Ali's certificate, applied for on his behalf by Sara under a power of attorney. */
    public static SubmitCertificateRequest throughRepresentative(String clientRequestId, KeyPair keys) {
        Representative representative = new Representative();
        representative.setPerson(
                person("سارا", "احمدی", "Sara", "Ahmadi", OTHER_NATIONAL_CODE, "s.ahmadi@nidc.example"));
        Authorization authorization = new Authorization();
        authorization.setReference("POA-1405-0042");
        authorization.setTerms("May apply for and collect Ali Rezaei's signing certificate");
        authorization.setValidUntil(LocalDate.now().plusYears(1));
        representative.setAuthorization(authorization);
        representative.setIdentificationMethod(IdentificationMethod.IN_PERSON_ORIGINAL_DOCUMENTS);
        Applicant applicant = new Applicant();
        applicant.setKind(ApplicantKind.REPRESENTATIVE);
        applicant.setPerson(person("علی", "رضایی", "Ali", "Rezaei", NATIONAL_CODE, "ali.rezaei@nioc.example"));
        applicant.setRepresentative(representative);
        applicant.setIdentificationMethod(IdentificationMethod.CERTIFIED_COPIES);
        return request(
                clientRequestId,
                applicant,
                TestCsrs.csr(TestCsrs.person("Ali Rezaei", null), keys),
                document(DocumentType.REQUEST_FORM, null),
                document(DocumentType.NATIONAL_CARD, DocumentHolder.APPLICANT),
                document(DocumentType.NATIONAL_CARD, DocumentHolder.REPRESENTATIVE),
                document(DocumentType.AUTHORIZATION, DocumentHolder.REPRESENTATIVE));
    }

    /** The same request, coming in person to an RA office outside the industry. */
    public static SubmitCertificateRequest outside(SubmitCertificateRequest request) {
        ChannelDetails channel = new ChannelDetails();
        channel.setChannel(Channel.OUTSIDE_INDUSTRY);
        OutsideIndustryRouting outside = new OutsideIndustryRouting();
        outside.setRaOffice("RA office, Tehran");
        channel.setOutside(outside);
        request.setChannel(channel);
        return request;
    }

    static SubmitCertificateRequest request(
            String clientRequestId, Applicant applicant, byte[] csrDer, Document... documents) {
        SubmitCertificateRequest r = new SubmitCertificateRequest();
        RequestHeader header = new RequestHeader();
        header.setClientRequestId(clientRequestId);
        Caller caller = new Caller();
        caller.setSystemId(SYSTEM);
        header.setCaller(caller);
        r.setHeader(header);
        r.setApplicant(applicant);

        ChannelDetails channel = new ChannelDetails();
        channel.setChannel(Channel.INSIDE_INDUSTRY);
        InsideIndustryRouting inside = new InsideIndustryRouting();
        inside.setCompanyName("شرکت ملی نفت ایران");
        inside.setRdUnit("R&D Tehran");
        inside.setContractingAuthority("NIOC contracts office");
        channel.setInside(inside);
        r.setChannel(channel);

        Documents list = new Documents();
        for (Document d : documents) {
            list.getDocument().add(d);
        }
        r.setDocuments(list);

        Csr csr = new Csr();
        csr.setDer(csrDer);
        r.setCsr(csr);
        return r;
    }

    static Person person(
            String given, String surname, String givenLatin, String surnameLatin, String nationalCode, String email) {
        Person person = new Person();
        person.setGivenName(given);
        person.setSurname(surname);
        person.setGivenNameLatin(givenLatin);
        person.setSurnameLatin(surnameLatin);
        person.setNationalCode(nationalCode);
        person.setContact(contact(email));
        return person;
    }

    static ContactDetails contact(String email) {
        ContactDetails contact = new ContactDetails();
        contact.setEmail(email);
        return contact;
    }

    public static Document document(DocumentType type, DocumentHolder holder) {
        Document d = new Document();
        d.setType(type);
        d.setHolder(holder);
        d.setNumber(type.name().substring(0, 3) + "-" + (UUID.randomUUID().hashCode() & 0xffff));
        d.setExpiryDate(LocalDate.now().plusYears(2));
        return d;
    }

    public static GetRequestStatusRequest status(String requestId) {
        GetRequestStatusRequest r = new GetRequestStatusRequest();
        r.setRequestId(requestId);
        return r;
    }

    public static GetRequestStatusRequest statusByClientRequestId(String clientRequestId) {
        GetRequestStatusRequest r = new GetRequestStatusRequest();
        GetRequestStatusRequest.ByClientRequestId by = new GetRequestStatusRequest.ByClientRequestId();
        by.setCallerSystemId(SYSTEM);
        by.setClientRequestId(clientRequestId);
        r.setByClientRequestId(by);
        return r;
    }

    public static GetCertificateRequest certificate(String requestId) {
        GetCertificateRequest r = new GetCertificateRequest();
        r.setRequestId(requestId);
        return r;
    }

    public static RecordPaymentRequest payment(String officerId, String requestId, long amountRials) {
        RecordPaymentRequest r = new RecordPaymentRequest();
        r.setOfficer(officer(officerId));
        r.setRequestId(requestId);
        r.setPaymentReference("PAY-" + requestId.substring(0, 8));
        r.setAmountRials(amountRials);
        return r;
    }

    public static RecordIdentityCheckRequest identityCheck(String officerId, String requestId) {
        RecordIdentityCheckRequest r = new RecordIdentityCheckRequest();
        r.setOfficer(officer(officerId));
        r.setRequestId(requestId);
        r.setIdentificationMethod(IdentificationMethod.IN_PERSON_ORIGINAL_DOCUMENTS);
        r.setRepresentativeIdentificationMethod(IdentificationMethod.IN_PERSON_ORIGINAL_DOCUMENTS);
        r.setRemarks("photo matches the national card");
        return r;
    }

    /** A document check naming every document the request carries, each with its holder (as listEvidence gives them). */
    public static RecordDocumentCheckRequest documentCheck(
            OfficerServicePortType officer, String officerId, String requestId) throws Exception {
        ListEvidenceRequest list = new ListEvidenceRequest();
        list.setOfficer(officer(RunningGateway.ARCHIVIST));
        list.setRequestId(requestId);
        RecordDocumentCheckRequest r = documentCheck(officerId, requestId);
        for (EvidenceDocument d : officer.listEvidence(list).getDocument()) {
            r.getCheckedDocument().add(checked(d.getType(), d.getHolder()));
        }
        return r;
    }

    /** A document check naming these documents (add them with {@link #checked}). */
    public static RecordDocumentCheckRequest documentCheck(
            String officerId, String requestId, CheckedDocument... documents) {
        RecordDocumentCheckRequest r = new RecordDocumentCheckRequest();
        r.setOfficer(officer(officerId));
        r.setRequestId(requestId);
        r.getCheckedDocument().addAll(java.util.List.of(documents));
        return r;
    }

    /** A checked document; a null holder leaves the holder attribute out. */
    public static CheckedDocument checked(DocumentType type, DocumentHolder holder) {
        CheckedDocument d = new CheckedDocument();
        d.setValue(type);
        d.setHolder(holder);
        return d;
    }

    public static ApproveRequestRequest approve(String requestId) {
        return approve(RunningGateway.REGISTRAR, requestId);
    }

    public static ApproveRequestRequest approve(String officerId, String requestId) {
        ApproveRequestRequest r = new ApproveRequestRequest();
        r.setOfficer(officer(officerId));
        r.setRequestId(requestId);
        return r;
    }

    public static RejectRequestRequest reject(String requestId, String reason) {
        RejectRequestRequest r = new RejectRequestRequest();
        r.setOfficer(officer(RunningGateway.COMPLIANCE));
        r.setRequestId(requestId);
        r.setReason(reason);
        return r;
    }

    public static RecordDeliveryRequest delivery(String officerId, String requestId, String tokenSerial) {
        RecordDeliveryRequest r = new RecordDeliveryRequest();
        r.setOfficer(officer(officerId));
        r.setRequestId(requestId);
        r.setTokenSerialNumber(tokenSerial);
        return r;
    }

    /** A registrar revokes the certificate of {@code requestId} on the RA's own finding. */
    public static RevokeByRaRequest revokeByRa(String requestId, RevocationReason reason) {
        RevokeByRaRequest r = new RevokeByRaRequest();
        r.setOfficer(officer(RunningGateway.REGISTRAR));
        CertificateReference certificate = new CertificateReference();
        certificate.setRequestId(requestId);
        r.setCertificate(certificate);
        r.setReason(reason);
        r.setRemarks("found on review after issuance");
        return r;
    }

    public static OfficerIdentity officer(String id) {
        OfficerIdentity officer = new OfficerIdentity();
        officer.setOfficerId(id);
        return officer;
    }

    /** {@code request} with its national card's scan {@code scan} (inline, or by MTOM if the client enables it). */
    public static SubmitCertificateRequest withScan(SubmitCertificateRequest request, byte[] scan) {
        Document card = new Document();
        card.setType(DocumentType.NATIONAL_CARD);
        card.setNumber("۰۴۹۹۳۷۰۸۹۹");
        card.setFileName("card.png");
        card.setFile(new DataHandler(new ByteArrayDataSource(scan, "image/png")));
        request.getDocuments().getDocument().removeIf(d -> d.getType() == DocumentType.NATIONAL_CARD);
        request.getDocuments().getDocument().add(card);
        return request;
    }
}
