package io.activationhub.ingest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PosTicketFormatTest {

    private final PosTicketFormat format = new PosTicketFormat();

    private String[] stage(String line) throws RowRejected {
        return stage(format, line, new Row(columns()));
    }

    private static Map<String, Integer> columns() {
        Map<String, Integer> columns = new HashMap<>();
        List<String> header = new PosTicketFormat().requiredColumns();
        for (int i = 0; i < header.size(); i++) {
            columns.put(header.get(i), i);
        }
        return columns;
    }

    private static String[] stage(PosTicketFormat format, String line, Row row) throws RowRejected {
        List<String> fields = new ArrayList<>(Arrays.asList(line.split(";", -1)));
        String[] values = new String[format.stagingColumns().size()];
        format.stage(row.at(2, fields), values);
        return values;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // default ranges: -100..100 items, prices and discounts 0..10,000
            "S1;T1;2026-10-01T10:15;;1;SKU;;1;59,90;0;store         | 0..10000 | ''",
            "S1;T1;2026-10-01T10:15;;1;SKU;;-100;59,90;0;store      | 0..10000 | ''",
            "S1;T1;2026-10-01T10:15;;1;SKU;;101;59,90;0;store       | 0..10000 | quantity",
            "S1;T1;2026-10-01T10:15;;1;SKU;;1;10000,01;0;store      | 0..10000 | unit_price",
            "S1;T1;2026-10-01T10:15;;1;SKU;;1;59,90;10001;store     | 0..10000 | discount",
            "S1;T1;2026-10-01T10:15;;1;SKU;;-150;20000;20000;store  | 0..10000 | quantity,unit_price,discount",
            // a deployment's price range, with an open bound
            "S1;T1;2026-10-01T10:15;;1;SKU;;1;0,50;0;store          | 1..      | unit_price",
            "S1;T1;2026-10-01T10:15;;1;SKU;;1;50000;0;store         | 1..      | ''",
    })
    void aValueOutsideItsValidityRangeIsKeptAndFlagged(String line, String priceRange, String flagged) throws RowRejected {
        PosTicketFormat ranged = new PosTicketFormat(io.activationhub.hygiene.ValidityRanges
                .defaults(java.time.Clock.systemUTC())
                .with(io.activationhub.hygiene.ValidityRanges.POS_UNIT_PRICE, io.activationhub.hygiene.Range.parse(priceRange)));
        Row row = new Row(columns());
        String[] values = stage(ranged, line, row);
        assertThat(values[8]).isNotNull();
        io.activationhub.feed.DataQualityCounts counts = new io.activationhub.feed.DataQualityCounts();
        row.flagsInto(counts);
        assertThat(counts.counts().keySet()).extracting(k -> k.field() + ":" + k.outcome() + ":" + k.code())
                .containsExactlyInAnyOrderElementsOf(flagged.isEmpty() ? List.of()
                        : Arrays.stream(flagged.split(",")).map(f -> f + ":flagged:OUT_OF_RANGE").toList());
        // the next record starts without the previous one's flags
        stage(ranged, "S1;T1;2026-10-01T10:15;;1;SKU;;1;59,90;0;store", row);
        io.activationhub.feed.DataQualityCounts next = new io.activationhub.feed.DataQualityCounts();
        row.flagsInto(next);
        assertThat(next.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "S1;T1;2026-10-01T10:15:00;C1;1;SKU;robes;1;59,90;0;store | 2026-10-01T10:15 | 1 | 59.90 | 0 | store",
            "S1;T1;2026-10-01 10:15;C1;2;SKU;robes;2;10.5;1,5;WEB     | 2026-10-01T10:15 | 2 | 10.5  | 1.5 | web",
            "S1;T1;2026-10-01T10:15:30.250;;3;SKU;;-1;1 234,50;;      | 2026-10-01T10:15:30.250 | -1 | 1234.50 | 0 | store",
            "S1;T1;2026-10-01T10:15;;4;SKU;;1;1\u202f234,56;1\u00a0000;store | 2026-10-01T10:15 | 1 | 1234.56 | 1000 | store",
    })
    void acceptsTheConventionsOfTillExports(String line, String ts, String qty, String price, String discount, String channel)
            throws RowRejected {
        String[] v = stage(line);
        assertThat(v[2]).isEqualTo(ts);
        assertThat(v[7]).isEqualTo(qty);
        assertThat(v[8]).isEqualTo(price);
        assertThat(v[9]).isEqualTo(discount);
        assertThat(v[10]).isEqualTo(channel);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            ";T1;2026-10-01T10:15:00;C1;1;SKU;robes;1;59,90;0;store          | store_id is empty",
            "S1;T1;01/10/2026;C1;1;SKU;robes;1;59,90;0;store                  | ticket_ts is not an ISO-8601 local date-time: '01/10/2026'",
            "S1;T1;0000-01-01T10:15:00;C1;1;SKU;robes;1;59,90;0;store         | ticket_ts year out of range 1..9999: '0000-01-01T10:15:00'",
            "S1;T1;+300000-01-01T10:15;C1;1;SKU;robes;1;59,90;0;store         | ticket_ts year out of range 1..9999: '+300000-01-01T10:15'",
            "S1;T1;2026-10-01T10:15:00;C1;0;SKU;robes;1;59,90;0;store         | line_no must be positive: 0",
            "S1;T1;2026-10-01T10:15:00;C1;x;SKU;robes;1;59,90;0;store         | line_no is not a whole number: 'x'",
            "S1;T1;2026-10-01T10:15:00;C1;1;SKU;robes;0;59,90;0;store         | quantity is 0",
            "S1;T1;2026-10-01T10:15:00;C1;1;SKU;robes;1;abc;0;store           | unit_price is not a number: 'abc'",
            "S1;T1;2026-10-01T10:15:00;C1;1;SKU;robes;1;-5;0;store            | unit_price is negative: -5",
            "S1;T1;2026-10-01T10:15:00;C1;1;SKU;robes;1;5;-1;store            | discount is negative: -1",
            "S1;T1;2026-10-01T10:15:00;C1;1;SKU;robes;1;99999999;0;store      | unit_price out of range: 99999999",
            "S1;T1;2026-10-01T10:15:00;C1;1;SKU;robes;1;5;0;phone             | channel must be store or web, found 'phone'",
    })
    void rejectsARowWithAReasonAnIntegrationTeamCanActOn(String line, String reason) {
        assertThatThrownBy(() -> stage(line)).isInstanceOf(RowRejected.class).hasMessage(reason);
    }

    @ParameterizedTest
    @CsvSource({"2026-10-01T10:15:00", "2026-10-01T10:15:07", "2026-10-01T10:15", "2026-10-01 10:15:59", "2026-10-01 10:15",
            "2024-02-29T23:59:59", "2026-02-29T10:00", "2026-04-31T10:00", "2026-13-01T10:00", "2026-00-10T10:00",
            "2026-10-00T10:00", "2026-10-01T24:00", "2026-10-01T24:00:00", "2026-10-01T10:60", "2026-10-01T10:15:60",
            "2026-10-01X10:15", "2026-10-0110:15", "2026-10-01T10:15:00.5", "0000-01-01T00:00", "+12026-10-01T10:15",
            "2026-1-01T10:15:00", "2026-10-01T1:15:00", "２０２６-10-01T10:15"})
    void theFastTimestampPathGivesWhatTheParserGives(String value) {
        String expected;
        try {
            expected = PosTicketFormat.timestamp(value).toString();
        } catch (RowRejected e) {
            assertThatThrownBy(() -> PosTicketFormat.timestampText(value)).isInstanceOf(RowRejected.class)
                    .hasMessage(e.getMessage());
            return;
        }
        try {
            assertThat(PosTicketFormat.timestampText(value)).isEqualTo(expected);
        } catch (RowRejected e) {
            throw new AssertionError(value + " rejected: " + e.getMessage(), e);
        }
    }
}
