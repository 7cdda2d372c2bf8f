package ir.meganaft.ragateway.soap;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * Takes off an answer (or a fault) every HTTP header the caller sent, whatever copied it there:
 * Camel relays request headers into the reply, and its CXF binding passes User-Agent on past any
 * header filter. An answer carries only what the gateway and CXF set (Content-Type and the like),
 * never a caller's Authorization, Cookie or trace headers (issues 12 and 13).
 */
public final class NoEchoedHeaders extends AbstractPhaseInterceptor<Message> {
    public NoEchoedHeaders() {
        super(Phase.PRE_STREAM);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void handleMessage(Message answer) {
        Map<String, List<String>> headers = (Map<String, List<String>>) answer.get(Message.PROTOCOL_HEADERS);
        Message request = answer.getExchange() == null ? null : answer.getExchange().getInMessage();
        Map<String, List<String>> sent = request == null ? null : (Map<String, List<String>>) request.get(Message.PROTOCOL_HEADERS);
        if (headers == null || sent == null) {
            return;
        }
        TreeSet<String> callers = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        callers.addAll(sent.keySet());
        callers.remove("Content-Type");
        headers.keySet().removeIf(callers::contains);
    }
}
