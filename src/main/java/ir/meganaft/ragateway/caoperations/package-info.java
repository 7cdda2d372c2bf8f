/**
 * The queue of CA operations: every APPROVED request waits on it (its setting keeps its first
 * name, {@code gateway.queue.issuance}) for the CA to issue its certificate, an issue or renewal
 * ({@code issuance}), or to revoke, hold or release one ({@code lifecycle}). Neither of those two
 * knows the other; this package hands each request to the one it belongs to.
 */
package ir.meganaft.ragateway.caoperations;
