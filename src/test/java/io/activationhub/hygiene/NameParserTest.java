package io.activationhub.hygiene;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class NameParserTest {

    private final NameParser parser = new NameParser();

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // contact | civility | first name | initial | last name
            "Pilliard, Delphine               | NULL | Delphine     | D    | Pilliard",
            "Delphine Pilliard                | NULL | Delphine     | D    | Pilliard",
            "PILLIARD Delphine                | NULL | Delphine     | D    | Pilliard",
            "Delphine PILLIARD                | NULL | Delphine     | D    | Pilliard",
            "Nom : Delphine Pilliard          | NULL | Delphine     | D    | Pilliard",
            "Contact : Pilliard, Delphine     | NULL | Delphine     | D    | Pilliard",
            "Contact: PILLIARD,DELPHINE       | NULL | Delphine     | D    | Pilliard",
            "D. Pilliard                      | NULL | NULL         | D    | Pilliard",
            "D.pilliard                       | NULL | NULL         | D    | Pilliard",
            "Pilliard D.                      | NULL | NULL         | D    | Pilliard",
            "Pilliard, D.                     | NULL | NULL         | D    | Pilliard",
            "'  Delphine    Pilliard  '       | NULL | Delphine     | D    | Pilliard",
            "Mme Delphine Pilliard            | MME  | Delphine     | D    | Pilliard",
            "Madame PILLIARD Delphine         | MME  | Delphine     | D    | Pilliard",
            "Mlle Delphine Pilliard           | MME  | Delphine     | D    | Pilliard",
            "M. Jean-Pierre Dupont            | M    | Jean-Pierre  | J    | Dupont",
            "Mr DUPONT Jean-Pierre            | M    | Jean-Pierre  | J    | Dupont",
            "M. Dupont                        | M    | NULL         | NULL | Dupont",
            "jean-pierre de la fontaine       | NULL | Jean-Pierre  | J    | de La Fontaine",
            "Jean DE LA FONTAINE              | NULL | Jean         | J    | de La Fontaine",
            "Yann Le Goff                     | NULL | Yann         | Y    | Le Goff",
            "LE GOFF Yann                     | NULL | Yann         | Y    | Le Goff",
            "Hélène d'Estaing                 | NULL | Hélène       | H    | d'Estaing",
            "Anne-Sophie VAN DER BERG         | NULL | Anne-Sophie  | A    | van der Berg",
            "Marie-Hélène O'NEIL              | NULL | Marie-Hélène | M    | O'Neil",
            "Élodie Ménard                    | NULL | Élodie       | É    | Ménard",
            "Pilliard                         | NULL | NULL         | NULL | Pilliard",
            "Nom : Pilliard                   | NULL | NULL         | NULL | Pilliard",
            "Dr Delphine Pilliard             | NULL | Delphine     | D    | Pilliard",
            "M. et Mme Dupont                 | NULL | NULL         | NULL | Dupont",
            "Jean-Claude Van Damme            | NULL | Jean-Claude  | J    | van Damme",
            // several people: "ou", "et", "&", "et/ou" between two civilities, never a first name
            "M. ou Mme Dupont                 | NULL | NULL         | NULL | Dupont",
            "Monsieur ou Madame Dupont        | NULL | NULL         | NULL | Dupont",
            "M ou Mme DUPONT Jean             | NULL | Jean         | J    | Dupont",
            "Mr et Mrs Smith                  | NULL | NULL         | NULL | Smith",
            "M. et/ou Mme Dupont              | NULL | NULL         | NULL | Dupont",
            "M & Mme Dupont                   | NULL | NULL         | NULL | Dupont",
            "M. ou Mme                        | NULL | NULL         | NULL | NULL",
            // a civility and a last name starting with a particle: no first name
            "M. Le Goff                       | M    | NULL         | NULL | Le Goff",
            "Mme de la Fontaine               | MME  | NULL         | NULL | de La Fontaine",
            "Madame DE LA FONTAINE            | MME  | NULL         | NULL | de La Fontaine",
            "M. Van Damme                     | M    | NULL         | NULL | van Damme",
            "Mme Da Silva                     | MME  | NULL         | NULL | da Silva",
            "Le Goff                          | NULL | NULL         | NULL | Le Goff",
            // Mac, Mc, Saint, Sainte start a compound last name
            "Ronald Mac Donald                | NULL | Ronald       | R    | Mac Donald",
            "Lucie Saint Pierre               | NULL | Lucie        | L    | Saint Pierre",
            "Marie Sainte Croix               | NULL | Marie        | M    | Sainte Croix",
            "Sean Mc Gregor                   | NULL | Sean         | S    | Mc Gregor",
            "M. Mac Donald                    | M    | NULL         | NULL | Mac Donald",
            "Ronald Mac DONALD                | NULL | Ronald       | R    | Mac Donald",
    })
    void parsesTheContactField(String contact, Civility civility, String first, String initial, String last) {
        PersonName name = parser.parse(null, null, null, contact);

        assertThat(name.civility()).isEqualTo(civility);
        assertThat(name.firstName()).isEqualTo(first);
        assertThat(name.firstInitial()).isEqualTo(initial == null ? null : TextFolding.letterKey(initial));
        assertThat(name.lastName()).isEqualTo(last);
    }

    @ParameterizedTest(name = "[{index}] {0} / {1} / {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // civility | first_name | last_name | civility | first | initial | last
            "Mme         | DELPHINE     | PILLIARD       | MME  | Delphine     | D    | Pilliard",
            "madame      | delphine     | pilliard       | MME  | Delphine     | D    | Pilliard",
            "MLLE        | Delphine     | Pilliard       | MME  | Delphine     | D    | Pilliard",
            "Mrs         | Delphine     | Pilliard       | MME  | Delphine     | D    | Pilliard",
            "Monsieur    | jean-pierre  | le goff        | M    | Jean-Pierre  | J    | Le Goff",
            "M.          | JEAN-PIERRE  | DE LA FONTAINE | M    | Jean-Pierre  | J    | de La Fontaine",
            "Mr          | D.           | Pilliard       | M    | NULL         | D    | Pilliard",
            "NULL        | Mme Delphine | Pilliard       | MME  | Delphine     | D    | Pilliard",
            "NULL        | Delphine     | Mme Pilliard   | MME  | Delphine     | D    | Pilliard",
            "NULL        | NULL         | PILLIARD Delphine | NULL | Delphine  | D    | Pilliard",
            "NULL        | Pilliard, Delphine | NULL     | NULL | Delphine     | D    | Pilliard",
            "NULL        | Jean Pierre  | NULL           | NULL | Jean Pierre  | J    | NULL",
            "NULL        | NULL         | de La Fontaine | NULL | NULL         | NULL | de La Fontaine",
            "Dr          | Delphine     | Pilliard       | NULL | Delphine     | D    | Pilliard",
            "'  '        | '  '         | '  '           | NULL | NULL         | NULL | NULL",
            // a civility alone in the first-name field is the civility, not a first name or an initial
            "NULL        | Mme          | Pilliard       | MME  | NULL         | NULL | Pilliard",
            "NULL        | Mr           | Dupont         | M    | NULL         | NULL | Dupont",
            "NULL        | M.           | Dupont         | M    | NULL         | NULL | Dupont",
            "NULL        | M            | Dupont         | M    | NULL         | NULL | Dupont",
            "NULL        | Madame       | Pilliard       | MME  | NULL         | NULL | Pilliard",
            "Mme         | M.           | Pilliard       | MME  | NULL         | NULL | Pilliard",
            "M. ou Mme   | Jean         | Dupont         | NULL | Jean         | J    | Dupont",
            "NULL        | NULL         | Mac DONALD     | NULL | NULL         | NULL | Mac Donald",
            "NULL        | NULL         | Le Goff        | NULL | NULL         | NULL | Le Goff",
            "NULL        | M. ou Mme    | NULL           | NULL | NULL         | NULL | NULL",
    })
    void parsesSeparateFields(String civilityRaw, String firstRaw, String lastRaw,
                              Civility civility, String first, String initial, String last) {
        PersonName name = parser.parse(civilityRaw, firstRaw, lastRaw, null);

        assertThat(name.civility()).isEqualTo(civility);
        assertThat(name.firstName()).isEqualTo(first);
        assertThat(name.firstInitial()).isEqualTo(initial);
        assertThat(name.lastName()).isEqualTo(last);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "DELPHINE          | false | Delphine",
            "jean-pierre       | false | Jean-Pierre",
            "MARIE HÉLÈNE      | false | Marie Hélène",
            "ÉLODIE            | false | Élodie",
            "le goff           | true  | Le Goff",
            "LE GOFF           | true  | Le Goff",
            "DE LA FONTAINE    | true  | de La Fontaine",
            "du bellay         | true  | du Bellay",
            "DES ESSARTS       | true  | des Essarts",
            "D'ARTAGNAN        | true  | d'Artagnan",
            "giscard d’estaing | true  | Giscard d'Estaing",
            "O'NEIL            | true  | O'Neil",
            "SAINT-EXUPÉRY     | true  | Saint-Exupéry",
            "LA FONTAINE       | true  | La Fontaine",
            "DU                | true  | Du",
            "ŒUVRARD           | true  | Œuvrard",
    })
    void properCases(String raw, boolean lastName, String expected) {
        assertThat(NameParser.properCase(raw, lastName)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0} / {1}")
    @CsvSource(delimiter = '|', value = {
            // first | last | first key | last key
            "Hélène      | Pilliard        | HELENE      | PILLIARD",
            "Jean-Pierre | de La Fontaine  | JEAN PIERRE | DE LA FONTAINE",
            "Zoë         | Œuvrard         | ZOE         | OEUVRARD",
            "Ségolène    | L'Hôpital       | SEGOLENE    | L HOPITAL",
            "Çağla       | Müller-Straße   | CAGLA       | MULLER STRASSE",
    })
    void buildsComparisonKeys(String first, String last, String firstKey, String lastKey) {
        PersonName name = parser.parse(null, first, last, null);

        assertThat(name.firstNameKey()).isEqualTo(firstKey).matches("[A-Z ]*");
        assertThat(name.lastNameKey()).isEqualTo(lastKey).matches("[A-Z ]*");
    }

    @ParameterizedTest(name = "[{index}] {0} ~ {1}")
    @CsvSource(delimiter = '|', value = {
            "Dupont      | Dupond",
            "Gautier     | Gauthier",
            "Pilliard    | Pillard",
            "Le Goff     | Legoff",
            "de La Fontaine | Delafontaine",
            "Hélène      | HELENE",
            "Thomas      | Tomas",
    })
    void givesTheSamePhoneticKeyToHomophones(String one, String other) {
        PersonName a = parser.parse(null, one, one, null);
        PersonName b = parser.parse(null, other, other, null);

        assertThat(a.lastNamePhonetic()).isEqualTo(b.lastNamePhonetic()).isNotEmpty();
    }

    @Test
    void recordsEveryChangeWithItsReason() {
        PersonName name = parser.parse("Madame", null, null, "Contact : PILLIARD, Delphine");

        assertThat(name.corrections()).extracting(Correction::code)
                .contains(CorrectionCode.CANONICALISED, CorrectionCode.NOISE_REMOVED, CorrectionCode.RESTRUCTURED,
                        CorrectionCode.FORMATTED);
        assertThat(name.corrections()).allSatisfy(c -> assertThat(c.reason()).isNotBlank().doesNotContainIgnoringCase("pilliard"));
    }

    @Test
    void flagsAnAssumedOrderAndUngenderedTitles() {
        assertThat(parser.parse(null, null, null, "DELPHINE PILLIARD").flags())
                .extracting(Flag::code).containsExactly(FlagCode.ASSUMED);
        assertThat(parser.parse("Dr", "Delphine", "Pilliard", null).flags())
                .extracting(Flag::code).containsExactly(FlagCode.UNGENDERED_TITLE);
        assertThat(parser.parse("XYZ", "Delphine", "Pilliard", null).flags())
                .extracting(Flag::code).containsExactly(FlagCode.INVALID);
        assertThat(parser.parse(null, "Delphine", null, null).flags())
                .extracting(Flag::code).containsExactly(FlagCode.INCOMPLETE);
    }

    @Test
    void flagsSeveralPeopleAndRecordsACivilityTakenFromTheFirstName() {
        assertThat(parser.parse(null, null, null, "M. ou Mme Dupont").flags())
                .extracting(Flag::code).containsExactly(FlagCode.UNGENDERED_TITLE);
        assertThat(parser.parse("M. ou Mme", "Jean", "Dupont", null).flags())
                .extracting(Flag::code).containsExactly(FlagCode.UNGENDERED_TITLE);
        assertThat(parser.parse("Mr et Mrs", "John", "Smith", null).flags())
                .extracting(Flag::code).containsExactly(FlagCode.UNGENDERED_TITLE);

        PersonName mme = parser.parse(null, "Mme", "Pilliard", null);
        assertThat(mme.flags()).isEmpty();
        assertThat(mme.corrections()).filteredOn(c -> c.field().equals(ContactRecord.FIRST_NAME))
                .singleElement().satisfies(c -> {
                    assertThat(c.code()).isEqualTo(CorrectionCode.RESTRUCTURED);
                    assertThat(c.reason()).isEqualTo("first-name field held only a civility: taken as the civility, first name left empty");
                    assertThat(c.original()).isEqualTo("Mme");
                    assertThat(c.corrected()).isEqualTo("MME");
                });
        assertThat(parser.parse(null, "Dr", "Pilliard", null).flags())
                .extracting(Flag::code).containsExactly(FlagCode.UNGENDERED_TITLE);
    }

    @Test
    void takesANameStartingWithAParticleAsTheLastName() {
        assertThat(parser.parse(null, null, null, "M. Le Goff").flags()).isEmpty();
        assertThat(parser.parse(null, null, null, "Mme de la Fontaine").flags()).isEmpty();
        // a word after the last name may be a first name: not guessed, flagged
        PersonName trailing = parser.parse(null, null, null, "Mme Da Silva Maria");
        assertThat(trailing.lastName()).isEqualTo("da Silva Maria");
        assertThat(trailing.firstName()).isNull();
        assertThat(trailing.flags()).extracting(Flag::code).containsExactly(FlagCode.ASSUMED);
        assertThat(trailing.flags().get(0).reason()).isEqualTo("name starting with a particle: every word taken as the last name");
    }

    @Test
    void handlesEmptyAndAbsurdInput() {
        assertThat(parser.parse(null, null, null, null).isEmpty()).isTrue();
        assertThat(parser.parse(null, null, null, null).flags()).isEmpty();
        PersonName tooLong = parser.parse(null, "A".repeat(5_000), "B".repeat(5_000), null);
        assertThat(tooLong.isEmpty()).isTrue();
        assertThat(tooLong.flags()).extracting(Flag::code).contains(FlagCode.INVALID);
        assertThat(parser.parse(null, "12345", "Pilliard", null).flags()).extracting(Flag::code).contains(FlagCode.INVALID);
    }

    @Test
    void buildsTheRecipientLineWithinThirtyEightCharacters() {
        assertThat(parser.parse("Mme", "Hélène", "Pilliard", null).recipientLine()).isEqualTo("MME HÉLÈNE PILLIARD");
        assertThat(parser.parse(null, null, null, "D. Pilliard").recipientLine()).isEqualTo("D PILLIARD");
        PersonName longName = parser.parse("M", "Jean-Christophe-Alexandre", "de La Rochefoucauld", null);
        assertThat(longName.recipientLine()).isEqualTo("M J DE LA ROCHEFOUCAULD").hasSizeLessThanOrEqualTo(38);
    }

    @Test
    void toStringMasksNames() {
        String text = parser.parse("Mme", "Delphine", "Pilliard", null).toString();

        assertThat(text).doesNotContain("Delphine", "Pilliard").contains("D***", "P***");
    }
}
