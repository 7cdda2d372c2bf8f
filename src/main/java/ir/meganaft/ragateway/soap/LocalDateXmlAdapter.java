package ir.meganaft.ragateway.soap;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import java.time.LocalDate;

/** xs:date as {@link LocalDate} (Gregorian; Jalali dates are for display only). */
public final class LocalDateXmlAdapter extends XmlAdapter<String, LocalDate> {
    @Override
    public LocalDate unmarshal(String text) {
        return text == null ? null : LocalDate.parse(text.trim().substring(0, 10));
    }

    @Override
    public String marshal(LocalDate value) {
        return value == null ? null : value.toString();
    }
}
