/** The certificate request as the gateway keeps it: applicant, channel, state machine, history, certificate. */
package ir.meganaft.ragateway.request;
