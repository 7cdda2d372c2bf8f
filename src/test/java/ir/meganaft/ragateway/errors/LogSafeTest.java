package ir.meganaft.ragateway.errors;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

class LogSafeTest {
    @Test
    void escapes_control_c1_and_bidi_characters() {
        assertThat(LogSafe.excerpt("a\u0000b\r\nc\u0085d\u202Ee\u2066f\u200Fg"))
                .isEqualTo("a\\u0000b\\u000D\\u000Ac\\u0085d\\u202Ee\\u2066f\\u200Fg");
    }

    @Test
    void keeps_persian_text_and_paired_surrogates() {
        assertThat(LogSafe.excerpt("کد ملی \uD83D\uDE00")).isEqualTo("کد ملی \uD83D\uDE00");
        assertThat(LogSafe.excerpt("x\uD83Dy")).isEqualTo("x\\uD83Dy");
    }

    @Test
    void cuts_a_long_value_to_an_excerpt_that_says_how_long_it_was() {
        String excerpt = LogSafe.excerpt("A".repeat(30_000_000));
        assertThat(excerpt).startsWith("A".repeat(LogSafe.MAX_EXCERPT)).endsWith("...(30000000 chars)");
        assertThat(excerpt.length()).isLessThan(100);
        assertThat(LogSafe.excerpt("short")).isEqualTo("short");
    }

    @Test
    void the_log_converter_escapes_and_bounds_every_message() {
        LoggingEvent event =
                new LoggingEvent("x", new LoggerContext().getLogger("t"), Level.WARN, "value {}", null, new Object[] {
                    "forged\nERROR line\u202E" + "B".repeat(10_000)
                });
        String line = new SafeMessageConverter().convert(event);
        assertThat(line).doesNotContain("\n", "\u202E").startsWith("value forged\\u000AERROR line\\u202EB");
        assertThat(line.length()).isLessThan(SafeMessageConverter.MAX_CHARS + 40);
    }
}
