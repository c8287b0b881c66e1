package io.activationhub.hygiene;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PostalAddressNormalizerTest {

    private static final PostalAddressNormalizer NORMALIZER = new PostalAddressNormalizer();

    private static PostalAddress normalize(String line1, String line2, String line3, String postcode, String city, String country) {
        return NORMALIZER.normalize(PostalAddressInput.of("MME DELPHINE PILLIARD", postcode, city, country, line1, line2, line3));
    }

    /** Lines 2 to 6 joined with " / ", empty lines as "-". */
    private static String layout(PostalAddress address) {
        return String.join(" / ", dash(address.line2()), dash(address.line3()), dash(address.line4()),
                dash(address.line5()), dash(address.line6()));
    }

    private static String dash(String line) {
        return line == null ? "-" : line;
    }

    @ParameterizedTest(name = "[{index}] {0} {1} {2} {3} {4}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // line1 | line2 | line3 | postcode | city | expected L2 / L3 / L4 / L5 / L6 | validated
            "4 avDesfeux                    | NULL            | NULL | 90100 | Boulogne Billancour   | - / - / 4 AV DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "'4, av Desfeux'                | NULL            | NULL | 92100 | Boulogne-Billancourt  | - / - / 4 AV DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "rue Desfeux                    | NULL            | NULL | 92100 | Boulogne Billancourt  | - / - / RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "rue Desfeux                    | NULL            | NULL | 92100 | Boulogne              | - / - / RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "4 avDesfeux 90100 Boulogne Billancour | NULL     | NULL | NULL  | NULL                  | - / - / 4 AV DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "4 AVENUE DESFEUX               | NULL            | NULL | 92100 | BOULOGNE BILLANCOURT  | - / - / 4 AV DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "4bis rue de la Paix            | NULL            | NULL | 75002 | Paris                 | - / - / 4 BIS RUE DE LA PAIX / - / 75002 PARIS | true",
            "4 ter, Rue de la Paix          | NULL            | NULL | 75002 | PARIS 2E              | - / - / 4 TER RUE DE LA PAIX / - / 75002 PARIS | true",
            "12 B boulevard Voltaire        | NULL            | NULL | 75011 | Paris 11ème           | - / - / 12 B BD VOLTAIRE / - / 75011 PARIS | true",
            "12 boulevard du Général Leclerc | NULL           | NULL | 92200 | Neuilly-sur-Seine     | - / - / 12 BD DU GENERAL LECLERC / - / 92200 NEUILLY SUR SEINE | true",
            "3 place Bellecour              | NULL            | NULL | 69002 | Lyon                  | - / - / 3 PL BELLECOUR / - / 69002 LYON | true",
            "10 route de Paris              | NULL            | NULL | 69009 | Lyon 9e               | - / - / 10 RTE DE PARIS / - / 69009 LYON | true",
            "5 chemin des Vignes            | NULL            | NULL | 13100 | Aix-en-Provence       | - / - / 5 CHE DES VIGNES / - / 13100 AIX EN PROVENCE | true",
            "7 impasse du Moulin            | NULL            | NULL | 35000 | Rennes                | - / - / 7 IMP DU MOULIN / - / 35000 RENNES | true",
            "2 allée des Tilleuls           | NULL            | NULL | 33000 | Bordeaux              | - / - / 2 ALL DES TILLEULS / - / 33000 BORDEAUX | true",
            "4 R DE LA PAIX                 | NULL            | NULL | 1000  | Bourg-en-Bresse       | - / - / 4 RUE DE LA PAIX / - / 01000 BOURG EN BRESSE | true",
            "N° 8 rue Nationale             | NULL            | NULL | 59000 | Lille                 | - / - / 8 RUE NATIONALE / - / 59000 LILLE | true",
            // complements: flat on line 2, building on line 3, in any order
            "Appt 12                        | 4 av Desfeux    | Bât. B | 92100 | Boulogne-Billancourt | APPT 12 / BÂT B / 4 AV DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "Résidence Les Pins             | 3e étage        | 4 av Desfeux | 92100 | Boulogne-Billancourt | 3E ÉTAGE / RÉSIDENCE LES PINS / 4 AV DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "Bat B 4 av Desfeux             | NULL            | NULL | 92100 | Boulogne-Billancourt  | - / BAT B / 4 AV DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "Apt 12, 4 rue Desfeux          | NULL            | NULL | 92100 | Boulogne-Billancourt  | APT 12 / - / 4 RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "4 rue Desfeux Apt 12           | NULL            | NULL | 92100 | Boulogne-Billancourt  | APT 12 / - / 4 RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "Chez M. Martin                 | 4 rue Desfeux   | NULL | 92100 | Boulogne-Billancourt  | CHEZ M MARTIN / - / 4 RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            // special services and lieu-dit on line 5
            "Lieu-dit Les Granges           | NULL            | NULL | 35890 | Laillé                | - / - / - / LIEU DIT LES GRANGES / 35890 LAILLE | true",
            "Le Bourg                       | NULL            | NULL | 35890 | Laillé                | - / - / - / LE BOURG / 35890 LAILLE | true",
            "10 rue de la Gare              | B.P. 123        | NULL | 35000 | Rennes                | - / - / 10 RUE DE LA GARE / BP 123 / 35000 RENNES | true",
            "Boîte postale 45               | NULL            | NULL | 35000 | Rennes                | - / - / - / BP 45 / 35000 RENNES | true",
            "CS 70001                       | NULL            | NULL | 92137 | Issy-les-Moulineaux Cedex | - / - / - / CS 70001 / 92137 ISSY LES MOULINEAUX CEDEX | false",
            "TSA 12345                      | NULL            | NULL | 75741 | Paris Cedex 15        | - / - / - / TSA 12345 / 75741 PARIS CEDEX 15 | false",
            // postcode and town in odd places
            "4 rue Desfeux                  | 92100 Boulogne-Billancourt | NULL | NULL | NULL      | - / - / 4 RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "4 rue Desfeux                  | Boulogne-Billancourt | NULL | 92100 | NULL             | - / - / 4 RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "4 rue Desfeux                  | NULL            | NULL | NULL  | 92100 Boulogne-Billancourt | - / - / 4 RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "4 rue Desfeux                  | NULL            | NULL | 92100 Boulogne | NULL         | - / - / 4 RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "4 rue Desfeux                  | NULL            | NULL | '92 100' | Boulogne-Billancourt | - / - / 4 RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "4 rue Desfeux                  | NULL            | NULL | NULL  | Boulogne-Billancourt  | - / - / 4 RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "4 rue de la Mairie             | NULL            | NULL | 35000 | NULL                  | - / - / 4 RUE DE LA MAIRIE / - / 35000 RENNES | true",
            "4 rue de la Mairie             | NULL            | NULL | 35890 | Lailé                 | - / - / 4 RUE DE LA MAIRIE / - / 35890 LAILLE | true",
            "1 rue Saint-Rome               | NULL            | NULL | 31000 | Toulouse              | - / - / 1 RUE SAINT ROME / - / 31000 TOULOUSE | true",
            "Boulogne-Billancourt           | 4 rue Desfeux   | NULL | 92100 | NULL                  | - / - / 4 RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "4 rue Desfeux 92100            | NULL            | NULL | NULL  | Boulogne-Billancourt  | - / - / 4 RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "BP 45 92100 Boulogne           | NULL            | NULL | NULL  | NULL                  | - / - / - / BP 45 / 92100 BOULOGNE BILLANCOURT | true",
            "ZI des Grands Prés             | 12 avenue de l'Europe | NULL | 67000 | strasbourg       | - / ZI DES GRANDS PRES / 12 AV DE L EUROPE / - / 67000 STRASBOURG | true",
            "12 rue du 8 Mai 1945           | NULL            | NULL | 75016 | Paris                 | - / - / 12 RUE DU 8 MAI 1945 / - / 75016 PARIS | true",
            "4 rue Desfeux                  | NULL            | NULL | 92100 | St-Cloud              | - / - / 4 RUE DESFEUX / - / 92210 SAINT CLOUD | true",
            "10 rue de la Paix              | NULL            | NULL | 6000  | Nice                  | - / - / 10 RUE DE LA PAIX / - / 06000 NICE | true",
            "10 rue de la Paix              | NULL            | NULL | 13001 | Marseille 1er         | - / - / 10 RUE DE LA PAIX / - / 13001 MARSEILLE | true",
            "10 rue de la Paix              | NULL            | NULL | 13007 | MARSEILLE             | - / - / 10 RUE DE LA PAIX / - / 13007 MARSEILLE | true",
            "4 rue Desfeux                  | NULL            | NULL | F-92100 | Boulogne            | - / - / 4 RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "1 rue du Port                  | NULL            | NULL | 97100 | Basse-Terre           | - / - / 1 RUE DU PORT / - / 97100 BASSE TERRE | true",
            "1 rue du Port                  | NULL            | NULL | 97100 | Basse Tere            | - / - / 1 RUE DU PORT / - / 97100 BASSE TERRE | true",
            // a town written between the street and the postcode, unless it is the street's own name
            "4 av Desfeux Boulogne 92100    | NULL            | NULL | NULL  | NULL                  | - / - / 4 AV DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "3 rue Victor Hugo Rennes 35000 | NULL            | NULL | NULL  | NULL                  | - / - / 3 RUE VICTOR HUGO / - / 35000 RENNES | true",
            "4 rue de Rennes 35000          | NULL            | NULL | NULL  | NULL                  | - / - / 4 RUE DE RENNES / - / 35000 RENNES | true",
            // the reference writes some towns with their article last, in brackets: line 6 puts it first
            "10 rue de la Paix              | NULL            | NULL | 13520 | Les Baux-de-Provence  | - / - / 10 RUE DE LA PAIX / - / 13520 LES BAUX DE PROVENCE | true",
            "10 rue de la Paix              | NULL            | NULL | 13520 | Baux de Provence      | - / - / 10 RUE DE LA PAIX / - / 13520 LES BAUX DE PROVENCE | true",
            // a residence's name full of street-type words stays whole on line 3
            "Résidence Les Jardins du Mail 12 rue de la Gare | NULL | NULL | 35000 | Rennes     | - / RESIDENCE LES JARDINS DU MAIL / 12 RUE DE LA GARE / - / 35000 RENNES | true",
            "Résidence Le Clos des Pins     | 12 rue de la Gare | NULL | 35000 | Rennes          | - / RÉSIDENCE LE CLOS DES PINS / 12 RUE DE LA GARE / - / 35000 RENNES | true",
            "Bat B rue des Lilas            | NULL            | NULL | 35000 | Rennes                | - / BAT B / RUE DES LILAS / - / 35000 RENNES | true",
            "Appt 12 Résidence Le Domaine des Roses 4 rue de la Gare | NULL | NULL | 35000 | Rennes | APPT 12 / RESIDENCE LE DOMAINE DES ROSES / 4 RUE DE LA GARE / - / 35000 RENNES | true",
            "Bat C Esc 2 12 rue de la Gare  | NULL            | NULL | 35000 | Rennes                | ESC 2 / BAT C / 12 RUE DE LA GARE / - / 35000 RENNES | true",
            // a postcode a spreadsheet stored as a number, with its leading zero lost too
            "10 rue de la Paix              | NULL            | NULL | 6000.0 | Nice                 | - / - / 10 RUE DE LA PAIX / - / 06000 NICE | true",
            "10 rue de la Paix              | NULL            | NULL | '35000,0' | Rennes            | - / - / 10 RUE DE LA PAIX / - / 35000 RENNES | true",
            // Corsica's department code written in the postcode
            "10 rue de la Paix              | NULL            | NULL | 2A000 | Ajaccio               | - / - / 10 RUE DE LA PAIX / - / 20000 AJACCIO | true",
            "10 rue de la Paix              | NULL            | NULL | 2B200 | Bastia                | - / - / 10 RUE DE LA PAIX / - / 20200 BASTIA | true",
            // postcode and town swapped
            "10 rue de la Paix              | NULL            | NULL | Rennes | 35000                | - / - / 10 RUE DE LA PAIX / - / 35000 RENNES | true",
            // the arrondissement gives the postcode
            "10 rue de la Paix              | NULL            | NULL | NULL  | Paris 15e             | - / - / 10 RUE DE LA PAIX / - / 75015 PARIS | true",
            // a flat word ending the street's name is the name ("rue du Bal"), not a flat
            "3 rue du Bal                   | NULL            | NULL | 35000 | Rennes                | - / - / 3 RUE DU BAL / - / 35000 RENNES | true",
            "3 rue du Bal Apt 4             | NULL            | NULL | 35000 | Rennes                | APT 4 / - / 3 RUE DU BAL / - / 35000 RENNES | true",
            // a flat, floor, staircase, building or residence written after the street: cut off to lines 2 and 3, each
            // part up to the next one, written as the leading parts are (capitals, the word as given, no accents)
            "12 rue des Lilas Bât B         | NULL            | NULL | 35000 | Rennes                | - / BAT B / 12 RUE DES LILAS / - / 35000 RENNES | true",
            "12 rue des Lilas bat. B esc 2  | NULL            | NULL | 35000 | Rennes                | ESC 2 / BAT B / 12 RUE DES LILAS / - / 35000 RENNES | true",
            "rue des Lilas Bât B            | NULL            | NULL | 35000 | Rennes                | - / BAT B / RUE DES LILAS / - / 35000 RENNES | true",
            "4 av Foch appt 34              | NULL            | NULL | 35000 | Rennes                | APPT 34 / - / 4 AV FOCH / - / 35000 RENNES | true",
            "4 av Foch apt 34               | NULL            | NULL | 35000 | Rennes                | APT 34 / - / 4 AV FOCH / - / 35000 RENNES | true",
            "4 av Foch app. 34              | NULL            | NULL | 35000 | Rennes                | APP 34 / - / 4 AV FOCH / - / 35000 RENNES | true",
            "4 av Foch appt n° 34           | NULL            | NULL | 35000 | Rennes                | APPT N 34 / - / 4 AV FOCH / - / 35000 RENNES | true",
            "4 av Foch 3e étage             | NULL            | NULL | 35000 | Rennes                | 3E ETAGE / - / 4 AV FOCH / - / 35000 RENNES | true",
            "4 av Foch étage 3              | NULL            | NULL | 35000 | Rennes                | ETAGE 3 / - / 4 AV FOCH / - / 35000 RENNES | true",
            "4 av Foch RDC                  | NULL            | NULL | 35000 | Rennes                | RDC / - / 4 AV FOCH / - / 35000 RENNES | true",
            "'4 av Foch, Bât. C, Appt 12'   | NULL            | NULL | 35000 | Rennes                | APPT 12 / BAT C / 4 AV FOCH / - / 35000 RENNES | true",
            "4 av Foch Bât C 2e étage Appt 21 | NULL          | NULL | 35000 | Rennes                | 2E ETAGE APPT 21 / BAT C / 4 AV FOCH / - / 35000 RENNES | true",
            "4 av Foch Résidence Les Pins   | NULL            | NULL | 35000 | Rennes                | - / RESIDENCE LES PINS / 4 AV FOCH / - / 35000 RENNES | true",
            "4 av Foch Rés. Les Pins Bât 2  | NULL            | NULL | 35000 | Rennes                | - / RES LES PINS BAT 2 / 4 AV FOCH / - / 35000 RENNES | true",
            "12 rue Victor Hugo Entrée B    | NULL            | NULL | 35000 | Rennes                | - / ENTREE B / 12 RUE VICTOR HUGO / - / 35000 RENNES | true",
            "4 bis rue des Lilas Bât B      | NULL            | NULL | 35000 | Rennes                | - / BAT B / 4 BIS RUE DES LILAS / - / 35000 RENNES | true",
            "4ter av Foch esc 2             | NULL            | NULL | 35000 | Rennes                | ESC 2 / - / 4 TER AV FOCH / - / 35000 RENNES | true",
            "12 Grande Rue Bat B            | NULL            | NULL | 35000 | Rennes                | - / BAT B / 12 GRANDE RUE / - / 35000 RENNES | true",
            "N° 8 rue Nationale Apt 3       | NULL            | NULL | 59000 | Lille                 | APT 3 / - / 8 RUE NATIONALE / - / 59000 LILLE | true",
            "Bat B 4 av Desfeux Appt 12     | NULL            | NULL | 92100 | Boulogne-Billancourt  | APPT 12 / BAT B / 4 AV DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            // ... joined to what another field already put on line 2 or 3
            "4 rue Desfeux Bat C            | Résidence Les Pins | NULL | 92100 | Boulogne-Billancourt | - / BAT C RÉSIDENCE LES PINS / 4 RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "Appt 12                        | 4 rue Desfeux Esc B | NULL | 92100 | Boulogne-Billancourt | APPT 12 ESC B / - / 4 RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            // ... given twice (as APT and APPT, or inside a fuller line 2): written once, the fuller form kept; building
            // B and building B2 are two buildings
            "4 rue Desfeux Apt 12           | Appt 12         | NULL | 92100 | Boulogne-Billancourt  | APT 12 / - / 4 RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "4 rue Desfeux Esc B            | Appt 12 Esc B   | NULL | 92100 | Boulogne-Billancourt  | APPT 12 ESC B / - / 4 RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "4 rue Desfeux Bât B            | Bâtiment B      | NULL | 92100 | Boulogne-Billancourt  | - / BAT B / 4 RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            "4 rue Desfeux Bât B            | Bât B2          | NULL | 92100 | Boulogne-Billancourt  | - / BAT B BÂT B 2 / 4 RUE DESFEUX / - / 92100 BOULOGNE BILLANCOURT | true",
            // street names holding those words stay whole: a word right after the type or after de, du, la, l' is
            // the name's, and BAT, ESC, APPT, TOUR need a number or letter after them
            "4 rue du Bâtiment              | NULL            | NULL | 35000 | Rennes                | - / - / 4 RUE DU BATIMENT / - / 35000 RENNES | true",
            "4 rue du Bâtiment Bât C        | NULL            | NULL | 35000 | Rennes                | - / BAT C / 4 RUE DU BATIMENT / - / 35000 RENNES | true",
            "4 allée de l'Escalier          | NULL            | NULL | 35000 | Rennes                | - / - / 4 ALL DE L ESCALIER / - / 35000 RENNES | true",
            "4 rue de la Résidence          | NULL            | NULL | 35000 | Rennes                | - / - / 4 RUE DE LA RESIDENCE / - / 35000 RENNES | true",
            "4 impasse des Appartements     | NULL            | NULL | 35000 | Rennes                | - / - / 4 IMP DES APPARTEMENTS / - / 35000 RENNES | true",
            "4 rue de l'Étage               | NULL            | NULL | 35000 | Rennes                | - / - / 4 RUE DE L ETAGE / - / 35000 RENNES | true",
            "4 rue de la Tour B             | NULL            | NULL | 35000 | Rennes                | - / - / 4 RUE DE LA TOUR B / - / 35000 RENNES | true",
            "4 rue de la Grosse Tour        | NULL            | NULL | 35000 | Rennes                | - / - / 4 RUE DE LA GROSSE TOUR / - / 35000 RENNES | true",
            "4 rue Esc 2                    | NULL            | NULL | 35000 | Rennes                | - / - / 4 RUE ESC 2 / - / 35000 RENNES | true",
            "4 rue Porte B                  | NULL            | NULL | 35000 | Rennes                | - / - / 4 RUE PORTE B / - / 35000 RENNES | true",
            "12 rue des Lilas B             | NULL            | NULL | 35000 | Rennes                | - / - / 12 RUE DES LILAS B / - / 35000 RENNES | true",
            // a commune name too long for line 6: La Poste's delivery name
            "4 rue de l'Eglise              | NULL            | NULL | 51290 | Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson | - / - / 4 RUE DE L EGLISE / - / 51290 ST REMY BOUZEMONT | true",
            // a CEDEX code without the word CEDEX, known by its CS line: kept, not "corrected" to the town's postcode
            "CS 70001                       | NULL            | NULL | 92137 | Issy-les-Moulineaux   | - / - / - / CS 70001 / 92137 ISSY LES MOULINEAUX | false",
            // no postcode: a line naming a place may be a lieu-dit, not taken as the town
            "4 rue de la Gare               | Le Bourg        | NULL | NULL  | NULL                  | - / - / 4 RUE DE LA GARE / LE BOURG / - | false",
    })
    void restructuresNormalisesAndValidates(String line1, String line2, String line3, String postcode, String city,
                                            String expected, boolean validated) {
        PostalAddress address = normalize(line1, line2, line3, postcode, city, null);

        assertThat(layout(address)).isEqualTo(expected);
        assertThat(address.validated()).isEqualTo(validated);
        assertThat(address.line1()).isEqualTo("MME DELPHINE PILLIARD");
        assertThat(address.countryLine()).isNull();
        assertThat(address.fitsNorm()).isTrue();
        for (String line : List.of(dash(address.line4()), dash(address.line6()))) {
            assertThat(line).matches("[A-Z0-9 -]*");
        }
    }

    @Test
    void recordsWhyThePostcodeOfTheBriefExampleWasReassigned() {
        PostalAddress address = normalize("4 avDesfeux", null, null, "90100", "Boulogne Billancour", null);

        assertThat(address.postcode()).isEqualTo("92100");
        assertThat(address.town()).isEqualTo("BOULOGNE BILLANCOURT");
        assertThat(address.inseeCode()).isEqualTo("92012");
        Correction postcode = address.corrections().stream()
                .filter(c -> c.code() == CorrectionCode.POSTCODE_CORRECTED).findFirst().orElseThrow();
        assertThat(postcode.field()).isEqualTo(ContactRecord.POSTCODE);
        assertThat(postcode.original()).isEqualTo("90100");
        assertThat(postcode.corrected()).isEqualTo("92100");
        assertThat(postcode.reason()).contains("does not serve the town", "fuzzy", "single postcode");
        assertThat(address.corrections()).extracting(Correction::code)
                .contains(CorrectionCode.TYPO_CORRECTED, CorrectionCode.TOWN_CORRECTED);
        assertThat(address.flags()).isEmpty();
    }

    @Test
    void recordsEveryChangeToTheComplementLinesAndEverySplit() {
        PostalAddress complements = normalize("Appt 12", "4 av Desfeux", "Bât. B", "92100", "Boulogne-Billancourt", null);
        assertThat(complements.corrections()).anySatisfy(c -> {
            assertThat(c.field()).isEqualTo("address_line3");
            assertThat(c.code()).isEqualTo(CorrectionCode.FORMATTED);
            assertThat(c.original()).isEqualTo("Bât. B");
            assertThat(c.corrected()).isEqualTo("BÂT B");
        });
        assertThat(complements.corrections()).anySatisfy(c -> {
            assertThat(c.field()).isEqualTo("address_line1");
            assertThat(c.corrected()).isEqualTo("APPT 12");
        });

        PostalAddress split = normalize("4 rue Desfeux Apt 12", null, null, "92100", "Boulogne-Billancourt", null);
        assertThat(split.corrections()).filteredOn(c -> c.field().equals("address_line1"))
                .extracting(Correction::code, Correction::corrected)
                .contains(org.assertj.core.groups.Tuple.tuple(CorrectionCode.RESTRUCTURED, "4 RUE DESFEUX"),
                        org.assertj.core.groups.Tuple.tuple(CorrectionCode.RESTRUCTURED, "APT 12"));

        PostalAddress trailing = normalize("12 rue des Lilas bat. B esc 2", null, null, "35000", "Rennes", null);
        assertThat(trailing.corrections()).filteredOn(c -> c.field().equals("address_line1"))
                .extracting(Correction::code, Correction::corrected, Correction::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(CorrectionCode.RESTRUCTURED, "12 RUE DES LILAS",
                                "street part of the line kept on line 4 (capitals without accents or punctuation)"),
                        org.assertj.core.groups.Tuple.tuple(CorrectionCode.RESTRUCTURED, "BAT B",
                                "building or residence part of the line moved to line 3"),
                        org.assertj.core.groups.Tuple.tuple(CorrectionCode.RESTRUCTURED, "ESC 2",
                                "flat, floor or staircase part of the line moved to line 2"));
        assertThat(trailing.corrections()).allSatisfy(c -> {
            if (c.field().equals("address_line1")) {
                assertThat(c.original()).isEqualTo("12 rue des Lilas bat. B esc 2");
            }
        });
    }

    @Test
    void keepsEveryPartWhenTheJoinedComplementLineIsTooLong() {
        PostalAddress address = normalize("4 av Foch Bât C", "Appt 12", "Résidence du Parc des Grands Chênes Verts",
                "35000", "Rennes", null);

        // the residence's accented word is abbreviated like any other; nothing is dropped to make the line fit
        assertThat(address.line3()).isEqualTo("BAT C RES DU PARC DES GRANDS CHÊNES VERTS");
        assertThat(address.line2()).isEqualTo("APPT 12");
        assertThat(address.line4()).isEqualTo("4 AV FOCH");
        assertThat(address.flags()).extracting(Flag::code).containsExactly(FlagCode.TOO_LONG);
        assertThat(address.corrections()).extracting(Correction::code)
                .contains(CorrectionCode.RESTRUCTURED, CorrectionCode.ABBREVIATED);
    }

    @Test
    void recordsAComplementGivenTwiceAsWrittenOnce() {
        PostalAddress address = normalize("4 rue Desfeux Apt 12", "Appt 12", null, "92100", "Boulogne-Billancourt", null);

        assertThat(address.corrections()).filteredOn(c -> c.code() == CorrectionCode.DUPLICATE_REMOVED).singleElement()
                .satisfies(c -> {
                    assertThat(c.field()).isEqualTo("address_line2");
                    assertThat(c.original()).isEqualTo("Appt 12");
                    assertThat(c.corrected()).isEqualTo("APT 12");
                    assertThat(c.reason()).contains("already on line 2");
                });
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(delimiter = '|', value = {"49660 | Torfou", "1000 | Bruxelles", "B-1000 | Bruxelles", "75015 | Paris 16"})
    void leavesThePostcodeAsItWasWhenTheTownDoesNotConfirmIt(String postcode, String city) {
        PostalAddress address = normalize("4 rue de la Gare", null, null, postcode, city, null);

        assertThat(address.validated()).isFalse();
        assertThat(address.corrections()).extracting(Correction::code)
                .doesNotContain(CorrectionCode.POSTCODE_CORRECTED, CorrectionCode.COMPLETED, CorrectionCode.TOWN_CORRECTED);
        assertThat(address.postcode()).isIn(postcode, null);
        assertThat(address.corrections()).noneMatch(c -> c.reason().contains("leading zero"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // a town in many departments with a postcode from none of them: not guessed
            "99999 | Saint-Denis          | AMBIGUOUS",
            // a town with several postcodes and none given
            "NULL  | Toulouse             | AMBIGUOUS",
            // a postcode serving several towns and no town
            "35890 | NULL                 | INCOMPLETE",
            // a town that does not exist anywhere
            "92100 | Xyzzyville           | POSTCODE_TOWN_MISMATCH",
            "NULL  | Xyzzyville           | INCOMPLETE",
            "ABCDE | NULL                 | INVALID",
            "123456 | Rennes              | INVALID",
            // a foreign address without its country: no French postcode made up for it
            "1000   | Bruxelles           | INVALID",
            "8000   | Zürich              | INVALID",
            "B-1000 | Bruxelles           | NOT_VALIDATED",
            "CH-8000 | Zurich             | NOT_VALIDATED",
            // a postcode that exists and a former commune (or a namesake) whose name is only found far away
            "49660  | Torfou              | POSTCODE_TOWN_MISMATCH",
            "49450  | Roussay             | POSTCODE_TOWN_MISMATCH",
            "50130  | Octeville           | POSTCODE_TOWN_MISMATCH",
            // the arrondissement and the postcode disagree: one of them is wrong
            "75015  | Paris 16            | POSTCODE_TOWN_MISMATCH",
            "13008  | Marseille 1er       | POSTCODE_TOWN_MISMATCH",
            "69003  | Lyon 7e             | POSTCODE_TOWN_MISMATCH",
    })
    void flagsWhatItCannotResolve(String postcode, String city, FlagCode flag) {
        PostalAddress address = normalize("4 rue de la Gare", null, null, postcode, city, null);

        assertThat(address.validated()).isFalse();
        if (flag != null) {
            assertThat(address.flags()).extracting(Flag::code).contains(flag);
        }
    }

    @Test
    void completesTheTownOfASingleTownPostcodeAndFlagsTheOthers() {
        PostalAddress severalTowns = normalize("4 rue de la Gare", null, null, "35000", null, null);
        assertThat(severalTowns.flags()).isEmpty();
        assertThat(severalTowns.line6()).isEqualTo("35000 RENNES");

        PostalAddress noTown = normalize("4 rue de la Gare", null, null, "01090", null, null);
        assertThat(noTown.flags()).extracting(Flag::code).containsExactly(FlagCode.INCOMPLETE);
        assertThat(noTown.line6()).isEqualTo("01090");
    }

    @Test
    void prefersTheTownsPostcodeInTheGivenDepartmentOrOneDigitAway() {
        PostalAddress sameDepartment = normalize("4 rue de la Gare", null, null, "31777", "Toulouse", null);
        assertThat(sameDepartment.validated()).isFalse();
        assertThat(sameDepartment.flags()).extracting(Flag::code).contains(FlagCode.AMBIGUOUS);

        PostalAddress oneDigit = normalize("4 rue de la Gare", null, null, "32100", "Toulouse", null);
        assertThat(oneDigit.postcode()).isEqualTo("31100");
        assertThat(oneDigit.corrections()).filteredOn(c -> c.code() == CorrectionCode.POSTCODE_CORRECTED)
                .singleElement().satisfies(c -> assertThat(c.reason()).contains("one digit away"));
    }

    @Test
    void flagsATownEquallyCloseToTwoTowns() {
        PostcodeReference reference = PostcodeReference.of(List.of(
                PostcodeEntry.of("91140", "VILLEBON SUR YVETTE", "91661", "Villebon-sur-Yvette"),
                PostcodeEntry.of("01150", "VILLEBOIS", "01444", "Villebois"),
                PostcodeEntry.of("28190", "VILLEBON", "28412", "Villebon")));
        PostalAddressNormalizer normalizer = new PostalAddressNormalizer(reference);

        PostalAddress address = normalizer.normalize(PostalAddressInput.of(null, "75000", "Villebos", null, "1 rue Haute"));

        assertThat(address.validated()).isFalse();
        assertThat(address.postcode()).isEqualTo("75000");
        assertThat(address.flags()).extracting(Flag::code).containsExactly(FlagCode.AMBIGUOUS);
        assertThat(address.corrections()).extracting(Correction::code).doesNotContain(CorrectionCode.POSTCODE_CORRECTED);
    }

    @Test
    void keepsTheCommuneNameTheResidentWroteWhenItsPostcodeDeliversUnderAnotherName() {
        // the reference delivers a few streets of Boulogne-Billancourt under 75016 PARIS
        PostalAddress address = normalize("4 rue Desfeux", null, null, "75016", "Boulogne-Billancourt", null);

        assertThat(address.line6()).isEqualTo("75016 BOULOGNE BILLANCOURT");
        assertThat(address.validated()).isTrue();
        assertThat(address.corrections()).extracting(Correction::code).doesNotContain(CorrectionCode.TOWN_CORRECTED);
    }

    @Test
    void flagsACedexMentionWithAnOrdinaryPostcode() {
        PostalAddress address = normalize("4 rue Desfeux", null, null, "92100", "Boulogne-Billancourt Cedex", null);

        assertThat(address.line6()).isEqualTo("92100 BOULOGNE BILLANCOURT CEDEX");
        assertThat(address.flags()).extracting(Flag::code).containsExactly(FlagCode.NOT_VALIDATED);
    }

    @Test
    void abbreviatesLongLinesToThirtyEightCharacters() {
        PostalAddress address = normalize("12 avenue du Général Maréchal de Lattre de Tassigny", null, null,
                "92100", "Boulogne-Billancourt", null);

        assertThat(address.line4()).isEqualTo("12 AV DU GAL MAL DE LATTRE DE TASSIGNY").hasSizeLessThanOrEqualTo(38);
        assertThat(address.flags()).isEmpty();
        assertThat(address.corrections()).extracting(Correction::code).contains(CorrectionCode.ABBREVIATED);
    }

    @Test
    void flagsALineThatStaysTooLong() {
        PostalAddress address = normalize("12 rue de la Très Longue Allée Qui Ne Finit Jamais Vraiment", null, null,
                "92100", "Boulogne-Billancourt", null);

        assertThat(address.line4()).hasSizeGreaterThan(38);
        assertThat(address.flags()).extracting(Flag::code).containsExactly(FlagCode.TOO_LONG);
    }

    @Test
    void shortensALongTownOnLineSix() {
        PostalAddress address = normalize("CS 20001", null, null, "02141", "Saint-Pierre-lès-Franqueville Cedex", null);

        assertThat(address.line6()).isEqualTo("02141 ST PIERRE LES FRANQUEVILLE CEDEX").hasSize(38);
        assertThat(address.validated()).isFalse();
        assertThat(address.flags()).extracting(Flag::code).containsExactly(FlagCode.NOT_VALIDATED);
        assertThat(address.corrections()).extracting(Correction::code).contains(CorrectionCode.ABBREVIATED);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "Belgique    | BE | BELGIQUE",
            "BE          | BE | BELGIQUE",
            "Germany     | DE | ALLEMAGNE",
            "Suisse      | CH | SUISSE",
            "Royaume-Uni | GB | ROYAUME UNI",
            "Atlantis    | NULL | ATLANTIS",
    })
    void passesForeignAddressesThroughRestructuredOnly(String country, String code, String countryLine) {
        PostalAddress address = normalize("Rue de la Loi 16", "Boîte 3", null, "1000", "Bruxelles", country);

        assertThat(address.countryCode()).isEqualTo(code);
        assertThat(address.countryLine()).isEqualTo(countryLine);
        assertThat(address.validated()).isFalse();
        assertThat(address.line4()).isEqualTo("RUE DE LA LOI 16");
        assertThat(address.line5()).isEqualTo("BOÎTE 3");
        assertThat(address.line6()).isEqualTo("1000 BRUXELLES");
        assertThat(address.flags()).extracting(Flag::code).containsExactly(FlagCode.NOT_VALIDATED);
        assertThat(address.lines()).last().isEqualTo(countryLine);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {"France", "FR", "FRA", "france métropolitaine", "NULL", "''", "Guadeloupe", "-", "99100"})
    void treatsFranceAndOverseasDepartmentsAsDomestic(String country) {
        PostalAddress address = normalize("4 av Desfeux", null, null, "92100", "Boulogne-Billancourt", country);

        assertThat(address.countryLine()).isNull();
        assertThat(address.line6()).isEqualTo("92100 BOULOGNE BILLANCOURT");
    }

    @Test
    void returnsAnEmptyAddressForEmptyInput() {
        PostalAddress address = NORMALIZER.normalize(PostalAddressInput.of(null, null, "  ", null, null, "", "   "));

        assertThat(address.lines()).isEmpty();
        assertThat(address.flags()).isEmpty();
        assertThat(address.corrections()).isEmpty();
        assertThat(address.validated()).isFalse();
    }

    @Test
    void survivesVeryLongAndUnicodeInput() {
        String longLine = "12 rue " + "très-longue ".repeat(500);
        PostalAddress address = normalize(longLine, "\u00A0\u2003😀 Résidence ☃ Les Pins", null, "92100", "Boulogne-Billancourt", null);

        assertThat(address.line6()).isEqualTo("92100 BOULOGNE BILLANCOURT");
        assertThat(address.flags()).extracting(Flag::code).contains(FlagCode.TOO_LONG);
        assertThat(address.line3()).isEqualTo("RÉSIDENCE LES PINS");
    }

    @Test
    void toStringMasksTheAddress() {
        PostalAddress address = normalize("4 avDesfeux", null, null, "90100", "Boulogne Billancour", null);

        assertThat(address.toString()).doesNotContain("DESFEUX", "Desfeux", "PILLIARD", "90100", "92100", "BOULOGNE");
    }
}
