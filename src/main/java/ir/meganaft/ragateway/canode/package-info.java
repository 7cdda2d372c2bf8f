/**
 * The CA as its own service (issue 17): a process that serves CMP over HTTP (RFC 6712) to the RAs it
 * trusts, issues and revokes with the in-process CA's code and ledger, and signs and serves its CRLs.
 * An edge, like {@code web}: it wires the core (ca, keys, store, crl) behind a JDK HTTP server.
 */
package ir.meganaft.ragateway.canode;
