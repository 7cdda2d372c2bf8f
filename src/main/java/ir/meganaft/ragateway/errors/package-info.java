/** Faults the gateway returns to callers: stable codes and the exception that carries them. */
package ir.meganaft.ragateway.errors;
