package ir.meganaft.ragateway.operations;

/**
 * What one health check found: UP, WARN (worth a look, still ready) or DOWN (not ready when the
 * check is critical), with one line of detail for an admin.
 */
public record Finding(State state, String detail) {

    public enum State {
        UP,
        WARN,
        DOWN
    }

    public static Finding up(String detail) {
        return new Finding(State.UP, detail);
    }

    public static Finding warn(String detail) {
        return new Finding(State.WARN, detail);
    }

    public static Finding down(String detail) {
        return new Finding(State.DOWN, detail);
    }
}
