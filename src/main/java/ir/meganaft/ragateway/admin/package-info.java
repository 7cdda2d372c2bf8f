/**
 * Command-line tools for integration admins that talk to a running gateway over its SOAP admin
 * service: {@code dead-letters} (DeadLetterCli) lists and replays dead callbacks and CPMIS calls,
 * and the vetting and issuance messages that used up their deliveries (docs/operations.md).
 */
package ir.meganaft.ragateway.admin;
