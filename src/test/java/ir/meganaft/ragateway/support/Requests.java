package ir.meganaft.ragateway.support;

import ir.meganaft.ragateway.contract.officer.ApproveRequestRequest;
import ir.meganaft.ragateway.contract.officer.RejectRequestRequest;
import ir.meganaft.ragateway.contract.registration.GetCertificateRequest;
import ir.meganaft.ragateway.contract.registration.GetRequestStatusRequest;
import ir.meganaft.ragateway.contract.registration.SubmitCertificateRequest;
import ir.meganaft.ragateway.contract.types.Applicant;
import ir.meganaft.ragateway.contract.types.ApplicantKind;
import ir.meganaft.ragateway.contract.types.Caller;
import ir.meganaft.ragateway.contract.types.Channel;
import ir.meganaft.ragateway.contract.types.ChannelDetails;
import ir.meganaft.ragateway.contract.types.ContactDetails;
import ir.meganaft.ragateway.contract.types.Csr;
import ir.meganaft.ragateway.contract.types.InsideIndustryRouting;
import ir.meganaft.ragateway.contract.types.OfficerIdentity;
import ir.meganaft.ragateway.contract.types.Person;
import ir.meganaft.ragateway.contract.types.RequestHeader;
import java.security.KeyPair;
import java.util.UUID;

/** Contract messages for tests, filled in with a valid applicant (national code from shared/domain.md). */
public final class Requests {
    public static final String SYSTEM = "NIOC-HR";
    public static final String NATIONAL_CODE = "0499370899";

    private Requests() {
    }

    public static String newClientRequestId() {
        return "HR-" + UUID.randomUUID();
    }

    /** An individual inside the industry, "علی رضایی", with a CSR for the given key. */
    public static SubmitCertificateRequest individual(String clientRequestId, KeyPair keys) {
        return individual(clientRequestId, TestCsrs.csr(TestCsrs.person("علی رضایی", NATIONAL_CODE), keys));
    }

    public static SubmitCertificateRequest individual(String clientRequestId, byte[] csrDer) {
        SubmitCertificateRequest r = new SubmitCertificateRequest();
        RequestHeader header = new RequestHeader();
        header.setClientRequestId(clientRequestId);
        Caller caller = new Caller();
        caller.setSystemId(SYSTEM);
        header.setCaller(caller);
        r.setHeader(header);

        Person person = new Person();
        person.setGivenName("علی");
        person.setSurname("رضایی");
        person.setGivenNameLatin("Ali");
        person.setSurnameLatin("Rezaei");
        person.setNationalCode(NATIONAL_CODE);
        ContactDetails contact = new ContactDetails();
        contact.setEmail("ali.rezaei@nioc.example");
        person.setContact(contact);
        Applicant applicant = new Applicant();
        applicant.setKind(ApplicantKind.INDIVIDUAL);
        applicant.setPerson(person);
        r.setApplicant(applicant);

        ChannelDetails channel = new ChannelDetails();
        channel.setChannel(Channel.INSIDE_INDUSTRY);
        InsideIndustryRouting inside = new InsideIndustryRouting();
        inside.setCompanyName("شرکت ملی نفت ایران");
        inside.setRdUnit("R&D Tehran");
        inside.setContractingAuthority("NIOC contracts office");
        channel.setInside(inside);
        r.setChannel(channel);

        Csr csr = new Csr();
        csr.setDer(csrDer);
        r.setCsr(csr);
        return r;
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

    public static ApproveRequestRequest approve(String requestId) {
        ApproveRequestRequest r = new ApproveRequestRequest();
        r.setOfficer(officer("officer-1"));
        r.setRequestId(requestId);
        return r;
    }

    public static RejectRequestRequest reject(String requestId, String reason) {
        RejectRequestRequest r = new RejectRequestRequest();
        r.setOfficer(officer("officer-2"));
        r.setRequestId(requestId);
        r.setReason(reason);
        return r;
    }

    public static OfficerIdentity officer(String id) {
        OfficerIdentity officer = new OfficerIdentity();
        officer.setOfficerId(id);
        return officer;
    }
}
