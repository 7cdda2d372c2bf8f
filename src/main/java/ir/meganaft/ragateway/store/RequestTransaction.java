package ir.meganaft.ragateway.store;

import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.Check;
import ir.meganaft.ragateway.request.Delivery;
import ir.meganaft.ragateway.request.RequestState;
import java.util.List;

/**
 * Work on one request while its row is locked ({@code select ... for update}): checks read here
 * cannot change under the caller, so "both checks recorded, by two officers" is decided once.
 */
public interface RequestTransaction {

    CertificateRequest request();

    List<Check> checks();

    void addCheck(Check check);

    /** Moves the request on from its current state; the transition must be allowed. */
    void moveTo(RequestState target, String actor, String note);

    void reject(String actor, String code, String reason);

    void recordPaymentReference(String paymentReference);

    void recordDelivery(Delivery delivery);
}
