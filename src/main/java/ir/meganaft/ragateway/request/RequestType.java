package ir.meganaft.ragateway.request;

public enum RequestType {
    ISSUE, RENEW, REVOKE
}
