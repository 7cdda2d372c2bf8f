package ir.meganaft.ragateway.store;

import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.Revocation;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Issued certificates. */
public final class CertificateStore implements ir.meganaft.ragateway.ca.RevocationRecords {
    private final Jdbi jdbi;

    public CertificateStore(Database database) {
        this.jdbi = database.jdbi();
    }

    /**
     * Stores a certificate and moves its request from APPROVED to ISSUED in one transaction.
     *
     * @return false (and nothing stored) when the request was no longer APPROVED
     */
    public boolean recordIssuance(IssuedCertificate c, String actor) {
        return jdbi.inTransaction(h -> {
            if (!RequestStore.transition(
                    h,
                    c.requestId(),
                    RequestState.APPROVED,
                    RequestState.ISSUED,
                    actor,
                    "serial " + c.serialNumber(),
                    null,
                    null,
                    c.issuedAt())) {
                h.rollback();
                return false;
            }
            insert(h, c);
            return true;
        });
    }

    /**
     * Stores a certificate a CA node issued for an RA over CMP (no request of this database): once,
     * however often its transaction is answered again.
     *
     * @return false when it was stored already
     */
    public boolean recordIssuedByCa(IssuedCertificate c) {
        return jdbi.inTransaction(h -> {
            if (h.createQuery("select count(*) from certificate where serial_number = :serial")
                            .bind("serial", c.serialNumber())
                            .mapTo(Integer.class)
                            .one()
                    > 0) {
                return false;
            }
            insert(h, c);
            return true;
        });
    }

    /** The certificate's row; its request is null for one a CA node issued. */
    private static void insert(org.jdbi.v3.core.Handle h, IssuedCertificate c) {
        h.createUpdate("""
                insert into certificate (serial_number, request_id, issuer_dn, subject_dn, not_before, not_after,
                  sha256_fingerprint, public_key_sha256, der, issued_at)
                values (:serial, :request, :issuer, :subject, :notBefore, :notAfter, :fingerprint, :keyHash, :der, :at)""")
                .bind("serial", c.serialNumber())
                .bind("request", c.requestId())
                .bind("issuer", c.issuerDn())
                .bind("subject", c.subjectDn())
                .bind("notBefore", Timestamp.from(c.notBefore()))
                .bind("notAfter", Timestamp.from(c.notAfter()))
                .bind("fingerprint", c.sha256Fingerprint())
                .bind("keyHash", c.publicKeySha256())
                .bind("der", c.der())
                .bind("at", Timestamp.from(c.issuedAt()))
                .execute();
    }

    public Optional<IssuedCertificate> forRequest(String requestId) {
        return jdbi.withHandle(h -> h.createQuery("select * from certificate where request_id = :id")
                .bind("id", requestId)
                .map(CertificateStore::map)
                .findOne());
    }

    /** A certificate by its serial number (upper-case hex, as {@link ir.meganaft.ragateway.csr.Serials} writes it). */
    public Optional<IssuedCertificate> bySerial(String serialNumber) {
        return jdbi.withHandle(h -> h.createQuery("select * from certificate where serial_number = :serial")
                .bind("serial", serialNumber)
                .map(CertificateStore::map)
                .findOne());
    }

