package ir.meganaft.ragateway.intake;

import static ir.meganaft.ragateway.intake.CertificateNames.freeText;
import static ir.meganaft.ragateway.intake.CertificateNames.latinName;
import static ir.meganaft.ragateway.intake.CertificateNames.name;

import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.ApplicantKind;
import ir.meganaft.ragateway.request.ChannelDetails;
import ir.meganaft.ragateway.request.Representative;
import java.util.List;

/**
 * Every text field of a submission through {@link CertificateNames}, each with the name of its XML
 * field, in document order so the first bad field is the one reported.
 */
final class TextFields {
    private TextFields() {}

    static Submission normalized(Submission s) {
        Applicant a = s.applicant();
        boolean organization = a.kind() == ApplicantKind.ORGANIZATION;
        String org = organization ? "applicant/organization/" : "applicant/employment/";
        String unit =
                organization ? "applicant/organization/organizationalUnit" : "applicant/employment/organizationalUnit";
        Applicant applicant = new Applicant(
                a.kind(),
                name(a.givenName(), "applicant/person/givenName"),
                name(a.surname(), "applicant/person/surname"),
                latinName(a.givenNameLatin(), "applicant/person/givenNameLatin"),
                latinName(a.surnameLatin(), "applicant/person/surnameLatin"),
                a.nationalCode(),
                a.birthDate(),
                a.email(),
                a.mobile(),
                a.postalCode(),
                name(a.organizationName(), organization ? org + "name" : org + "organizationName"),
                latinName(a.organizationNameLatin(), "applicant/organization/nameLatin"),
                name(a.organizationalUnit(), unit),
                a.legalId(),
                name(a.jobTitle(), "applicant/employment/jobTitle"),
                name(a.contractType(), "applicant/employment/contractType"),
                name(a.personnelNumber(), "applicant/employment/personnelNumber"),
                a.identificationMethod(),
                representative(a.representative()));
        ChannelDetails c = s.channel();
        ChannelDetails channel = new ChannelDetails(
                c.channel(),
                name(c.companyName(), "channel/inside/companyName"),
                name(c.rdUnit(), "channel/inside/rdUnit"),
                name(c.contractingAuthority(), "channel/inside/contractingAuthority"),
                name(c.raOffice(), "channel/outside/raOffice"),
                name(c.paymentReference(), "channel/outside/paymentReference"));
        List<Submission.Document> documents = s.documents().stream()
                .map(d -> new Submission.Document(
                        d.type(),
                        d.holder(),
                        name(d.number(), "documents/document/number"),
                        name(d.issuer(), "documents/document/issuer"),
                        d.issueDate(),
                        d.expiryDate(),
                        freeText(d.description(), "documents/document/description"),
                        name(d.fileName(), "documents/document/fileName"),
                        d.file()))
                .toList();
        return new Submission(
                s.callerSystemId(),
                s.clientRequestId(),
                s.callerOperator(),
                s.replyTo(),
                applicant,
                channel,
                documents,
                s.csrDer(),
                s.csrPem(),
                s.profile(),
                freeText(s.remarks(), "remarks"),
                s.companyLegalId());
    }

    private static Representative representative(Representative r) {
        if (r == null) {
            return null;
        }
        String person = "applicant/representative/person/";
        String authorization = "applicant/representative/authorization/";
        return new Representative(
                name(r.givenName(), person + "givenName"),
                name(r.surname(), person + "surname"),
                r.nationalCode(),
                r.email(),
                r.mobile(),
                r.identificationMethod(),
                name(r.authorizationReference(), authorization + "reference"),
                freeText(r.authorizationTerms(), authorization + "terms"),
                r.authorizationValidUntil());
    }
}
