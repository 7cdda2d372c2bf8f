-- Issue 17: a CA node (canode/CaNode) keeps the certificates it issued in this same table, for its
-- revocations and its CRLs; they were asked for by an RA over CMP, not by a request of this database,
-- so their request_id is null. The gateway's own certificates keep theirs.
alter table certificate alter column request_id set null;
