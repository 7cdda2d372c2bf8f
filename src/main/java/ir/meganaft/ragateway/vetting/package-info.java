/** Vetting: the automatic checks on a received request, and the RA officers' decisions. */
package ir.meganaft.ragateway.vetting;