    /**
     * Records a change of revocation status (revoke, hold, release) and its event for delta CRLs,
     * if the certificate is still in {@code expected}.
     *
     * @return false when the certificate was not in the expected status
     */
    public boolean changeStatus(
            String serialNumber,
            CertificateStatus expected,
            CertificateStatus target,
            Revocation revocation,
            String actor,
            Instant at) {
        return jdbi.inTransaction(h -> {
            int updated = h.createUpdate("""
                    update certificate set status = :target, revocation_reason = :reason, revoked_at = :revokedAt,
                      invalidity_date = :invalidity where serial_number = :serial and status = :expected""")
                    .bind("target", target.name())
                    .bind("reason", revocation == null ? null : revocation.reason())
                    .bind("revokedAt", revocation == null ? null : Timestamp.from(revocation.revokedAt()))
                    .bind(
                            "invalidity",
                            revocation == null || revocation.invalidityDate() == null
                                    ? null
                                    : Timestamp.from(revocation.invalidityDate()))
                    .bind("serial", serialNumber)
                    .bind("expected", expected.name())
                    .execute();
            if (updated == 0) {
                return false;
            }
            h.createUpdate("""
                    insert into revocation_event (serial_number, kind, reason, revoked_at, invalidity_date, actor, at)
                    values (:serial, :kind, :reason, :revokedAt, :invalidity, :actor, :at)""")
                    .bind("serial", serialNumber)
                    .bind("kind", target.name())
                    .bind("reason", revocation == null ? null : revocation.reason())
                    .bind("revokedAt", revocation == null ? null : Timestamp.from(revocation.revokedAt()))
                    .bind(
                            "invalidity",
                            revocation == null || revocation.invalidityDate() == null
                                    ? null
                                    : Timestamp.from(revocation.invalidityDate()))
                    .bind("actor", actor)
                    .bind("at", Timestamp.from(at))
                    .execute();
            // the caller hears of it (revoked, on hold, hold released) and CPMIS of a revocation, in this transaction
            // (a CA node's certificate has no request here, and nobody to tell but its CRL)
            String requestId = h.createQuery("select request_id from certificate where serial_number = :s")
                    .bind("s", serialNumber)
                    .mapTo(String.class)
                    .findOne()
                    .orElse(null);
            if (requestId != null) {
                OutboxStore.onCertificateStatusChange(h, requestId, serialNumber, expected, target, at);
                if (target == CertificateStatus.REVOKED) {
                    CpmisAccountStore.onRevocation(h, requestId, serialNumber, at);
                }
            }
            return true;
        });
    }

    /**
     * The revocation details recorded by the latest change of this certificate to {@code status}
     * at or before {@code at} (e.g. the hold a callback reports, even after the hold was lifted).
     */
    public Optional<Revocation> recordedChange(String serialNumber, CertificateStatus status, Instant at) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select reason, revoked_at, invalidity_date from revocation_event
                        where serial_number = :serial and kind = :kind and at <= :at order by id desc limit 1""")
                .bind("serial", serialNumber)
                .bind("kind", status.name())
                .bind("at", Timestamp.from(at))
                .map((rs, ctx) -> new Revocation(
                        rs.getString("reason"),
                        RequestRows.instant(rs, "revoked_at"),
                        RequestRows.instant(rs, "invalidity_date")))
                .findOne());
    }

    @Override
    public Optional<CertificateStatus> status(java.math.BigInteger serial) {
        return bySerial(ir.meganaft.ragateway.csr.Serials.hex(serial)).map(IssuedCertificate::status);
    }

    @Override
    public boolean change(
            java.math.BigInteger serial,
            CertificateStatus expected,
            CertificateStatus target,
            Revocation revocation,
            String actor,
            Instant at) {
        return changeStatus(ir.meganaft.ragateway.csr.Serials.hex(serial), expected, target, revocation, actor, at);
    }

    static IssuedCertificate map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        CertificateStatus status = CertificateStatus.valueOf(rs.getString("status"));
        Revocation revocation = rs.getString("revocation_reason") == null
                ? null
                : new Revocation(
                        rs.getString("revocation_reason"),
                        RequestRows.instant(rs, "revoked_at"),
                        RequestRows.instant(rs, "invalidity_date"));
        return new IssuedCertificate(
                rs.getString("serial_number"),
                rs.getString("request_id"),
                rs.getString("issuer_dn"),
                rs.getString("subject_dn"),
                RequestRows.instant(rs, "not_before"),
                RequestRows.instant(rs, "not_after"),
                rs.getString("sha256_fingerprint"),
                rs.getString("public_key_sha256"),
                rs.getBytes("der"),
                RequestRows.instant(rs, "issued_at"),
                status,
                revocation);
    }

    /** True when a certificate was already issued for this public key. */
    public boolean publicKeyCertified(String publicKeySha256) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from certificate where public_key_sha256 = :key")
                        .bind("key", publicKeySha256)
                        .mapTo(Integer.class)
                        .one()
                > 0);
    }
}
