/** Receiving certificate requests: immediate CSR checks, idempotent retries, storage as RECEIVED. */
package ir.meganaft.ragateway.intake;
