package ir.meganaft.ragateway.tracking;

import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.StateChange;
import java.util.List;

/** A request with its history and, once issued, its certificate's serial number. */
public record RequestStatus(
        CertificateRequest request, List<StateChange> history, String certificateSerialNumber, String waitingFor) {}
