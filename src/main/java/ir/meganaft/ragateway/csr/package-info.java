/** Certification requests (PKCS#10): parsing and the checks every CSR must pass. */
package ir.meganaft.ragateway.csr;
