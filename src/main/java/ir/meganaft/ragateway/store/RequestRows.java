package ir.meganaft.ragateway.store;

import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.ApplicantKind;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.Channel;
import ir.meganaft.ragateway.request.ChannelDetails;
import ir.meganaft.ragateway.request.Delivery;
import ir.meganaft.ragateway.request.Representative;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.RequestType;
import ir.meganaft.ragateway.request.Revocation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.jdbi.v3.core.statement.StatementContext;

/** The one mapping of a {@code cert_request} row to a {@link CertificateRequest}, and the time columns' reading. */
final class RequestRows {
    private RequestRows() {}

    static CertificateRequest request(ResultSet rs, StatementContext ctx) throws SQLException {
        Representative representative = rs.getString("rep_national_code") == null
                ? null
                : new Representative(
                        rs.getString("rep_given_name"),
                        rs.getString("rep_surname"),
                        rs.getString("rep_national_code"),
                        rs.getString("rep_email"),
                        rs.getString("rep_mobile"),
                        rs.getString("rep_identification_method"),
                        rs.getString("authorization_reference"),
                        rs.getString("authorization_terms"),
                        rs.getObject("authorization_valid_until", LocalDate.class));
        Applicant applicant = new Applicant(
                ApplicantKind.valueOf(rs.getString("applicant_kind")),
                rs.getString("given_name"),
                rs.getString("surname"),
                rs.getString("given_name_latin"),
                rs.getString("surname_latin"),
                rs.getString("national_code"),
                rs.getObject("birth_date", LocalDate.class),
                rs.getString("email"),
                rs.getString("mobile"),
                rs.getString("postal_code"),
                rs.getString("organization_name"),
                null,
                rs.getString("organizational_unit"),
                rs.getString("legal_id"),
                rs.getString("job_title"),
                rs.getString("contract_type"),
                rs.getString("personnel_number"),
                rs.getString("identification_method"),
                representative);
        ChannelDetails channel = new ChannelDetails(
                Channel.valueOf(rs.getString("channel")),
                rs.getString("company_name"),
                rs.getString("rd_unit"),
                rs.getString("contracting_authority"),
                rs.getString("ra_office"),
                rs.getString("payment_reference"));
        return new CertificateRequest(
                rs.getString("id"),
                rs.getString("caller_system_id"),
                rs.getString("client_request_id"),
                rs.getString("content_hash"),
                RequestType.valueOf(rs.getString("request_type")),
                applicant,
                channel,
                RequestState.valueOf(rs.getString("state")),
                rs.getBytes("csr_der"),
                rs.getString("public_key_sha256"),
                rs.getString("requested_subject"),
                rs.getString("profile"),
                rs.getString("remarks"),
                rs.getString("reply_to"),
                rs.getString("caller_operator"),
                rs.getString("rejection_code"),
                rs.getString("rejection_reason"),
                rs.getString("token_serial") == null
                        ? null
                        : new Delivery(
                                rs.getString("token_serial"),
                                rs.getString("delivered_to"),
                                rs.getString("delivered_by"),
                                instant(rs, "delivered_at")),
                rs.getString("target_serial"),
                rs.getString("revocation_reason") == null
                        ? null
                        : new Revocation(rs.getString("revocation_reason"), null, instant(rs, "invalidity_date")),
                instant(rs, "received_at"),
                instant(rs, "updated_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return instant(rs, rs.findColumn(column));
    }

    /** By position, for readers of many rows (the CRL's). */
    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
