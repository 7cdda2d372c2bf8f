/** Plain HTTP for relying parties: CRLs and the CA certificate at the URLs certificates point to. */
package ir.meganaft.ragateway.web;
