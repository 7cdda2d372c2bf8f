/** Issuance: the RA signs an approved request, the CA issues, the certificate is stored. */
package ir.meganaft.ragateway.issuance;
