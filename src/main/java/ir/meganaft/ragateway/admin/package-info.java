/**
 * Command-line tools for integration admins that talk to a running gateway over its SOAP admin
 * service: {@code dead-letters} (DeadLetterCli) lists and replays dead callbacks and CPMIS calls.
 */
package ir.meganaft.ragateway.admin;
