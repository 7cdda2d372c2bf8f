package ir.meganaft.ragateway.vetting;

import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.Channel;
import ir.meganaft.ragateway.request.Check;
import ir.meganaft.ragateway.request.CheckKind;
import ir.meganaft.ragateway.request.RequestState;
import java.util.ArrayList;
import java.util.List;

/** What a request waits for, in words for callers and officers. */
public final class Waiting {
    private final Tariff tariff;

    public Waiting(Tariff tariff) {
        this.tariff = tariff;
    }

    public String describe(CertificateRequest request, List<Check> checks) {
        RequestState state = request.state();
        return switch (state) {
            case AWAITING_PAYMENT ->
                "payment of " + String.format("%,d", tariff.totalRials())
                        + " rials (token and issuance) at the RA office, recorded by an RA officer";
            case PENDING_VETTING -> {
                List<String> open = new ArrayList<>();
                if (checks.stream().noneMatch(c -> c.kind() == CheckKind.IDENTITY_CHECK)) {
                    open.add("the identity check by an intake officer");
                }
                if (checks.stream().noneMatch(c -> c.kind() == CheckKind.DOCUMENT_CHECK)) {
                    open.add("the document check by a compliance officer");
                }
                yield String.join(" and ", open);
            }
            case PENDING_APPROVAL -> "registration (approval) by a registrar";
            case ISSUED ->
                "delivery of the token "
                        + (request.channel().channel() == Channel.INSIDE_INDUSTRY
                                ? "to the R&D unit " + request.channel().rdUnit()
                                : "to the applicant at the RA office");
            default -> state.waitingFor();
        };
    }
}
