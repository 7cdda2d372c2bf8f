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

    /** @param systems only certificates requested by these systems; null for every system */
    public List<IssuedCertificate> find(
            SearchField field, String value, java.util.Set<String> systems, long offset, int limit) {
        return jdbi.withHandle(h -> bindSystems(
                        h.createQuery("select c.* from certificate c join cert_request r on r.id = c.request_id where "
                                + condition(field) + systems(systems)
                                + " order by c.issued_at, c.serial_number limit :limit offset :offset"),
                        systems)
                .bind("v", value)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(CertificateStore::map)
                .list());
    }

    public long count(SearchField field, String value, java.util.Set<String> systems) {
        return jdbi.withHandle(h -> bindSystems(
                        h.createQuery(
                                "select count(*) from certificate c join cert_request r on r.id = c.request_id where "
                                        + condition(field) + systems(systems)),
                        systems)
                .bind("v", value)
                .mapTo(Long.class)
                .one());
    }

    private static String systems(java.util.Set<String> systems) {
        return systems == null ? "" : " and r.caller_system_id in (<systems>)";
    }

    private static org.jdbi.v3.core.statement.Query bindSystems(
            org.jdbi.v3.core.statement.Query query, java.util.Set<String> systems) {
        return systems == null ? query : query.bindList("systems", List.copyOf(systems));
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
