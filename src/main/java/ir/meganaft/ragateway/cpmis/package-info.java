/**
 * CPMIS (سامانه CPMIS): the user's account and access level for an issued certificate, registered
 * in CPMIS after issuance and disabled on revocation, through the small {@link
 * ir.meganaft.ragateway.cpmis.CpmisClient} interface (CPMIS's real contract is not public; the
 * gateway's assumed one is wsdl/cpmis.wsdl). Calls go through the notification outbox, so they
 * retry and end in the dead-letter queue like callbacks.
 */
package ir.meganaft.ragateway.cpmis;
