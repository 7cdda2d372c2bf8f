package ir.meganaft.ragateway.soap;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import java.time.Instant;
import java.time.OffsetDateTime;

/** xs:dateTime as {@link Instant}; written in UTC, read with any offset. */
public final class InstantXmlAdapter extends XmlAdapter<String, Instant> {
    @Override
    public Instant unmarshal(String text) {
        return text == null ? null : OffsetDateTime.parse(text.trim()).toInstant();
    }

    @Override
    public String marshal(Instant value) {
        return value == null ? null : value.toString();
    }
}
