package io.activationhub.ads;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** Normalisation per platform, then SHA-256: the tables of partners.md and the platforms' guides. */
class AdIdentifiersTest {

    @ParameterizedTest(name = "email [{0}] -> [{1}] (Google [{2}])")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "  Marie.Dupont@Example.FR |marie.dupont@example.fr|marie.dupont@example.fr",
            "Jean.Pierre@GMail.com     |jean.pierre@gmail.com  |jeanpierre@gmail.com",
            "a.b.c@googlemail.com      |a.b.c@googlemail.com   |abc@googlemail.com",
            "not-an-email              |NULL                   |NULL",
            "'   '                     |NULL                   |NULL",
            "two@at@example.fr         |NULL                   |NULL"})
    void email(String raw, String meta, String google) {
        assertThat(AdIdentifiers.email(raw)).isEqualTo(meta);
        assertThat(AdIdentifiers.googleEmail(raw)).isEqualTo(google);
    }

    @ParameterizedTest(name = "phone [{0}] in {1} -> Meta [{2}], Google [{3}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "+33 6 71 42 38 95 |FR  |33671423895 |+33671423895",
            "+33671423895      |NULL|33671423895 |+33671423895",
            "06 71 42 38 95    |FR  |33671423895 |+33671423895",
            "0033 6.71.42.38.95|FR  |33671423895 |+33671423895",
            "0470 12 34 56     |BE  |32470123456 |+32470123456",
            "06 71 42 38 95    |NULL|NULL        |NULL",
            "(+1) 212-555-0100 |US  |12125550100 |+12125550100",
            "12                |FR  |NULL        |NULL",
            // as cleaning reads them: a placeholder or a number that does not exist is never hashed
            "06 06 06 06 06    |FR  |NULL        |NULL",
            "+33 6 12 34 56 78 |FR  |NULL        |NULL",
            "06 71 42 38       |FR  |NULL        |NULL",
            "+33 0 6 71 42 38 95|FR |33671423895 |+33671423895"})
    void phone(String raw, String country, String meta, String google) {
        assertThat(AdIdentifiers.metaPhone(raw, country)).isEqualTo(meta);
        assertThat(AdIdentifiers.e164(raw, country)).isEqualTo(google);
    }

    @ParameterizedTest(name = "name [{0}] -> Meta [{1}], Google [{2}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "Jean-Pierre   |jeanpierre |jean-pierre",
            "  HÉLÈNE      |hélène     |hélène",
            "d'Estaing     |destaing   |d'estaing",
            "Marie  Claire |marieclaire|marie claire",
            "'--'          |NULL       |--"})
    void names(String raw, String meta, String google) {
        assertThat(AdIdentifiers.metaName(raw)).isEqualTo(meta);
        assertThat(AdIdentifiers.googleName(raw)).isEqualTo(google);
    }

    @ParameterizedTest(name = "city [{0}] -> [{1}], zip [{2}] -> [{3}], country [{4}] -> [{5}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "Saint-Étienne|saintetienne|42 000 |42000 |fr    |FR",
            "L'Haÿ-les-Roses|lhaylesroses|94240|94240|France|FR",
            "LONDON       |london      |SW1A 1AA|sw1a1aa|GB   |GB",
            "'  '         |NULL        |NULL    |NULL   |FRA  |NULL"})
    void places(String city, String ct, String zip, String metaZip, String country, String iso) {
        assertThat(AdIdentifiers.metaCity(city)).isEqualTo(ct);
        assertThat(AdIdentifiers.metaZip(zip)).isEqualTo(metaZip);
        assertThat(AdIdentifiers.country(country)).isEqualTo(iso);
    }

    @Test
    void metaRowIsHashedInSchemaOrder() throws Exception {
        AdMember m = AdIdentifiers.member(AdPlatform.META, new AdIdentifiers.Contact(7, " Marie@Example.fr ",
                "+33 6 71 42 38 95", "Marie", "Dupont", "75001", "Paris", "FR"));
        assertThat(m.values()).containsExactly(sha("marie@example.fr"), sha("33671423895"), sha("marie"), sha("dupont"),
                sha("75001"), sha("paris"), sha("fr"));
        assertThat(m.values()).allMatch(v -> v.matches("[0-9a-f]{64}"));
        assertThat(AdMember.fromRow(7, m.row(), 7)).isEqualTo(m);
        assertThat(m.toString()).doesNotContain(sha("marie@example.fr"));
    }

    @Test
    void googleHashesThePhoneWithThePlusAndSendsRegionAndPostcodeAsTheyAre() throws Exception {
        AdMember m = AdIdentifiers.member(AdPlatform.GOOGLE, new AdIdentifiers.Contact(7, "Marie.D@gmail.com",
                "0671423895", "Marie", "Dupont", "75001", "Paris", "FR"));
        assertThat(m.values()).containsExactly(sha("maried@gmail.com"), sha("+33671423895"), sha("marie"),
                sha("dupont"), "FR", "75001");
        AdMember noAddress = AdIdentifiers.member(AdPlatform.GOOGLE, new AdIdentifiers.Contact(8, "x@example.fr",
                null, "Marie", null, "75001", "Paris", "FR"));
        assertThat(noAddress.values()).containsExactly(sha("x@example.fr"), null, null, null, null, null);
    }

    @Test
    void noEmailNorPhoneIsNotAMember() {
        assertThat(AdIdentifiers.member(AdPlatform.META, new AdIdentifiers.Contact(9, null, "12", "A", "B", "1", "C",
                "FR"))).isNull();
    }

    @Test
    void fingerprintFollowsTheRow() {
        AdMember a = new AdMember(1, new String[]{"aa", null, "bb"});
        AdMember b = new AdMember(1, new String[]{"aa", "bb", null});
        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
        assertThat(a.fingerprint()).isEqualTo(new AdMember(1, new String[]{"aa", null, "bb"}).fingerprint());
    }

    private static String sha(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
