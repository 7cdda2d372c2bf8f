package ir.meganaft.ragateway.store;

import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.status.SearchField;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Certificates by their applicant's identifiers, oldest first (findCertificates). */
public final class CertificateSearch {
    private final Jdbi jdbi;

    public CertificateSearch(Database database) {
        this.jdbi = database.jdbi();
    }

    public List<IssuedCertificate> find(SearchField field, String value, long offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select c.* from certificate c join cert_request r on r.id = c.request_id where "
                        + condition(field) + " order by c.issued_at, c.serial_number limit :limit offset :offset")
                .bind("v", value).bind("limit", limit).bind("offset", offset)
                .map(CertificateStore::map).list());
    }

    public long count(SearchField field, String value) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from certificate c join cert_request r on r.id = c.request_id where "
                        + condition(field))
                .bind("v", value).mapTo(Long.class).one());
    }

    private static String condition(SearchField field) {
        return switch (field) {
            case NATIONAL_CODE -> "r.national_code = :v";
            case LEGAL_ID -> "r.legal_id = :v";
            case EMAIL -> "lower(r.email) = lower(:v)";
            case ORGANIZATION -> "(r.organization_name = :v or r.company_name = :v)";
        };
    }
}
