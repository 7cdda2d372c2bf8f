-- PostgreSQL's copy of h2/V4__ca_ledger_content.sql: the same schema, with bytea
-- for H2's varbinary(n), which PostgreSQL does not know. Both copies are applied history: never
-- edit either (a changed file fails Flyway's checksum on every database that ran it). New
-- migrations go to common/ and run on both databases.

-- Issue 11: the CA ledger keeps the whole content of a certificate (its DER TBSCertificate) when it
-- reserves the serial, before signing, so a reservation left unsigned by a crash is completed with
-- exactly the same content; and, when one can never be signed (the CA key changed), why not.
alter table ca_ledger add column tbs_certificate bytea;
alter table ca_ledger add column abandoned varchar(1000);
