package ir.meganaft.ragateway.request;

/** How the request came in: R&D unit and contracting authority inside, RA office and payment outside. */
public record ChannelDetails(
        Channel channel,
        String companyName,
        String rdUnit,
        String contractingAuthority,
        String raOffice,
        String paymentReference) {}
