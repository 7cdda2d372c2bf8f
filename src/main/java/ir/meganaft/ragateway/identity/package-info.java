/** Iranian identifiers and Persian text: normalization and validation. */
package ir.meganaft.ragateway.identity;
