/**
 * Results back to the callers: a transactional outbox written with each state change, relayed to
 * Artemis queues, delivered in order per request with retries and backoff, then dead letters that
 * admins list and replay. Callbacks (CertificateNotification) and CPMIS calls share the mechanism.
 * The same admins list and replay the vetting and issuance messages that used up their deliveries
 * ({@code DeadLetterAdmin}, {@code RequestDeadLetters}). Plain Java: the SOAP clients are in
 * {@code soap/}, the broker's dead-letter queues in {@code messaging/}.
 */
package ir.meganaft.ragateway.notification;
