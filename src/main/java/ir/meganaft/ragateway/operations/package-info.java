/**
 * Health and metrics for integration admins (issue 16): plain-Java checks (database, broker, signing
 * keys, the CA, CRL freshness, CRL push lag, dead letters), a monitor that runs them on a schedule
 * with a time limit, and the gateway's own Micrometer meters. No Camel, CXF or JMS types: the
 * {@code management} edge wires them and serves them on the management port.
 */
package ir.meganaft.ragateway.operations;
