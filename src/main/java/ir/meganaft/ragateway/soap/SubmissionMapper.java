package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.contract.registration.SubmitCertificateRequest;
import ir.meganaft.ragateway.contract.types.Applicant;
import ir.meganaft.ragateway.contract.types.Authorization;
import ir.meganaft.ragateway.contract.types.ChannelDetails;
import ir.meganaft.ragateway.contract.types.ContactDetails;
import ir.meganaft.ragateway.contract.types.Document;
import ir.meganaft.ragateway.contract.types.Employment;
import ir.meganaft.ragateway.contract.types.Organization;
import ir.meganaft.ragateway.contract.types.Person;
import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.identity.PersianText;
import ir.meganaft.ragateway.intake.Submission;
import ir.meganaft.ragateway.request.ApplicantKind;
import ir.meganaft.ragateway.request.Channel;
import ir.meganaft.ragateway.request.Representative;
import jakarta.activation.DataHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * SubmitCertificateRequest to {@link Submission}: identifiers get ASCII digits; text goes as sent,
 * for intake to check and normalize (intake/CertificateNames). Structural rules the schema cannot
 * say (which parts an applicant kind needs) are SCHEMA_INVALID faults naming the missing element.
 */
final class SubmissionMapper {
    /** The largest scan accepted per document. */
    static final int MAX_FILE_BYTES = 10 * 1024 * 1024;

    Submission toSubmission(SubmitCertificateRequest r, ir.meganaft.ragateway.security.Caller caller) {
        ApplicantKind kind = ApplicantKind.valueOf(r.getApplicant().getKind().value());
        ir.meganaft.ragateway.request.Applicant applicant = applicant(kind, r.getApplicant());
        ChannelDetails c = r.getChannel();
        Channel channel = Channel.valueOf(c.getChannel().value());
        ir.meganaft.ragateway.request.ChannelDetails channelDetails = new ir.meganaft.ragateway.request.ChannelDetails(
                channel,
                c.getInside() == null ? null : c.getInside().getCompanyName(),
                c.getInside() == null ? null : c.getInside().getRdUnit(),
                c.getInside() == null ? null : c.getInside().getContractingAuthority(),
                c.getOutside() == null ? null : c.getOutside().getRaOffice(),
                c.getOutside() == null ? null : c.getOutside().getPaymentReference());
        List<Submission.Document> documents = new ArrayList<>();
        for (Document d : RegistrationSoap.documents(r)) {
            documents.add(new Submission.Document(
                    d.getType().value(),
                    d.getHolder() == null ? null : d.getHolder().value(),
                    d.getNumber(),
                    d.getIssuer(),
                    d.getIssueDate(),
                    d.getExpiryDate(),
                    d.getDescription(),
                    d.getFileName(),
                    bytes(d.getFile(), d.getType().value())));
        }
        return new Submission(
                caller.id(),
                r.getHeader().getClientRequestId(),
                RegistrationSoap.operator(r.getHeader()),
                r.getHeader().getReplyTo(),
                applicant,
                channelDetails,
                documents,
                r.getCsr().getDer(),
                r.getCsr().getPem(),
                r.getCertificateProfile(),
                r.getRemarks(),
                c.getInside() == null
                        ? null
                        : PersianText.asciiDigits(c.getInside().getCompanyLegalId()));
    }

    private static ir.meganaft.ragateway.request.Applicant applicant(ApplicantKind kind, Applicant a) {
        Organization organization = a.getOrganization();
        Person person = a.getPerson();
        ContactDetails contact;
        if (kind == ApplicantKind.ORGANIZATION) {
            if (organization == null) {
                throw missing("applicant/organization", "an ORGANIZATION applicant");
            }
            if (a.getRepresentative() == null) {
                throw missing("applicant/representative", "an ORGANIZATION applicant (its representative)");
            }
            contact = organization.getContact();
            person = null;
        } else {
            if (person == null) {
                throw missing("applicant/person", "an " + kind + " applicant");
            }
            if (kind == ApplicantKind.REPRESENTATIVE && a.getRepresentative() == null) {
                throw missing("applicant/representative", "a REPRESENTATIVE application");
            }
            contact = person.getContact();
        }
        Employment employment = a.getEmployment();
        String organizationName = organization != null
                ? organization.getName()
                : employment == null ? null : employment.getOrganizationName();
        String unit = organization != null
                ? organization.getOrganizationalUnit()
                : employment == null ? null : employment.getOrganizationalUnit();
        return new ir.meganaft.ragateway.request.Applicant(
                kind,
                person == null ? null : person.getGivenName(),
                person == null ? null : person.getSurname(),
                person == null ? null : person.getGivenNameLatin(),
                person == null ? null : person.getSurnameLatin(),
                person == null ? null : PersianText.asciiDigits(person.getNationalCode()),
                person == null ? null : person.getBirthDate(),
                contact.getEmail().trim(),
                PersianText.asciiDigits(contact.getMobile()),
                PersianText.asciiDigits(contact.getPostalCode()),
                organizationName,
                organization == null ? null : organization.getNameLatin(),
                unit,
                organization == null ? null : PersianText.asciiDigits(organization.getLegalId()),
                employment == null ? null : employment.getJobTitle(),
                employment == null ? null : employment.getContractType(),
                employment == null ? null : employment.getPersonnelNumber(),
                a.getIdentificationMethod() == null
                        ? null
                        : a.getIdentificationMethod().value(),
                representative(a.getRepresentative()));
    }

    private static Representative representative(ir.meganaft.ragateway.contract.types.Representative r) {
        if (r == null) {
            return null;
        }
        Person p = r.getPerson();
        Authorization authorization = r.getAuthorization();
        return new Representative(
                p.getGivenName(),
                p.getSurname(),
                PersianText.asciiDigits(p.getNationalCode()),
                p.getContact().getEmail().trim(),
                PersianText.asciiDigits(p.getContact().getMobile()),
                r.getIdentificationMethod() == null
                        ? null
                        : r.getIdentificationMethod().value(),
                authorization == null ? null : authorization.getReference(),
                authorization == null ? null : authorization.getTerms(),
                authorization == null ? null : authorization.getValidUntil());
    }

    private static byte[] bytes(DataHandler file, String documentType) {
        if (file == null) {
            return null;
        }
        try (InputStream in = file.getInputStream()) {
            byte[] content = in.readNBytes(MAX_FILE_BYTES + 1);
            if (content.length > MAX_FILE_BYTES) {
                throw new GatewayException(
                        FaultCode.SCHEMA_INVALID,
                        "The scan of " + documentType + " is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MB",
                        "documents/document/file",
                        null);
            }
            return content;
        } catch (IOException e) {
            throw new GatewayException(
                    FaultCode.SCHEMA_INVALID,
                    "The scan of " + documentType + " cannot be read: " + e.getMessage(),
                    "documents/document/file",
                    null);
        }
    }

    private static GatewayException missing(String element, String what) {
        return new GatewayException(
                FaultCode.SCHEMA_INVALID, "Element " + element + " is required for " + what, element, null);
    }
}
