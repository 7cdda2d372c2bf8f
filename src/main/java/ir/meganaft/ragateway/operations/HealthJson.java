package ir.meganaft.ragateway.operations;

import java.util.List;

/** The health answers as JSON: {@code {"status":"UP","checks":[{"name":..,"state":..,"critical":..,"detail":..,"checkedAt":..}]}}. */
public final class HealthJson {
    private HealthJson() {}

    public static String readiness(boolean ready, String note, List<CheckResult> results) {
        StringBuilder json = new StringBuilder("{\"status\":\"")
                .append(ready ? "UP" : "DOWN")
                .append('"');
        if (note != null) {
            json.append(",\"detail\":").append(quote(note));
        }
        json.append(",\"checks\":[");
        for (int i = 0; i < results.size(); i++) {
            CheckResult r = results.get(i);
            json.append(i == 0 ? "" : ",")
                    .append("{\"name\":")
                    .append(quote(r.name()))
                    .append(",\"state\":\"")
                    .append(r.state())
                    .append("\",\"critical\":")
                    .append(r.critical())
                    .append(",\"detail\":")
                    .append(quote(r.detail()))
                    .append(",\"checkedAt\":\"")
                    .append(r.checkedAt())
                    .append("\"}");
        }
        return json.append("]}\n").toString();
    }

    public static String liveness(boolean alive, String detail) {
        return "{\"status\":\"" + (alive ? "UP" : "DOWN") + "\",\"detail\":" + quote(detail) + "}\n";
    }

    static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
