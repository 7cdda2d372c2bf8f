/** Reading requests back: status and history, the issued certificate, the CA chain. */
package ir.meganaft.ragateway.tracking;
