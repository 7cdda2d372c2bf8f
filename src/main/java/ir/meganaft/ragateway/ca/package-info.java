/** The CA behind a small interface, and the CA the gateway runs itself. */
package ir.meganaft.ragateway.ca;
