/** The gateway's signing keys: where they live, how they sign, and the development keys made on first start. */
package ir.meganaft.ragateway.keys;
