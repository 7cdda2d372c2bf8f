package ir.meganaft.ragateway.soap;

import java.lang.reflect.Method;

/**
 * The identities a request message states, wherever the contract puts them:
 * header/caller/systemId or caller/systemId, officer/officerId, admin/adminId, and
 * byClientRequestId/callerSystemId. Read by getter name from the generated request types, so one
 * place serves every operation of every service (and the tests' clients, which present the
 * certificate of whoever a message names).
 */
public final class StatedIdentities {
    private StatedIdentities() {}

    /** header/caller/systemId, else caller/systemId; null when the message states none. */
    public static String systemId(Object request) {
        String system = text(request, "getHeader", "getCaller", "getSystemId");
        return system != null ? system : text(request, "getCaller", "getSystemId");
    }

    public static String officerId(Object request) {
        return text(request, "getOfficer", "getOfficerId");
    }

    public static String adminId(Object request) {
        return text(request, "getAdmin", "getAdminId");
    }

    /** The request a message is about (approveRequest, getRequestStatus ...); null when it names none. */
    public static String requestId(Object request) {
        return text(request, "getRequestId");
    }

    /** getRequestStatus's byClientRequestId/callerSystemId. */
    public static String callerSystemId(Object request) {
        return text(request, "getByClientRequestId", "getCallerSystemId");
    }

    /** A value reached by calling the named getters in turn; null where any is missing or returns null. */
    private static String text(Object from, String... getters) {
        Object current = from;
        for (String getter : getters) {
            if (current == null) {
                return null;
            }
            try {
                Method m = current.getClass().getMethod(getter);
                current = m.invoke(current);
            } catch (NoSuchMethodException e) {
                return null;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return current == null ? null : current.toString();
    }
}
