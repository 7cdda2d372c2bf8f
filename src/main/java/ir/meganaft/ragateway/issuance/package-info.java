/**
 * Issuance: the RA signs an approved issue or renewal request, the CA issues, the certificate is
 * stored. The queue that brings approved requests is {@code caoperations}'.
 */
package ir.meganaft.ragateway.issuance;
