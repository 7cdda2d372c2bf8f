package ir.meganaft.ragateway.web;

import ir.meganaft.ragateway.crl.CrlPublisher;
import ir.meganaft.ragateway.crl.CrlRecord;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Plain HTTP for relying parties, at the URLs written into certificates: the latest full and delta
 * CRLs ({@code application/pkix-crl}, cacheable until shortly before their nextUpdate) and the
 * issuing CA's certificate ({@code application/pkix-cert}, for AIA caIssuers).
 */
@Path("/")
public class PkiFiles {
    private final CrlPublisher crls;
    private final X509Certificate caCertificate;
    private final Clock clock;
    private final java.nio.file.Path rootCrl;

    /** @param rootCrl the development root's CRL (keys/DevelopmentKeys), served while the file is there */
    public PkiFiles(CrlPublisher crls, X509Certificate caCertificate, Clock clock, java.nio.file.Path rootCrl) {
        this.crls = crls;
        this.caCertificate = caCertificate;
        this.clock = clock;
        this.rootCrl = rootCrl;
    }

    /**
     * The root CA's CRL, named by the issuing CA certificate's CRL distribution point: with it a
     * relying party checks the whole chain over HTTP. The development root's is written once, valid
     * a year; a production root's CRL is published by its own offline process.
     */
    @GET
    @Path("crl/" + ir.meganaft.ragateway.keys.DevelopmentKeys.ROOT_CRL_FILE)
    public Response rootCrl() {
        if (rootCrl == null || !java.nio.file.Files.isReadable(rootCrl)) {
            return Response.status(Response.Status.NOT_FOUND)
                    .type("text/plain")
                    .entity("No root CRL here\n")
                    .build();
        }
        CacheControl cache = new CacheControl();
        cache.setMaxAge((int) Duration.ofHours(1).toSeconds());
        return Response.ok(rootCrl.toFile(), "application/pkix-crl")
                .cacheControl(cache)
                .build();
    }

    @GET
    @Path("crl/" + CrlPublisher.FULL_FILE)
    public Response fullCrl(@jakarta.ws.rs.core.Context jakarta.ws.rs.core.Request request) {
        return crl(crls.latest(false), request);
    }

    @GET
    @Path("crl/" + CrlPublisher.DELTA_FILE)
    public Response deltaCrl(@jakarta.ws.rs.core.Context jakarta.ws.rs.core.Request request) {
        return crl(crls.latest(true), request);
    }

    @GET
    @Path("issuing-ca.cer")
    public Response caCertificate() throws CertificateEncodingException {
        CacheControl cache = new CacheControl();
        cache.setMaxAge((int) Duration.ofDays(1).toSeconds());
        return Response.ok(caCertificate.getEncoded(), "application/pkix-cert")
                .cacheControl(cache)
                .build();
    }

    /**
     * The CRL, or 304 Not Modified when the caller's If-None-Match (or If-Modified-Since) names the
     * one it has: a cache revalidating a 50 MB full CRL gets a few headers, not the file again.
     */
    private Response crl(Optional<CrlRecord> latest, jakarta.ws.rs.core.Request request) {
        if (latest.isEmpty()) {
            return Response.status(Response.Status.NOT_FOUND)
                    .type("text/plain")
                    .entity("No CRL published yet\n")
                    .build();
        }
        CrlRecord crl = latest.get();
        Instant now = clock.instant();
        // cacheable until shortly before nextUpdate, a full CRL at most an hour and a delta at most a minute:
        // a new delta follows every revocation
        long ceiling = crl.kind() == CrlRecord.Kind.DELTA ? 60 : 3600;
        long seconds =
                Math.max(0, Math.min(Duration.between(now, crl.nextUpdate()).toSeconds() - 60, ceiling));
        CacheControl cache = new CacheControl();
        cache.setMaxAge((int) seconds);
        EntityTag tag = new EntityTag(crl.sha256());
        Response.ResponseBuilder notModified =
                request == null ? null : request.evaluatePreconditions(Date.from(crl.thisUpdate()), tag);
        if (notModified != null) {
            return notModified
                    .cacheControl(cache)
                    .tag(tag)
                    .expires(Date.from(now.plusSeconds(seconds)))
                    .build();
        }
        return Response.ok(crls.fileOf(crl).toFile(), "application/pkix-crl")
                .cacheControl(cache)
                .lastModified(Date.from(crl.thisUpdate()))
                .expires(Date.from(now.plusSeconds(seconds)))
                .tag(new EntityTag(crl.sha256()))
                .header(
                        "Content-Disposition",
                        "attachment; filename=\""
                                + (crl.kind() == CrlRecord.Kind.FULL ? CrlPublisher.FULL_FILE : CrlPublisher.DELTA_FILE)
                                + "\"")
                .build();
    }
}
