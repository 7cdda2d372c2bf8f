package ir.meganaft.ragateway.cpmis;

/**
 * CPMIS's user and certificate registration, as the gateway needs it. CPMIS's real contract is
 * not public: {@code soap/SoapCpmisClient} speaks the gateway's assumed contract
 * ({@code wsdl/cpmis.wsdl}); to connect the real CPMIS, implement this interface against it.
 * Both calls carry a reference that stays the same on a retry, so CPMIS can ignore repeats.
 */
public interface CpmisClient {

    /** Returns once CPMIS confirmed; throws on any failure. */
    void register(String address, CpmisRegistrationCall call);

    /** Returns once CPMIS confirmed; throws on any failure. */
    void disable(String address, CpmisDisableCall call);
}
