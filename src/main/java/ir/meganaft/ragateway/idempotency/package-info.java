/**
 * Idempotent submissions: a caller's (system, clientRequestId) names one request. A repeat with
 * the same content is answered with that request, one with other content is refused, and two
 * identical submissions racing on the unique key end as one request. Serves intake, renewal and
 * revocation alike.
 */
package ir.meganaft.ragateway.idempotency;
