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
            // a birth name after "née" is not part of the last name, which is the name in use before it
            "Dupont née Martin                | NULL | NULL         | NULL | Dupont",
            "DUPONT NEE MARTIN                | NULL | NULL         | NULL | Dupont",
            "Dupont (née Martin)              | NULL | NULL         | NULL | Dupont",
            "Mme Marie Dupont née Martin      | MME  | Marie        | M    | Dupont",
            "DUPONT née MARTIN Marie          | NULL | Marie        | M    | Dupont",
            "'Dupont née Martin, Marie'       | NULL | Marie        | M    | Dupont",
            "Marie Dupont (née Martin)        | NULL | Marie        | M    | Dupont",
            // "X épouse Y" (ép., epse, veuve): born X, married Y; the married name is the name in use
            "Martin épouse Dupont             | NULL | NULL         | NULL | Dupont",
            "Dupont ép. Martin                | NULL | NULL         | NULL | Martin",
            "Mme Marie Martin épouse Dupont   | MME  | Marie        | M    | Dupont",
            "MARTIN epse DUPONT Marie         | NULL | Marie        | M    | Dupont",
            "Mme Marie Martin veuve Dupont    | MME  | Marie        | M    | Dupont",
            // a widow marker before the name is a civility, not part of the name
            "Vve Dupont                       | MME  | NULL         | NULL | Dupont",
            "Veuve Dupont                     | MME  | NULL         | NULL | Dupont",
            "Mme veuve DUPONT Marie           | MME  | Marie        | M    | Dupont",
            // generation suffixes are not part of the last name
            "Dupont Jr                        | NULL | NULL         | NULL | Dupont",
            "Dupont fils                      | NULL | NULL         | NULL | Dupont",
            "Dupont père                      | NULL | NULL         | NULL | Dupont",
            "Jean Dupont fils                 | NULL | Jean         | J    | Dupont",
            "M. DUPONT Jean Sr                | M    | Jean         | J    | Dupont",
            // ...but a surname that looks like one stays whole
            "Jean Fils                        | NULL | Jean         | J    | Fils",
            "Jean Lefils                      | NULL | Jean         | J    | Lefils",
            "Jean Fils-Aimé                   | NULL | Jean         | J    | Fils-Aimé",
            "Jean-Robert FILS-AIMÉ            | NULL | Jean-Robert  | J    | Fils-Aimé",
            "Marie Nee                        | NULL | Marie        | M    | Nee",
            "Marie Ste Croix                  | NULL | Marie        | M    | Ste Croix",
            // deceased markers and company forms leave the name (and are flagged, see below)
            "M. Jean Dupont (décédé)          | M    | Jean         | J    | Dupont",
            "DUPONT Marie DCD                 | NULL | Marie        | M    | Dupont",
            "SARL Dupont                      | NULL | NULL         | NULL | Dupont",
            "Sté Dupont                       | NULL | NULL         | NULL | Dupont",
            "Établissements Dupont            | NULL | NULL         | NULL | Dupont",
            // a run of initials: the first is the initial, and the last name is the rest
            "J. P. Dupont                     | NULL | NULL         | J    | Dupont",
            "J.P. Dupont                      | NULL | NULL         | J    | Dupont",
            "J-P Dupont                       | NULL | NULL         | J    | Dupont",
            "J.-P. Dupont                     | NULL | NULL         | J    | Dupont",
            "M. J. P. Dupont                  | M    | NULL         | J    | Dupont",
            "Dupont J. P.                     | NULL | NULL         | J    | Dupont",
            "J.P.Dupont                       | NULL | NULL         | J    | Dupont",
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
            // birth and married names in the last-name field: the last name is the name in use
            "NULL        | Marie        | Dupont née Martin   | NULL | Marie   | M    | Dupont",
            "NULL        | Marie        | DUPONT NEE MARTIN   | NULL | Marie   | M    | Dupont",
            "NULL        | Marie        | Dupont (née Martin) | NULL | Marie   | M    | Dupont",
            "NULL        | Marie        | Martin épouse Dupont | NULL | Marie  | M    | Dupont",
            "NULL        | Marie        | Dupont ép. Martin   | NULL | Marie   | M    | Martin",
            "NULL        | Marie        | MARTIN EP DUPONT    | NULL | Marie   | M    | Dupont",
            // widow markers give the civility
            "NULL        | Marie        | Vve Dupont     | MME  | Marie        | M    | Dupont",
            "NULL        | Marie        | Veuve Dupont   | MME  | Marie        | M    | Dupont",
            "Vve         | Marie        | Dupont         | MME  | Marie        | M    | Dupont",
            "Mme Veuve   | Marie        | Dupont         | MME  | Marie        | M    | Dupont",
            "M.          | Marie        | Vve Dupont     | M    | Marie        | M    | Dupont",
            // generation suffixes
            "NULL        | Jean         | Dupont Jr      | NULL | Jean         | J    | Dupont",
            "NULL        | Jean         | Dupont fils    | NULL | Jean         | J    | Dupont",
            "NULL        | Jean         | DUPONT PERE    | NULL | Jean         | J    | Dupont",
            "NULL        | Jean         | Dupont Junior  | NULL | Jean         | J    | Dupont",
            // real surnames that look like markers stay whole
            "NULL        | Jean         | Lefils         | NULL | Jean         | J    | Lefils",
            "NULL        | Jean         | Fils-Aimé      | NULL | Jean         | J    | Fils-Aimé",
            "NULL        | Jean         | FILS-AIME      | NULL | Jean         | J    | Fils-Aime",
            "NULL        | Jean         | Fils           | NULL | Jean         | J    | Fils",
            "NULL        | Jean         | Père           | NULL | Jean         | J    | Père",
            "NULL        | Jean         | Le Père        | NULL | Jean         | J    | Le Père",
            "NULL        | Wei          | Nee            | NULL | Wei          | W    | Nee",
            "NULL        | Wei          | NEE            | NULL | Wei          | W    | Nee",
            "NULL        | Jean         | Sas            | NULL | Jean         | J    | Sas",
            "NULL        | Jean         | Dupont-Fils    | NULL | Jean         | J    | Dupont-Fils",
            // deceased markers and company forms leave the name
            "NULL        | Jean         | Dupont décédé  | NULL | Jean         | J    | Dupont",
            "NULL        | Jean         | DUPONT DCD     | NULL | Jean         | J    | Dupont",
            "NULL        | Jean         | Dupont (décédé) | NULL | Jean        | J    | Dupont",
            "NULL        | Marie        | Dupont décédée | NULL | Marie        | M    | Dupont",
            "NULL        | Jean DCD     | Dupont         | NULL | Jean         | J    | Dupont",
            "NULL        | Jean         | SARL Dupont    | NULL | Jean         | J    | Dupont",
            "NULL        | Jean         | Dupont SAS     | NULL | Jean         | J    | Dupont",
            "NULL        | Jean         | Ets Dupont     | NULL | Jean         | J    | Dupont",
            // initials
            "NULL        | J. P.        | Dupont         | NULL | NULL         | J    | Dupont",
            "NULL        | J.P.         | Dupont         | NULL | NULL         | J    | Dupont",
            "NULL        | J-P          | Dupont         | NULL | NULL         | J    | Dupont",
            "NULL        | Jo           | Dupont         | NULL | Jo           | J    | Dupont",
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

    @ParameterizedTest(name = "[{index}] {0} / {1} / {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // first name | last name | contact | flags (NONE when there must be none)
            "Jean         | Dupont décédé   | NULL                    | DECEASED",
            "Jean         | DUPONT DCD      | NULL                    | DECEASED",
            "Jean         | Dupont (décédé) | NULL                    | DECEASED",
            "Jean DCD     | Dupont          | NULL                    | DECEASED",
            "NULL         | NULL            | M. Jean Dupont (décédé) | DECEASED",
            "Jean         | SARL Dupont     | NULL                    | COMPANY",
            "Jean         | EURL DUPONT     | NULL                    | COMPANY",
            "NULL         | NULL            | Sté Dupont              | COMPANY",
            "NULL         | NULL            | Société Dupont          | COMPANY",
            "NULL         | NULL            | SCI Dupont              | COMPANY",
            "NULL         | NULL            | SAS Dupont              | COMPANY",
            "NULL         | NULL            | Ets Dupont              | COMPANY",
            "NULL         | NULL            | Établissements Dupont   | COMPANY",
            // names that only look like markers
            "Jean         | Lefils          | NULL                    | NONE",
            "Jean         | Fils-Aimé       | NULL                    | NONE",
            "Wei          | Nee             | NULL                    | NONE",
            "Jean         | Sas             | NULL                    | NONE",
            "Sasha        | Dupont          | NULL                    | NONE",
            "NULL         | NULL            | Marie Ste Croix         | NONE",
            "NULL         | NULL            | Dupont née Martin       | NONE",
    })
    void flagsDeceasedPeopleAndCompanies(String first, String last, String contact, String flags) {
        PersonName name = parser.parse(null, first, last, contact);

        assertThat(name.flags()).extracting(f -> f.code().name())
                .containsExactly(flags.equals("NONE") ? new String[0] : flags.split(" "));
        assertThat(name.flags()).allSatisfy(f -> assertThat(f.reason()).doesNotContainIgnoringCase("dupont"));
    }

    @ParameterizedTest(name = "[{index}] {0} / {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // last name | contact | field of the correction | value kept aside
            "Dupont née Martin          | NULL                            | last_name | Martin",
            "DUPONT NEE MARTIN          | NULL                            | last_name | Martin",
            "Martin épouse Dupont       | NULL                            | last_name | Martin",
            "Dupont ép. Martin          | NULL                            | last_name | Dupont",
            "NULL                       | Mme Marie Dupont née Martin     | last_name | Martin",
            "NULL                       | Mme Marie MARTIN épouse DUPONT  | last_name | Martin",
            "Dupont Jr                  | NULL                            | last_name | Jr",
            "Dupont fils                | NULL                            | last_name | fils",
            "NULL                       | Dupont père                     | contact   | père",
            "NULL                       | J. P. Dupont                    | contact   | J. P.",
            "NULL                       | J-P Dupont                      | contact   | J-P",
    })
    void keepsTheOtherNameSuffixOrInitialsInACorrection(String last, String contact, String field, String kept) {
        PersonName name = parser.parse(null, last == null ? null : "Marie", last, contact);

        assertThat(name.corrections()).filteredOn(c -> c.field().equals(field) && kept.equals(c.corrected()))
                .singleElement().satisfies(c -> {
                    assertThat(c.code()).isEqualTo(CorrectionCode.RESTRUCTURED);
                    assertThat(c.reason()).doesNotContainIgnoringCase("dupont").doesNotContainIgnoringCase("martin");
                });
        assertThat(name.lastName()).isNotEqualTo(kept);
    }

    @Test
    void marksTheBirthNameCorrectionSoThatItCanBeFound() {
        PersonName name = parser.parse(null, "Marie", "DUPONT NEE MARTIN", null);

        assertThat(name.corrections()).filteredOn(c -> c.reason().equals(NameParser.BIRTH_NAME_KEPT))
                .singleElement().satisfies(c -> {
                    assertThat(c.field()).isEqualTo(ContactRecord.LAST_NAME);
                    assertThat(c.original()).isEqualTo("DUPONT NEE MARTIN");
                    assertThat(c.corrected()).isEqualTo("Martin");
                });
        assertThat(parser.parse(null, "Marie", "Dupont", null).corrections())
                .noneMatch(c -> c.reason().equals(NameParser.BIRTH_NAME_KEPT));
    }

    @Test
    void keepsTheMatchingKeysOfTheNameInUse() {
        PersonName plain = parser.parse(null, "Marie", "Dupont", null);

        for (String annotated : new String[]{"Dupont née Martin", "DUPONT NEE MARTIN", "Martin épouse Dupont", "Vve Dupont",
                "Dupont (décédée)", "Dupont fils"}) {
            PersonName name = parser.parse(null, "Marie", annotated, null);
            assertThat(name.lastNameKey()).as(annotated).isEqualTo(plain.lastNameKey());
            assertThat(name.lastNamePhonetic()).as(annotated).isEqualTo(plain.lastNamePhonetic());
        }
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
