package ir.meganaft.ragateway.intake;

import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.ChannelDetails;
import java.util.List;

/**
 * A certificate request as a caller sent it, before it is stored.
 *
 * @param csrDer the CSR as DER bytes, or null when {@code csrPem} is given
 * @param csrPem the CSR as PEM text, or null
 * @param profile the certificateProfile asked for, or null for the default
 * @param companyLegalId inside the industry, the sending company's legal ID (checked, not stored), or null
 */
public record Submission(String callerSystemId, String clientRequestId, String callerOperator, String replyTo,
        Applicant applicant, ChannelDetails channel, List<Document> documents, byte[] csrDer, String csrPem,
        String profile, String remarks, String companyLegalId) {

    /** A document and, when the caller sent it, its scan. */
    public record Document(String type, String holder, String number, String issuer, java.time.LocalDate issueDate,
            java.time.LocalDate expiryDate, String description, String fileName, byte[] file) {
    }
}
