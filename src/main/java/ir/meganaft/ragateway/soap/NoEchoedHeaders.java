package ir.meganaft.ragateway.soap;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * An answer (or a fault) carries only the HTTP headers the gateway means it to: Camel relays request
 * headers into the reply, and its CXF binding passes User-Agent on past any header filter, so every
 * header but the allowed ones is taken off here, whatever copied it. An allow-list rather than "what
 * the caller sent": a caller must not be able to remove a header the gateway sets by sending one of
 * the same name (issues 12 and 13). Jetty adds the framing headers (length, date) itself, later.
 */
public final class NoEchoedHeaders extends AbstractPhaseInterceptor<Message> {
    private static final Set<String> ALLOWED = allowed("Content-Type");

    public NoEchoedHeaders() {
        super(Phase.PRE_STREAM);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void handleMessage(Message answer) {
        Map<String, List<String>> headers = (Map<String, List<String>>) answer.get(Message.PROTOCOL_HEADERS);
        if (headers != null) {
            headers.keySet().removeIf(name -> !ALLOWED.contains(name));
        }
    }

    private static Set<String> allowed(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }
}
