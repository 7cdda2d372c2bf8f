/**
 * Who is calling and what they may do (issue 12): the {@link ir.meganaft.ragateway.security.Caller}
 * established from the client certificate of a mutual-TLS connection
 * ({@link ir.meganaft.ragateway.security.CallerResolver}: trust anchors, validity, revocation,
 * then the mapping in {@link ir.meganaft.ragateway.security.Principals}), the
 * {@link ir.meganaft.ragateway.security.AccessPolicy} that the SOAP edge consults once per call,
 * the RA officers' roles, and the development certificates made on a first start in development
 * mode. Plain Java: the SOAP edge ({@code soap.CallerEdge}) reads the TLS session and calls in.
 */
package ir.meganaft.ragateway.security;
