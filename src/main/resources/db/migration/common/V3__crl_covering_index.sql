-- The full CRL reads, for every revoked or held certificate, only the columns below: with all of
-- them in the status index the database answers from the index alone, without reading each
-- certificate's row (DER, names, hashes). Same leading columns as before, so what used the
-- index still does.
-- Written for H2 (MODE=PostgreSQL) and PostgreSQL alike.
drop index ix_certificate_status;
create index ix_certificate_status on certificate (status, serial_number, not_after, revoked_at, revocation_reason,
    invalidity_date);
