package io.activationhub.ingest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class DelimitedFileReaderTest {

    private static List<DelimitedFileReader.Record> read(byte[] bytes, int maxLine) throws IOException {
        List<DelimitedFileReader.Record> out = new ArrayList<>();
        try (DelimitedFileReader r = new DelimitedFileReader(new ByteArrayInputStream(bytes), ';', null, maxLine)) {
            DelimitedFileReader.Record rec;
            while ((rec = r.next()) != null) {
                out.add(rec);
            }
        }
        return out;
    }

    private static List<DelimitedFileReader.Record> read(String text) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8), 1024);
    }

    @Test
    void splitsFieldsTrimsThemAndNumbersLines() throws IOException {
        List<DelimitedFileReader.Record> rows = read("a;b;c\n 1 ; 2;3\r\n\n4;;6\n");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).fields()).containsExactly("1", "2", "3");
        assertThat(rows.get(1).lineNo()).isEqualTo(2);
        assertThat(rows.get(2).fields()).containsExactly("4", "", "6");
        assertThat(rows.get(2).lineNo()).isEqualTo(4);
    }

    @Test
    void honoursQuotesEscapedQuotesAndQuotedFieldsSpanningLines() throws IOException {
        List<DelimitedFileReader.Record> rows = read("\"a;b\";\"say \"\"hi\"\"\";\"two\nlines\";x\nnext;1;2;3\n");
        assertThat(rows.get(0).fields()).containsExactly("a;b", "say \"hi\"", "two\nlines", "x");
        assertThat(rows.get(0).lineNo()).isEqualTo(1);
        assertThat(rows.get(1).lineNo()).isEqualTo(3);
    }

    @Test
    void decodesUtf8AndIso88591LineByLineAndSkipsTheBom() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        out.write("nom;ville\n".getBytes(StandardCharsets.UTF_8));
        out.write("Hélène;Orléans\n".getBytes(StandardCharsets.UTF_8));
        out.write("Hélène;Orléans\n".getBytes(Charset.forName("ISO-8859-1")));
        List<DelimitedFileReader.Record> rows = read(out.toByteArray(), 1024);
        assertThat(rows.get(0).fields()).containsExactly("nom", "ville");
        assertThat(rows.get(1).fields()).containsExactly("Hélène", "Orléans");
        assertThat(rows.get(2).fields()).containsExactly("Hélène", "Orléans");
    }

    @Test
    void aLineThatIsNotUtf8IsReadAsWindows1252() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("nom;ville;prix\n".getBytes(StandardCharsets.UTF_8));
        out.write("Cœur d’Alésia;François;12,50 €\n".getBytes(Charset.forName("windows-1252")));
        out.write(new byte[]{'a', (byte) 0x81, 'b', ';', (byte) 0xE9, ';', (byte) 0x9D, '\n'});
        List<DelimitedFileReader.Record> rows = read(out.toByteArray(), 1024);
        assertThat(rows.get(1).fields()).containsExactly("Cœur d’Alésia", "François", "12,50 €");
        // the bytes windows-1252 leaves undefined are kept, as Windows keeps them, not replaced by U+FFFD
        assertThat(rows.get(2).fields()).containsExactly("a\u0081b", "é", "\u009d");
    }

    @Test
    void aForcedSingleByteCharsetDoesNotOverrideALineThatIsValidUtf8() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("nom;ville\n".getBytes(StandardCharsets.US_ASCII));
        // the file was exported as UTF-8 since the mapping was written for ISO-8859-15
        out.write("Hélène;Orléans\n".getBytes(StandardCharsets.UTF_8));
        // a line really in ISO-8859-15: the mapping's charset, as before
        out.write("Cœur;Besançon €\n".getBytes(Charset.forName("ISO-8859-15")));
        List<DelimitedFileReader.Record> rows = new ArrayList<>();
        long utf8;
        try (DelimitedFileReader r = new DelimitedFileReader(new ByteArrayInputStream(out.toByteArray()), ';',
                Charset.forName("ISO-8859-15"), 1024)) {
            DelimitedFileReader.Record rec;
            while ((rec = r.next()) != null) {
                rows.add(rec);
            }
            utf8 = r.linesReadAsUtf8DespiteCharset();
        }
        assertThat(rows.get(1).fields()).containsExactly("Hélène", "Orléans");
        assertThat(rows.get(2).fields()).containsExactly("Cœur", "Besançon €");
        assertThat(utf8).isEqualTo(1);
        // a forced multi-byte charset is taken as it is
        try (DelimitedFileReader r = new DelimitedFileReader(new ByteArrayInputStream(
                "a;b\nHélène;x\n".getBytes(StandardCharsets.UTF_8)), ';', StandardCharsets.UTF_8, 1024)) {
            r.next();
            assertThat(r.next().fields()).containsExactly("Hélène", "x");
            assertThat(r.linesReadAsUtf8DespiteCharset()).isZero();
        }
    }

    @Test
    void tellsWellFormedUtf8WithoutDecoding() {
        for (String utf8 : List.of("Hélène", "Cœur d’Alésia €", "𝄞", "plain")) {
            byte[] b = utf8.getBytes(StandardCharsets.UTF_8);
            assertThat(DelimitedFileReader.looksUtf8(b, b.length)).as(utf8).isTrue();
        }
        for (String latin : List.of("Hélène", "Orléans", "é")) {
            byte[] b = latin.getBytes(Charset.forName("ISO-8859-15"));
            assertThat(DelimitedFileReader.looksUtf8(b, b.length)).as(latin).isFalse();
        }
        byte[] cut = "é".getBytes(StandardCharsets.UTF_8);
        assertThat(DelimitedFileReader.looksUtf8(cut, 1)).isFalse();
    }

    @Test
    void aUtf16FileIsReadByItsByteOrderMarkWhateverTheForcedCharset() throws IOException {
        String text = "nom;ville\r\nCœur d’Alésia;Orléans 𝄞\r\n" + "x;y\r\n".repeat(5000);
        for (Charset utf16 : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write("\uFEFF".getBytes(utf16));
            out.write(text.getBytes(utf16));
            List<DelimitedFileReader.Record> rows = new ArrayList<>();
            try (DelimitedFileReader r = new DelimitedFileReader(new ByteArrayInputStream(out.toByteArray()), ';',
                    Charset.forName("ISO-8859-15"), 1024)) {
                DelimitedFileReader.Record rec;
                while ((rec = r.next()) != null) {
                    rows.add(rec);
                }
            }
            assertThat(rows).hasSize(5002).noneMatch(DelimitedFileReader.Record::isBad);
            assertThat(rows.get(0).fields()).containsExactly("nom", "ville");
            assertThat(rows.get(1).fields()).containsExactly("Cœur d’Alésia", "Orléans 𝄞");
            assertThat(rows.get(5001).fields()).containsExactly("x", "y");
        }
        // pairs at odd offsets: one of them straddles the 8192-character buffer of the re-encoding
        String clefs = "𝄞".repeat(5000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("\uFEFFnom;ville\r\na;" + clefs + "\r\n").getBytes(StandardCharsets.UTF_16LE));
        assertThat(read(out.toByteArray(), 65536).get(1).fields()).containsExactly("a", clefs);
    }

    @Test
    void readsGzipAndReportsATruncatedArchive() throws IOException {
        StringBuilder sb = new StringBuilder("a;b\n");
        for (int i = 0; i < 5000; i++) {
            sb.append(i).append(";value-").append(i).append('\n');
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = gz.toByteArray();
        assertThat(read(whole, 1024)).hasSize(5001).noneMatch(DelimitedFileReader.Record::isBad);

        List<DelimitedFileReader.Record> truncated = read(Arrays.copyOf(whole, whole.length / 2), 1024);
        assertThat(truncated.get(truncated.size() - 1).error()).startsWith("file truncated");
        assertThat(truncated.size()).isBetween(2, 5001);
    }

    @Test
    void aHugeLineIsReportedWithoutBeingKeptAndTheNextLinesAreRead() throws IOException {
        String huge = "x".repeat(100_000);
        List<DelimitedFileReader.Record> rows = read(("a;b\n" + huge + ";1\nok;2\n").getBytes(StandardCharsets.UTF_8), 1024);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).error()).startsWith("line longer than 1024 bytes");
        assertThat(rows.get(1).raw()).isEmpty();
        assertThat(rows.get(2).fields()).containsExactly("ok", "2");
        assertThat(rows.get(2).lineNo()).isEqualTo(3);
    }

    @Test
    void anUnterminatedQuoteAtTheEndIsABadRecord() throws IOException {
        List<DelimitedFileReader.Record> rows = read("a;b\n\"open;1\n");
        assertThat(rows.get(1).error()).isEqualTo("unterminated quoted field at end of file");
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsLiteralAndSwallowsNoLine() throws IOException {
        List<DelimitedFileReader.Record> rows = read("sku;category;price\nA;TV 55\";899\nB;cable;9\nC;12\" x 3\";5\nD;TV 65\";999\n");
        assertThat(rows).hasSize(5).noneMatch(DelimitedFileReader.Record::isBad);
        assertThat(rows.get(1).fields()).containsExactly("A", "TV 55\"", "899");
        assertThat(rows.get(2).fields()).containsExactly("B", "cable", "9");
        assertThat(rows.get(3).fields()).containsExactly("C", "12\" x 3\"", "5");
        assertThat(rows.get(4).fields()).containsExactly("D", "TV 65\"", "999");
        assertThat(rows.get(4).lineNo()).isEqualTo(5);
        // a quote still opens a field at its start, blanks before it allowed; text after the closing quote is kept
        assertThat(read("x; \"a;b\" ;\"c\"d;e\"f\"\n").get(0).fields()).containsExactly("x", "a;b", "cd", "e\"f\"");
    }

    @Test
    void excelsEqualsQuoteWrapperGivesTheTextInside() throws IOException {
        List<DelimitedFileReader.Record> rows = read("x;=\"0012345678\"; =\"0612345678\" ;\"=\"\"01000\"\"\";=\"\";=;a=\"b\";=\"1;2\"\n");
        assertThat(rows.get(0).fields()).containsExactly("x", "0012345678", "0612345678", "01000", "", "=", "a=\"b\"",
                "=\"1", "2\"");
    }

    @Test
    void aQuoteNeverClosedRefusesOnlyItsLineWithItsTextAndTheNextLinesAreRead() throws IOException {
        List<DelimitedFileReader.Record> rows = read("a;b\n1;\"open\n2;x\n3;y\n");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(1).error()).isEqualTo("unterminated quoted field at end of file");
        assertThat(rows.get(1).raw()).isEqualTo("1;\"open");
        assertThat(rows.get(1).lineNo()).isEqualTo(2);
        assertThat(rows.get(2).fields()).containsExactly("2", "x");
        assertThat(rows.get(2).lineNo()).isEqualTo(3);
        assertThat(rows.get(3).fields()).containsExactly("3", "y");
        assertThat(rows.get(3).lineNo()).isEqualTo(4);
    }

    @Test
    void aQuoteNotClosedWithinTheRecordLimitRefusesOnlyItsLine() throws IOException {
        StringBuilder sb = new StringBuilder("a;b\n0;\"stray\n");
        for (int i = 1; i <= 2000; i++) {
            sb.append(i).append(";value-").append(i).append('\n');
        }
        sb.append("last;\"quoted\nover two lines\"\n");
        List<DelimitedFileReader.Record> rows = read(sb.toString().getBytes(StandardCharsets.UTF_8), 1024);
        assertThat(rows).hasSize(1 + 1 + 2000 + 1);
        assertThat(rows.get(1).error()).isEqualTo("unterminated quoted field: no closing quote within 1024 bytes");
        assertThat(rows.get(1).raw()).isEqualTo("0;\"stray");
        assertThat(rows.subList(2, 2002)).noneMatch(DelimitedFileReader.Record::isBad);
        assertThat(rows.get(2001).fields()).containsExactly("2000", "value-2000");
        assertThat(rows.get(2001).lineNo()).isEqualTo(2002);
        assertThat(rows.get(2002).fields()).containsExactly("last", "quoted\nover two lines");
    }

    @Test
    void aBareCrEndsALineAsLfAndCrLfDoAndStaysDataInAQuotedField() throws IOException {
        List<DelimitedFileReader.Record> rows = read("a;b\r1;x\r2;\"two\rlines\"\r\n3;\"crlf\r\nkept as lf\"\n\r4;y");
        assertThat(rows).hasSize(5).noneMatch(DelimitedFileReader.Record::isBad);
        assertThat(rows.get(0).fields()).containsExactly("a", "b");
        assertThat(rows.get(1).fields()).containsExactly("1", "x");
        assertThat(rows.get(2).fields()).containsExactly("2", "two\rlines");
        assertThat(rows.get(3).fields()).containsExactly("3", "crlf\nkept as lf");
        assertThat(rows.get(4).fields()).containsExactly("4", "y");
        assertThat(rows.stream().map(DelimitedFileReader.Record::lineNo)).containsExactly(1L, 2L, 3L, 5L, 8L);
    }

    @Test
    void noBreakSpacesAroundFieldsAreTrimmedLikeSpaces() throws IOException {
        List<DelimitedFileReader.Record> rows = read("store_id\u00a0;card\n\u202fS1\u00a0; 123456\u00a0\n\u00a0\"a;b\"\u202f;=\"007\"\u00a0\n");
        assertThat(rows.get(0).fields()).containsExactly("store_id", "card");
        assertThat(rows.get(1).fields()).containsExactly("S1", "123456");
        assertThat(rows.get(2).fields()).containsExactly("a;b", "007");
        // a space inside a value stays
        assertThat(read("1\u202f234,56;a\u00a0b\n").get(0).fields()).containsExactly("1\u202f234,56", "a\u00a0b");
    }

    @Test
    void anEmptyFileHasNoRecord() throws IOException {
        assertThat(read("")).isEmpty();
        assertThat(read("\n\n")).isEmpty();
    }
}
