package ir.meganaft.ragateway.vetting;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.Check;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.request.StateChange;
import ir.meganaft.ragateway.request.SubmittedDocument;
import ir.meganaft.ragateway.security.Officers;
import ir.meganaft.ragateway.security.RaRole;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.RequestQueries;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What is kept for a request, for the archivist (and the officers who check it): its documents
 * with their scans (for a renewal, the documents on file it relies on, {@code RequestQueries#documentsOnFile}), every check and decision with who made it, its history and its certificate.
 */
public final class EvidenceArchive {

    public record Evidence(
            CertificateRequest request,
            List<SubmittedDocument> documents,
            List<Check> checks,
            List<StateChange> history,
            String certificateSerialNumber) {}

    public record EvidenceFile(String sha256, String fileName, byte[] content) {}

    private final RequestQueries requests;
    private final CertificateStore certificates;
    private final Officers officers;
    private final Function<String, Optional<byte[]>> files;

    /** @param files the scan with a given SHA-256, if stored */
    public EvidenceArchive(
            RequestQueries requests,
            CertificateStore certificates,
            Officers officers,
            Function<String, Optional<byte[]>> files) {
        this.requests = requests;
        this.certificates = certificates;
        this.officers = officers;
        this.files = files;
    }

    public Evidence evidence(String requestId, String officerId) {
        officers.require(officerId, RaRole.ARCHIVIST, RaRole.INTAKE_OFFICER, RaRole.COMPLIANCE_OFFICER);
        CertificateRequest request =
                requests.find(requestId).orElseThrow(() -> GatewayException.unknownRequest(requestId));
        return new Evidence(
                request,
                requests.documentsOnFile(requestId),
                requests.checks(requestId),
                requests.history(requestId),
                certificates
                        .forRequest(requestId)
                        .map(IssuedCertificate::serialNumber)
                        .orElse(null));
    }

    public EvidenceFile file(String requestId, String officerId, String sha256) {
        officers.require(officerId, RaRole.ARCHIVIST, RaRole.INTAKE_OFFICER, RaRole.COMPLIANCE_OFFICER);
        requests.find(requestId).orElseThrow(() -> GatewayException.unknownRequest(requestId));
        SubmittedDocument document = requests.documentsOnFile(requestId).stream()
                .filter(d -> sha256.equalsIgnoreCase(d.fileSha256()))
                .findFirst()
                .orElseThrow(() -> new GatewayException(
                        FaultCode.UNKNOWN_EVIDENCE,
                        "Request " + requestId + " has no scanned document with SHA-256 " + sha256,
                        "sha256",
                        requestId));
        byte[] content = files.apply(document.fileSha256())
                .orElseThrow(() -> new IllegalStateException("Evidence file " + document.fileSha256() + " of request "
                        + requestId + " is missing from the evidence store"));
        return new EvidenceFile(document.fileSha256(), document.fileName(), content);
    }
}
