/**
 * Certificate status for CPMIS and relying systems (checkCertificateStatus, findCertificates),
 * answered from the gateway's database. Plain Java: the SOAP mapping is in {@code soap/StatusSoap}.
 */
package ir.meganaft.ragateway.status;
