package io.activationhub.ingest;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Streams a delimited text file record by record in constant memory.
 * <ul>
 *     <li>gzip is detected from the magic bytes, a UTF-8 byte-order mark is skipped;</li>
 *     <li>each line is decoded as UTF-8 and, when it is not valid UTF-8, as ISO-8859-1 (unless a charset is forced);</li>
 *     <li>fields may be quoted ({@code "a;b"}, {@code ""} for a quote), a quoted field may span lines;</li>
 *     <li>a line longer than the limit is skipped without being buffered and reported as a bad record;</li>
 *     <li>a truncated gzip stream ends the file with a bad record saying so.</li>
 * </ul>
 * Written rather than taken from Commons CSV because ingest needs the raw line, per-line charset fallback and a hard
 * bound on line length; Commons CSV gives none of the three.
 */
public final class DelimitedFileReader implements Closeable {

    /** One record: its first physical line number, the raw text, its fields, or why it could not be read. */
    public record Record(long lineNo, String raw, List<String> fields, String error) {
        public boolean isBad() {
            return error != null;
        }
    }

    private final InputStream in;
    private final char delimiter;
    private final Charset forcedCharset;
    private final int maxLineBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private byte[] line = new byte[8192];
    private int lineLength;
    private long lineNo;
    private boolean eof;
    private boolean first = true;

    public DelimitedFileReader(InputStream raw, char delimiter, Charset forcedCharset, int maxLineBytes) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        // no BufferedInputStream over gzip: it would drop what was inflated before a truncation (own buffer below)
        this.in = (b1 == 0x1f && b2 == 0x8b) ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        this.delimiter = delimiter;
        this.forcedCharset = forcedCharset;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next record, or {@code null} at the end of the file. Blank lines are skipped. */
    public Record next() throws IOException {
        while (true) {
            String error;
            try {
                error = readPhysicalLine();
            } catch (EOFException e) {
                eof = true;
                return new Record(lineNo + 1, "", List.of(), "file truncated: " + e.getMessage());
            }
            if (error == null && lineLength < 0) {
                return null;
            }
            long startLine = lineNo;
            if (error != null) {
                return new Record(startLine, "", List.of(), error);
            }
            String text = decode(line, lineLength);
            if (first) {
                first = false;
                if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
                    text = text.substring(1);
                }
            }
            if (text.isBlank()) {
                continue;
            }
            // a quoted field may continue on the next physical lines
            StringBuilder joined = null;
            while (quotesOpen(joined == null ? text : joined)) {
                String err;
                try {
                    err = readPhysicalLine();
                } catch (EOFException e) {
                    eof = true;
                    return new Record(startLine, "", List.of(), "file truncated: " + e.getMessage());
                }
                if (err != null) {
                    return new Record(startLine, "", List.of(), err);
                }
                if (lineLength < 0) {
                    return new Record(startLine, text, List.of(), "unterminated quoted field at end of file");
                }
                if (joined == null) {
                    joined = new StringBuilder(text);
                }
                if (joined.length() + lineLength > maxLineBytes) {
                    return new Record(startLine, "", List.of(), "record longer than " + maxLineBytes + " bytes");
                }
                joined.append('\n').append(decode(line, lineLength));
            }
            String raw = joined == null ? text : joined.toString();
            return new Record(startLine, raw, split(raw), null);
        }
    }

    /**
     * Reads one physical line into {@link #line}; sets {@link #lineLength} to -1 at end of file.
     * Returns an error message when the line exceeds the limit (its bytes are skipped, not kept).
     */
    private String readPhysicalLine() throws IOException {
        if (eof) {
            lineLength = -1;
            return null;
        }
        lineLength = 0;
        boolean tooLong = false;
        long skipped = 0;
        int b;
        boolean any = false;
        while ((b = nextByte()) != -1) {
            any = true;
            if (b == '\n') {
                break;
            }
            if (tooLong) {
                skipped++;
                continue;
            }
            if (lineLength == line.length) {
                if (line.length >= maxLineBytes) {
                    tooLong = true;
                    skipped = lineLength + 1L;
                    continue;
                }
                byte[] bigger = new byte[Math.min(maxLineBytes, line.length * 2)];
                System.arraycopy(line, 0, bigger, 0, lineLength);
                line = bigger;
            }
            line[lineLength++] = (byte) b;
        }
        if (b == -1) {
            eof = true;
            if (!any) {
                lineLength = -1;
                return null;
            }
        }
        lineNo++;
        if (tooLong) {
            lineLength = 0;
            return "line longer than " + maxLineBytes + " bytes (" + skipped + " bytes skipped)";
        }
        if (lineLength > 0 && line[lineLength - 1] == '\r') {
            lineLength--;
        }
        return null;
    }

    private final byte[] buffer = new byte[1 << 16];
    private int bufferPos;
    private int bufferLimit;

    private int nextByte() throws IOException {
        if (bufferPos == bufferLimit) {
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return -1;
            }
            bufferPos = 0;
            bufferLimit = n;
        }
        return buffer[bufferPos++] & 0xff;
    }

    private String decode(byte[] bytes, int length) throws CharacterCodingException {
        if (forcedCharset != null) {
            return new String(bytes, 0, length, forcedCharset);
        }
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            if (bytes[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(bytes, 0, length));
            return chars.toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean quotesOpen(CharSequence s) {
        boolean open = false;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '"') {
                open = !open;
            }
        }
        return open;
    }

    /** Splits one record into fields, honouring quotes; fields are trimmed, quotes removed. */
    List<String> split(String raw) {
        if (raw.indexOf('"') < 0) {
            // no quotes (most records): the fields are the text between delimiters
            List<String> fields = new ArrayList<>(16);
            int start = 0;
            for (int at = raw.indexOf(delimiter); at >= 0; at = raw.indexOf(delimiter, start)) {
                fields.add(raw.substring(start, at).trim());
                start = at + 1;
            }
            fields.add(raw.substring(start).trim());
            return fields;
        }
        List<String> fields = new ArrayList<>(24);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < raw.length() && raw.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                fields.add(field.toString().trim());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString().trim());
        return fields;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
