/**
 * The management port (issue 16): liveness, readiness and Prometheus metrics over plain HTTP on
 * {@code gateway.management.host:port} (loopback by default, never the SOAP mTLS port), and the
 * wiring of {@code operations}' checks and meters into the running gateway (Camel routes, CXF
 * endpoints, the broker). An edge: it knows Camel, CXF and JMS so that {@code operations} need not.
 */
package ir.meganaft.ragateway.management;
