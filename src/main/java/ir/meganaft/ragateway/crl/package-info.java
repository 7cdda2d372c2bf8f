/** CRLs: streaming full and delta CRLs signed by the CA key, their schedule, publishing and push. */
package ir.meganaft.ragateway.crl;
