package ir.meganaft.ragateway.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every log line written while open, from any logger of this JVM (the gateway runs in it). */
public final class Logged implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private Logged() {}

    public static Logged watch() {
        Logged logged = new Logged();
        logged.appender.start();
        logged.root.addAppender(logged.appender);
        return logged;
    }

    /** The lines at {@code level} or above, as "LEVEL logger message". */
    public List<String> atLeast(Level level) {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(appender.list)) {
            if (e.getLevel().isGreaterOrEqual(level)) {
                lines.add(e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage());
            }
        }
        return lines;
    }

    /** Whether any line written carries a stack trace. */
    public boolean anyStackTrace() {
        return List.copyOf(appender.list).stream().anyMatch(e -> e.getThrowableProxy() != null);
    }

    @Override
    public void close() {
        root.detachAppender(appender);
    }
}
