-- What every instance serves, kept in the database rather than on the disk of the instance that
-- wrote it (issue 15): each published CRL's bytes and each evidence scan. Any instance reads them;
-- the data directory holds only a cache (data/crl/archive) and scans stored before this migration.
-- Written for H2 (MODE=PostgreSQL, where bytea is binary varying) and PostgreSQL alike.

-- A CRL in pieces of at most 1 MiB (store/CrlStore): a 50 MB full CRL is written and read a piece
-- at a time, never as one value in memory. Written in the transaction that records the CRL; the
-- pieces of a CRL past its nextUpdate are deleted once a newer CRL of its kind is recorded.
create table crl_content (
    crl_number          bigint       not null references crl (crl_number),
    piece               int          not null,
    content             bytea        not null,
    primary key (crl_number, piece)
);

-- A scanned document, content-addressed like the evidence/ folder before it (at most
-- gateway.http.max-attachment-bytes, 10 MB by default); the same scan sent twice is one row.
create table evidence_scan (
    sha256              varchar(64)  primary key,
    size_bytes          bigint       not null,
    content             bytea        not null,
    stored_at           timestamp with time zone not null
);
