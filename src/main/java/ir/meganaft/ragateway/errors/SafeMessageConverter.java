package ir.meganaft.ragateway.errors;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@code %safeMsg}: every log line's message with control and bidi characters escaped
 * ({@link LogSafe}) and cut at {@link #MAX_CHARS} characters, whoever wrote it. A caller's value
 * quoted in a message cannot forge a log line (CR/LF, NUL), reorder what an operator reads (bidi
 * overrides) or fill the disk with one line. Stack traces ({@code %ex}) are written as they are.
 */
public final class SafeMessageConverter extends ClassicConverter {
    public static final int MAX_CHARS = 4096;

    @Override
    public String convert(ILoggingEvent event) {
        return LogSafe.bounded(String.valueOf(event.getFormattedMessage()), MAX_CHARS);
    }
}
