package ir.meganaft.ragateway.intake;

import ir.meganaft.ragateway.csr.Fingerprints;
import ir.meganaft.ragateway.idempotency.ContentHash;
import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.ChannelDetails;
import ir.meganaft.ragateway.request.Representative;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A certificate request as a caller sent it, before it is stored.
 *
 * @param csrDer the CSR as DER bytes, or null when {@code csrPem} is given
 * @param csrPem the CSR as PEM text, or null
 * @param profile the certificateProfile asked for, or null for the default
 * @param companyLegalId inside the industry, the sending company's legal ID (checked, not stored), or null
 */
public record Submission(
        String callerSystemId,
        String clientRequestId,
        String callerOperator,
        String replyTo,
        Applicant applicant,
        ChannelDetails channel,
        List<Document> documents,
        byte[] csrDer,
        String csrPem,
        String profile,
        String remarks,
        String companyLegalId) {

    /** A document and, when the caller sent it, its scan. */
    public record Document(
            String type,
            String holder,
            String number,
            String issuer,
            java.time.LocalDate issueDate,
            java.time.LocalDate expiryDate,
            String description,
            String fileName,
            byte[] file) {}

    /**
     * What the caller asked for, so a retry can be told from a different request: the applicant,
     * the representative if any, the channel, profile and replyTo, each document (its scan by
     * SHA-256), then the CSR as sent. Remarks, the operator and file names are not content. The
     * requests already stored hold exactly this value: the list must not change.
     */
    public ContentHash contentHash() {
        List<Object> fields = new ArrayList<>();
        Applicant a = applicant;
        Collections.addAll(
                fields,
                a.kind(),
                a.givenName(),
                a.surname(),
                a.givenNameLatin(),
                a.surnameLatin(),
                a.nationalCode(),
                a.birthDate(),
                a.email(),
                a.mobile(),
                a.postalCode(),
                a.organizationName(),
                a.organizationNameLatin(),
                a.organizationalUnit(),
                a.legalId(),
                a.jobTitle(),
                a.contractType(),
                a.personnelNumber(),
                a.identificationMethod());
        Representative r = a.representative();
        if (r != null) {
            Collections.addAll(
                    fields,
                    r.givenName(),
                    r.surname(),
                    r.nationalCode(),
                    r.email(),
                    r.mobile(),
                    r.identificationMethod(),
                    r.authorizationReference(),
                    r.authorizationTerms(),
                    r.authorizationValidUntil());
        }
        ChannelDetails c = channel;
        Collections.addAll(
                fields,
                c.channel(),
                c.companyName(),
                c.rdUnit(),
                c.contractingAuthority(),
                c.raOffice(),
                c.paymentReference(),
                profile,
                replyTo);
        for (Document d : documents) {
            Collections.addAll(
                    fields,
                    d.type(),
                    d.holder(),
                    d.number(),
                    d.issuer(),
                    d.issueDate(),
                    d.expiryDate(),
                    d.file() == null ? null : Fingerprints.sha256Hex(d.file()));
        }
        byte[] csr = csrDer != null ? csrDer : csrPem.strip().getBytes(StandardCharsets.US_ASCII);
        return ContentHash.of(fields, csr);
    }
}
