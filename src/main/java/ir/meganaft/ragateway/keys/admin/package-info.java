/** The key ceremony's command line: keys generated on the HSM token, CSRs, certificate chains imported. */
package ir.meganaft.ragateway.keys.admin;
