/**
 * The SOAP side: CXF endpoints generated from wsdl/, mapping between the contract's JAXB types
 * and the domain, and the mapping of every failure to a GatewayFault.
 */
package ir.meganaft.ragateway.soap;
