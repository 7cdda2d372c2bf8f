package ir.meganaft.ragateway.status;

import ir.meganaft.ragateway.request.IssuedCertificate;
import java.util.List;

/** One page of findCertificates' answer. */
public record CertificatePage(
        int page, int pageSize, long totalCount, boolean hasMore, List<IssuedCertificate> certificates) {}
