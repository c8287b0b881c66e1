package io.activationhub.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class CopyBufferTest {

    @Test
    void writesValuesInCopyTextFormatAsUtf8() {
        FileIngestor.CopyBuffer b = new FileIngestor.CopyBuffer(4);
        b.number(0);
        b.tab();
        b.number(9_876_543_210L);
        b.tab();
        b.number(-12);
        b.tab();
        b.value("a\\b\tc\nd\re");
        b.tab();
        b.value(null);
        b.tab();
        b.value("Électro ü € 😀");
        b.tab();
        b.value("lone \uD800 surrogate");
        b.newline();
        String expected = "0\t9876543210\t-12\ta\\\\b\\tc\\nd\\re\t\\N\tÉlectro ü € 😀\t"
                + new String("lone \uD800 surrogate".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8) + "\n";
        assertThat(new String(Arrays.copyOf(b.bytes, b.size), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(Arrays.copyOf(b.bytes, b.size)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    }
}
