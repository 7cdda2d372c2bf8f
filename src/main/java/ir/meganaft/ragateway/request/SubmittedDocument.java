package ir.meganaft.ragateway.request;

import java.time.LocalDate;

/** A document's metadata; the scan itself is kept content-addressed under its SHA-256. */
public record SubmittedDocument(
        String type,
        String holder,
        String number,
        String issuer,
        LocalDate issueDate,
        LocalDate expiryDate,
        String description,
        String fileName,
        String fileSha256,
        Long fileSize) {}
