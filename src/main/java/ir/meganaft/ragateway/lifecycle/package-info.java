/** A certificate's life after issuance: revocation, hold and release, renewal. */
package ir.meganaft.ragateway.lifecycle;
