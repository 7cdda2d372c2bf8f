-- Issue 11: the CA ledger keeps the whole content of a certificate (its DER TBSCertificate) when it
-- reserves the serial, before signing, so a reservation left unsigned by a crash is completed with
-- exactly the same content; and, when one can never be signed (the CA key changed), why not.
alter table ca_ledger add column tbs_certificate varbinary(16384);
alter table ca_ledger add column abandoned varchar(1000);
