package io.activationhub.ingest;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Streams a delimited text file record by record in constant memory.
 * <ul>
 *     <li>gzip is detected from the magic bytes, a UTF-8 byte-order mark is skipped, a UTF-16 one is followed;</li>
 *     <li>each line is decoded as UTF-8 and, when it is not valid UTF-8, as windows-1252; a charset a mapping forces is
 *     used instead, except that a single-byte one (ISO-8859-15) does not override a line that is valid UTF-8;</li>
 *     <li>fields may be quoted ({@code "a;b"}, {@code ""} for a quote), a quoted field may span lines; a quote opens a
 *     field only at its start, elsewhere it is a literal ({@code TV 55"}); a quote never closed refuses only its line;</li>
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
    /** A forced charset of one byte a character (ISO-8859-x, windows-125x), which valid UTF-8 lines override. */
    private final boolean forcedSingleByte;
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
        boolean utf16 = (b1 == 0xff && b2 == 0xfe) || (b1 == 0xfe && b2 == 0xff);
        // no BufferedInputStream over gzip: it would drop what was inflated before a truncation (own buffer below)
        this.in = (b1 == 0x1f && b2 == 0x8b) ? new GZIPInputStream(buffered, 1 << 16)
                : utf16 ? utf16AsUtf8(buffered) : buffered;
        this.delimiter = delimiter;
        // the byte-order mark says what the file is, whatever the mapping says
        this.forcedCharset = utf16 ? StandardCharsets.UTF_8 : forcedCharset;
        this.forcedSingleByte = this.forcedCharset != null && this.forcedCharset.canEncode()
                && this.forcedCharset.newEncoder().maxBytesPerChar() == 1.0f;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * One physical line: its number and decoded text, or why it could not be read; {@code loneCr} when a bare
     * {@code \r} ended it (kept as such when a quoted field goes on to the next line).
     */
    private record Line(long no, String text, String error, boolean loneCr) {
    }

    /** Lines read past the start of a record that was then refused: they are read again, as records of their own. */
    private final ArrayDeque<Line> pending = new ArrayDeque<>();

    /**
     * A UTF-16 file with its byte-order mark (Excel "Unicode text") re-encoded as UTF-8 while it is read, so that lines
     * are found and measured as in any other file; read byte by byte, every other byte would be NUL.
     */
    private static InputStream utf16AsUtf8(InputStream utf16) {
        // UTF-16 follows the byte-order mark (FF FE little-endian, FE FF big-endian) and drops it
        Reader reader = new InputStreamReader(utf16, StandardCharsets.UTF_16);
        return new InputStream() {
            private final char[] chars = new char[8192];
            private int carried;
            private ByteBuffer bytes = ByteBuffer.allocate(0);

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (!bytes.hasRemaining()) {
                    int n = reader.read(chars, carried, chars.length - carried);
                    boolean end = n < 0;
                    if (end && carried == 0) {
                        return -1;
                    }
                    int total = carried + Math.max(n, 0);
                    // a surrogate pair cut at the end of the buffer is encoded once its second half is read
                    int encoded = !end && Character.isHighSurrogate(chars[total - 1]) ? total - 1 : total;
                    bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars, 0, encoded));
                    carried = total - encoded;
                    if (carried > 0) {
                        chars[0] = chars[total - 1];
                    }
                }
                int k = Math.min(len, bytes.remaining());
                bytes.get(b, off, k);
                return k;
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    /** The next record, or {@code null} at the end of the file. Blank lines are skipped. */
    public Record next() throws IOException {
        while (true) {
            Line opening = nextLine();
            if (opening == null) {
                return null;
            }
            if (opening.error() != null) {
                return new Record(opening.no(), "", List.of(), opening.error());
            }
            String text = opening.text();
            if (text.isBlank()) {
                continue;
            }
            if (!quotedAtEnd(text, false, null)) {
                return new Record(opening.no(), text, split(text), null);
            }
            // a quoted field may continue on the next physical lines; they are kept until its closing quote is found
            List<Line> continuation = new ArrayList<>();
            StringBuilder joined = new StringBuilder(text);
            String unterminated = null;
            boolean quoted = true;
            Line previous = opening;
            while (quoted) {
                Line line = nextLine();
                if (line == null) {
                    unterminated = "unterminated quoted field at end of file";
                    break;
                }
                continuation.add(line);
                if (line.error() != null) {
                    unterminated = "unterminated quoted field: line " + line.no() + " after it is unreadable";
                    break;
                }
                if (joined.length() + 1 + line.text().length() > maxLineBytes) {
                    unterminated = "unterminated quoted field: no closing quote within " + maxLineBytes + " bytes";
                    break;
                }
                joined.append(previous.loneCr() ? '\r' : '\n').append(line.text());
                quoted = quotedAtEnd(line.text(), true, null);
                previous = line;
            }
            if (unterminated == null) {
                String raw = joined.toString();
                return new Record(opening.no(), raw, split(raw), null);
            }
            // the quote was most likely a stray one: only the line that opened it is refused (its own text as raw, so
            // every line lands once in the quarantine or the store), and reading resumes at the line after it. The
            // lines read ahead are bounded by the record limit, so memory stays bounded.
            for (int i = continuation.size() - 1; i >= 0; i--) {
                pending.addFirst(continuation.get(i));
            }
            return new Record(opening.no(), text, List.of(), unterminated);
        }
    }

    /** The next physical line, read again after a refused record or from the file; {@code null} at the end. */
    private Line nextLine() throws IOException {
        if (!pending.isEmpty()) {
            return pending.removeFirst();
        }
        String error;
        try {
            error = readPhysicalLine();
        } catch (EOFException e) {
            eof = true;
            return new Line(lineNo + 1, null, "file truncated: " + e.getMessage(), false);
        }
        if (error != null) {
            return new Line(lineNo, null, error, false);
        }
        if (lineLength < 0) {
            return null;
        }
        String text = decode(line, lineLength);
        if (first) {
            first = false;
            if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
                text = text.substring(1);
            }
        }
        return new Line(lineNo, text, null, loneCr);
    }

    /**
     * Reads one physical line into {@link #line}; sets {@link #lineLength} to -1 at end of file.
     * A line ends at {@code \n}, {@code \r\n} or a bare {@code \r} (old Mac "CSV (Macintosh)" exports: read on
     * {@code \n} only, such a file was one header line and its rows were never read).
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
        loneCr = false;
        while ((b = nextByte()) != -1) {
            any = true;
            if (b == '\n') {
                break;
            }
            if (b == '\r') {
                if (peekByte() == '\n') {
                    nextByte();
                } else {
                    loneCr = true;
                }
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
        return null;
    }

    private final byte[] buffer = new byte[1 << 16];
    private int bufferPos;
    private int bufferLimit;

    /** Whether a bare {@code \r} ended the line just read. */
    private boolean loneCr;
    /** A truncation met while looking one byte ahead: thrown at the next read, the line before it is complete. */
    private EOFException truncatedAhead;

    private int nextByte() throws IOException {
        if (truncatedAhead != null) {
            EOFException e = truncatedAhead;
            truncatedAhead = null;
            throw e;
        }
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

    /** The next byte without consuming it, or -1 at the end of the file. */
    private int peekByte() throws IOException {
        if (bufferPos == bufferLimit) {
            if (truncatedAhead != null) {
                return -1;
            }
            try {
                int n = in.read(buffer, 0, buffer.length);
                if (n <= 0) {
                    return -1;
                }
                bufferPos = 0;
                bufferLimit = n;
            } catch (EOFException e) {
                truncatedAhead = e;
                return -1;
            }
        }
        return buffer[bufferPos] & 0xff;
    }

    /** Lines that were UTF-8 although a single-byte charset was forced, and were read as UTF-8. */
    private long utf8DespiteForced;

    /**
     * How many lines were read as UTF-8 against the forced single-byte charset (a mapping saying ISO-8859-15 for a
     * file since exported as UTF-8): the caller warns, so the mapping can be corrected.
     */
    public long linesReadAsUtf8DespiteCharset() {
        return utf8DespiteForced;
    }

    private String decode(byte[] bytes, int length) throws CharacterCodingException {
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            if (bytes[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (forcedCharset != null) {
            if (!ascii && forcedSingleByte && looksUtf8(bytes, length)) {
                // Text in a single-byte charset is valid UTF-8 only if it holds sequences such as "Ã©", which are
                // themselves a UTF-8 text read wrongly: a valid UTF-8 line is UTF-8, whatever the mapping says.
                // Read as ISO-8859-15 it would give "HÃ©lÃ¨ne" in every name and label.
                try {
                    String text = utf8.reset().decode(ByteBuffer.wrap(bytes, 0, length)).toString();
                    utf8DespiteForced++;
                    return text;
                } catch (CharacterCodingException notUtf8) {
                    // the charset the mapping gives
                }
            }
            return new String(bytes, 0, length, forcedCharset);
        }
        if (ascii) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(bytes, 0, length));
            return chars.toString();
        } catch (CharacterCodingException notUtf8) {
            return windows1252(bytes, length);
        }
    }

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /**
     * Whether the bytes are well-formed UTF-8 sequences (lead byte, then as many continuation bytes), checked without
     * decoding: a line of a single-byte charset ("é" alone is 0xE9) fails at its first accent, with no exception
     * thrown per line. The decoder still has the last word (overlong forms, surrogates).
     */
    static boolean looksUtf8(byte[] bytes, int length) {
        int i = 0;
        while (i < length) {
            int b = bytes[i] & 0xff;
            int more = b < 0x80 ? 0 : b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2 : b >= 0xF0 && b <= 0xF4 ? 3 : -1;
            if (more < 0) {
                return false;
            }
            for (int k = 1; k <= more; k++) {
                if (i + k >= length || (bytes[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += more + 1;
        }
        return true;
    }

    /**
     * A line that is not UTF-8 comes from a French Windows or Excel export: windows-1252, not ISO-8859-1, which would
     * make {@code € œ ’ …} (0x80-0x9F) C1 control characters. The five bytes windows-1252 leaves undefined (0x81,
     * 0x8D, 0x8F, 0x90, 0x9D) keep their C1 code point, as Windows does, rather than become U+FFFD: nothing is lost.
     */
    static String windows1252(byte[] bytes, int length) {
        String text = new String(bytes, 0, length, WINDOWS_1252);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            // single-byte charset: character i is byte i
            if (chars[i] == '\uFFFD') {
                chars[i] = (char) (bytes[i] & 0xff);
            }
        }
        return new String(chars);
    }

    /**
     * The one quoting rule, used both to find where a record ends and to split it (RFC 4180): a quote opens a quoted
     * field only at the start of a field (blanks before it are dropped); anywhere else it is a literal character, as in
     * {@code TV 55"}. Inside a quoted field {@code ""} is a quote and a lone quote closes the field; what follows the
     * closing quote up to the delimiter is kept as written.
     *
     * @param quoted whether {@code s} starts inside a quoted field (a record continued on a new line)
     * @param fields when not {@code null}, receives the fields of {@code s}, finished by {@link #finish}
     * @return whether a quoted field is still open at the end of {@code s}
     */
    private boolean quotedAtEnd(CharSequence s, boolean quoted, List<String> fields) {
        StringBuilder field = fields == null ? null : new StringBuilder();
        boolean fieldStart = !quoted;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        i++;
                    } else {
                        quoted = false;
                        continue;
                    }
                }
            } else if (c == delimiter) {
                if (fields != null) {
                    fields.add(finish(field));
                    field.setLength(0);
                }
                fieldStart = true;
                continue;
            } else if (c == '"' && fieldStart) {
                quoted = true;
                fieldStart = false;
                if (field != null) {
                    field.setLength(0);
                }
                continue;
            } else if (c != '\t' && !Character.isSpaceChar(c)) {
                fieldStart = false;
            }
            if (field != null) {
                field.append(c);
            }
        }
        if (fields != null) {
            fields.add(finish(field));
        }
        return quoted;
    }

    /**
     * A field as stored: trimmed. A whole field {@code ="0012345678"} is Excel's way to keep leading zeros (card numbers,
     * phones, postcodes); its text is the value, else the card would never match its holder.
     */
    private static String finish(CharSequence field) {
        String value = strip(field.toString());
        if (value.length() >= 3 && value.startsWith("=\"") && value.endsWith("\"")) {
            return strip(value.substring(2, value.length() - 1).replace("\"\"", "\""));
        }
        return value;
    }

    /**
     * Trimmed as by {@link String#trim()} and of every Unicode space too: {@code trim} leaves the no-break spaces
     * (U+00A0, U+202F) Excel and French number formats write, and {@code 123456\u00a0} would be another card.
     */
    static String strip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && blank(s.charAt(from))) {
            from++;
        }
        while (to > from && blank(s.charAt(to - 1))) {
            to--;
        }
        return from == 0 && to == s.length() ? s : s.substring(from, to);
    }

    private static boolean blank(char c) {
        return c <= ' ' || Character.isSpaceChar(c);
    }

    /** Splits one record into fields, honouring quotes; fields are trimmed (Unicode spaces too), quotes removed. */
    List<String> split(String raw) {
        if (raw.indexOf('"') < 0) {
            // no quotes (most records): the fields are the text between delimiters
            List<String> fields = new ArrayList<>(16);
            int start = 0;
            for (int at = raw.indexOf(delimiter); at >= 0; at = raw.indexOf(delimiter, start)) {
                fields.add(strip(raw.substring(start, at)));
                start = at + 1;
            }
            fields.add(strip(raw.substring(start)));
            return fields;
        }
        List<String> fields = new ArrayList<>(24);
        quotedAtEnd(raw, false, fields);
        return fields;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
