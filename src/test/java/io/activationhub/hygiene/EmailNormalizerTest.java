package io.activationhub.hygiene;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EmailNormalizerTest {

    private final EmailNormalizer normalizer = new EmailNormalizer();

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // input | address | correction codes (space separated) | flag
            "delphine.pilliard@gmail.com        | delphine.pilliard@gmail.com | NONE                             | NONE",
            "'  Delphine.Pilliard@Gmail.com  '  | delphine.pilliard@gmail.com | FORMATTED FORMATTED              | NONE",
            "d.pilliard@gmial.com               | d.pilliard@gmail.com        | TYPO_CORRECTED                   | NONE",
            "d.pilliard@gmal.com                | d.pilliard@gmail.com        | TYPO_CORRECTED                   | NONE",
            // Gmail has no .fr domain: gmail.fr and its typos go to gmail.com
            "d@gmail.fr                         | d@gmail.com                 | TYPO_CORRECTED                   | NONE",
            "d@gmai.fr                          | d@gmail.com                 | TYPO_CORRECTED                   | NONE",
            "d@gmaill.fr                        | d@gmail.com                 | TYPO_CORRECTED                   | NONE",
            "d@gmail.fe                         | d@gmail.com                 | TYPO_CORRECTED                   | NONE",
            "d@gmial.fr                         | d@gmail.com                 | TYPO_CORRECTED                   | NONE",
            // two neighbouring letters swapped count as one edit
            "d@oragne.fr                        | d@orange.fr                 | TYPO_CORRECTED                   | NONE",
            "d@hotmali.fr                       | d@hotmail.fr                | TYPO_CORRECTED                   | NONE",
            "d@yaoho.fr                         | d@yahoo.fr                  | TYPO_CORRECTED                   | NONE",
            "d@wanaodo.fr                       | d@wanadoo.fr                | TYPO_CORRECTED                   | NONE",
            "d@hotmial.co.uk                    | d@hotmail.co.uk             | TYPO_CORRECTED                   | NONE",
            // a real ending is never swapped for a near one, and real domains near a popular one stay
            "d@hotmail.de                       | d@hotmail.de                | NONE                             | NONE",
            "d@hotmail.se                       | d@hotmail.se                | NONE                             | NONE",
            "d@hotmail.gr                       | d@hotmail.gr                | NONE                             | NONE",
            "d@yahoo.gr                         | d@yahoo.gr                  | NONE                             | NONE",
            "d@email.fr                         | d@email.fr                  | NONE                             | NONE",
            "d@mail.fr                          | d@mail.fr                   | NONE                             | NONE",
            "d@mail.com                         | d@mail.com                  | NONE                             | NONE",
            "d@email.com                        | d@email.com                 | NONE                             | NONE",
            "d@hotmial.com                      | d@hotmail.com               | TYPO_CORRECTED                   | NONE",
            "d@hotmail.fr                       | d@hotmail.fr                | NONE                             | NONE",
            "d@yahooo.fr                        | d@yahoo.fr                  | TYPO_CORRECTED                   | NONE",
            "d@wanadoo.fe                       | d@wanadoo.fr                | TYPO_CORRECTED                   | NONE",
            "d@orange.fe                        | d@orange.fr                 | TYPO_CORRECTED                   | NONE",
            "d@free.fe                          | d@free.fr                   | TYPO_CORRECTED                   | NONE",
            "d@laposte.ent                      | d@laposte.net               | TYPO_CORRECTED                   | NONE",
            "d@outlok.fr                        | d@outlook.fr                | TYPO_CORRECTED                   | NONE",
            "d@gmail.cm                         | d@gmail.com                 | TYPO_CORRECTED                   | NONE",
            "d@wanadooo.fr                      | d@wanadoo.fr                | TYPO_CORRECTED                   | NONE",
            "d@hotmail.it                       | d@hotmail.it                | NONE                             | NONE",
            "d@life.fr                          | d@life.fr                   | NONE                             | NONE",
            "d@activationhub.io                 | d@activationhub.io          | NONE                             | NONE",
            "mailto:d@free.fr                   | d@free.fr                   | NOISE_REMOVED                    | NONE",
            "Delphine Pilliard <d@free.fr>      | d@free.fr                   | NOISE_REMOVED                    | NONE",
            "'\"d@free.fr\"'                    | d@free.fr                   | NOISE_REMOVED                    | NONE",
            "d.pilliard @ free.fr               | d.pilliard@free.fr          | NOISE_REMOVED                    | NONE",
            "d@@free.fr                         | d@free.fr                   | TYPO_CORRECTED                   | NONE",
            "d@free,fr                          | d@free.fr                   | TYPO_CORRECTED                   | NONE",
            "d@free.fr.                         | d@free.fr                   | TYPO_CORRECTED                   | NONE",
            "prenom+promo@sub.example.co.uk     | prenom+promo@sub.example.co.uk | NONE                          | NONE",
            "o'neil@example.com                 | o'neil@example.com          | NONE                             | NONE",
            "d@café.fr                          | d@xn--caf-dma.fr            | FORMATTED                        | NONE",
            // invalid: flagged, address empty
            "delphine.pilliard                  | NULL                        | NONE                             | INVALID",
            "d@free                             | NULL                        | NONE                             | INVALID",
            "@free.fr                           | NULL                        | NONE                             | INVALID",
            "d@                                 | NULL                        | NONE                             | INVALID",
            "d.@free.fr                         | NULL                        | NONE                             | INVALID",
            ".d@free.fr                         | NULL                        | NONE                             | INVALID",
            "d..p@free.fr                       | NULL                        | NONE                             | INVALID",
            "jean dupont@free.fr                | NULL                        | NONE                             | INVALID",
            "a@b@free.fr                        | NULL                        | NONE                             | INVALID",
            "hélène@free.fr                     | NULL                        | NONE                             | INVALID",
            "d@-free.fr                         | NULL                        | NONE                             | INVALID",
            "d@free.f                           | NULL                        | NONE                             | INVALID",
            "d@free.123                         | NULL                        | NONE                             | INVALID",
            "'\"d p\"@free.fr'                  | NULL                        | NONE                             | INVALID",
            // placeholders for "no email"
            "x@x.fr                             | NULL                        | NONE                             | INVALID",
            "test@test.com                      | NULL                        | NONE                             | INVALID",
            "pasdemail@gmail.com                | NULL                        | NONE                             | INVALID",
            "nomail@nomail.com                  | NULL                        | NONE                             | INVALID",
            "aucun@aucun.fr                     | NULL                        | NONE                             | INVALID",
            "no@email.com                       | NULL                        | NONE                             | INVALID",
            "noemail@orange.fr                  | NULL                        | NONE                             | INVALID",
            "pas.de.mail@free.fr                | NULL                        | NONE                             | INVALID",
            "Pas_De_Mail@free.fr                | NULL                        | FORMATTED                        | INVALID",
            "néant@free.fr                      | NULL                        | NONE                             | INVALID",
            "jean.dupont@nomail.com             | NULL                        | NONE                             | INVALID",
    })
    void normalizes(String raw, String address, String corrections, String flag) {
        CleanEmail email = normalizer.normalize(raw);

        assertThat(email.address()).isEqualTo(address);
        assertThat(email.isValid()).isEqualTo(address != null);
        assertThat(email.corrections()).extracting(c -> c.code().name())
                .containsExactly(corrections.equals("NONE") ? new String[0] : corrections.split(" "));
        assertThat(email.flags()).extracting(f -> f.code().name())
                .containsExactly(flag.equals("NONE") ? new String[0] : new String[]{flag});
    }

    @Test
    void keepsTheOriginalDomainOfATypoFix() {
        CleanEmail email = normalizer.normalize("d@gmial.com");

        Correction fix = email.corrections().get(0);
        assertThat(fix.original()).isEqualTo("d@gmial.com");
        assertThat(fix.corrected()).isEqualTo("d@gmail.com");
        assertThat(fix.reason()).doesNotContain("gmial");
        assertThat(email.original()).isEqualTo("d@gmial.com");
    }

    @Test
    void flagsADomainOneLetterAwayFromTwoPopularDomains() {
        EmailNormalizer twoTargets = new EmailNormalizer(java.util.Map.of(), Set.of("orange.fr", "oranges.fr"));

        CleanEmail email = twoTargets.normalize("d@orangee.fr");

        assertThat(email.address()).isEqualTo("d@orangee.fr");
        assertThat(email.flags()).extracting(Flag::code).containsExactly(FlagCode.AMBIGUOUS);
    }

    @Test
    void neverChangesTheEndingByFuzzyMatching() {
        EmailNormalizer frenchOnly = new EmailNormalizer(java.util.Map.of(), Set.of("orange.fr"));

        assertThat(frenchOnly.normalize("d@orange.fe").address()).isEqualTo("d@orange.fe");
        assertThat(frenchOnly.normalize("d@orange.de").corrections()).isEmpty();
        assertThat(frenchOnly.normalize("d@ornage.fr").address()).isEqualTo("d@orange.fr");
    }

    @Test
    void mapsGmailFrToGmailComKeepingTheOriginal() {
        CleanEmail email = normalizer.normalize("jean@gmail.fr");

        Correction fix = email.corrections().get(0);
        assertThat(fix.code()).isEqualTo(CorrectionCode.TYPO_CORRECTED);
        assertThat(fix.original()).isEqualTo("jean@gmail.fr");
        assertThat(fix.corrected()).isEqualTo("jean@gmail.com");
        assertThat(fix.reason()).isEqualTo("known typo or non-existent form of a popular email domain");
    }

    @Test
    void givesTheReasonForAPlaceholder() {
        CleanEmail email = normalizer.normalize("pasdemail@gmail.com");

        assertThat(email.address()).isNull();
        assertThat(email.flags()).singleElement().satisfies(flag -> {
            assertThat(flag.code()).isEqualTo(FlagCode.INVALID);
            assertThat(flag.reason()).isEqualTo("placeholder address (written instead of no email): not kept");
            assertThat(flag.original()).isEqualTo("pasdemail@gmail.com");
        });
    }

    @Test
    void trimsNoBreakSpacesAroundTheAddress() {
        for (String raw : java.util.List.of("jean@gmail.com\u00A0", "\u00A0jean@gmail.com", "\u202Fjean@gmail.com\u202F ")) {
            CleanEmail email = normalizer.normalize(raw);

            assertThat(email.address()).isEqualTo("jean@gmail.com");
            assertThat(email.flags()).isEmpty();
            assertThat(email.corrections()).extracting(Correction::code).containsExactly(CorrectionCode.FORMATTED);
            assertThat(email.corrections().get(0).reason()).isEqualTo("surrounding white space trimmed");
        }
    }

    @ParameterizedTest(name = "[{index}] {0} ~ {1}")
    @CsvSource(delimiter = '|', value = {
            "gmail   | gmial   | 1",
            "orange  | oragne  | 1",
            "gmail   | gmail   | 0",
            "gmail   | gmal    | 1",
            "gmail   | gmaill  | 1",
            "hotmail | homtial | 2",
            "abc     | ca      | 3",
    })
    void countsASwapOfNeighbouringLettersAsOneEdit(String a, String b, int distance) {
        assertThat(EmailNormalizer.osaDistance(a, b)).isEqualTo(distance);
        assertThat(EmailNormalizer.osaDistance(b, a)).isEqualTo(distance);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "jean.dupont@gmail.com; marie.dupont@orange.fr    | jean.dupont@gmail.com | marie.dupont@orange.fr",
            "jean.dupont@gmail.com,marie.dupont@orange.fr     | jean.dupont@gmail.com | marie.dupont@orange.fr",
            "jean.dupont@gmail.com / marie.dupont@orange.fr   | jean.dupont@gmail.com | marie.dupont@orange.fr",
            "jean.dupont@gmail.com ou marie.dupont@orange.fr  | jean.dupont@gmail.com | marie.dupont@orange.fr",
            "Jean.Dupont@Gmial.com   marie.dupont@orange.fr   | jean.dupont@gmail.com | marie.dupont@orange.fr",
            // the first is not valid: the second is the email, the first kept aside as given
            "pasdemail@gmail.com; marie.dupont@orange.fr      | marie.dupont@orange.fr | pasdemail@gmail.com",
            "jean.dupont@gmail; marie.dupont@orange.fr        | marie.dupont@orange.fr | jean.dupont@gmail",
            // the same address twice: one email, nothing aside
            "jean.dupont@gmail.com; Jean.Dupont@gmail.com     | jean.dupont@gmail.com | NULL",
    })
    void aFieldWithSeveralAddressesKeepsTheFirstValidOneAndSetsTheOthersAside(String raw, String email, String aside) {
        CleanEmail clean = normalizer.normalize(raw);
        assertThat(clean.address()).isEqualTo(email);
        assertThat(clean.original()).isEqualTo(raw);
        assertThat(clean.corrections()).extracting(Correction::code).contains(CorrectionCode.RESTRUCTURED);
        assertThat(clean.flags()).filteredOn(f -> f.code() == FlagCode.EXTRA_VALUE).extracting(Flag::original)
                .containsExactly(aside == null ? new String[0] : new String[]{aside});
    }

    @Test
    void aFieldWithSeveralAddressesNoneValidIsInvalid() {
        CleanEmail clean = normalizer.normalize("x@x.fr; jean.dupont@gmail");
        assertThat(clean.address()).isNull();
        assertThat(clean.flags()).extracting(Flag::code).containsExactly(FlagCode.INVALID);
        assertThat(clean.flags().get(0).reason()).isEqualTo("several addresses in one field, none valid");
    }

    @Test
    void absentWhenEmpty() {
        assertThat(normalizer.normalize(null).isAbsent()).isTrue();
        assertThat(normalizer.normalize("   ").isAbsent()).isTrue();
        assertThat(normalizer.normalize("   ").flags()).isEmpty();
    }

    @Test
    void rejectsVeryLongInput() {
        CleanEmail email = normalizer.normalize("a".repeat(100) + "@" + "b".repeat(300) + ".fr");

        assertThat(email.isValid()).isFalse();
        assertThat(email.flags()).extracting(Flag::code).containsExactly(FlagCode.INVALID);
    }

    @Test
    void curatedTyposNeverRewriteAPopularDomain() {
        java.util.List<String> popular = HygieneResources.dataLines("email-popular-domains.txt", false);
        for (String line : HygieneResources.dataLines("email-domain-typos.csv", true)) {
            String typo = line.split(";")[0];
            assertThat(popular).as("typo map entry %s", typo).doesNotContain(typo);
            assertThat(popular).as("target of %s", typo).contains(line.split(";")[1]);
        }
    }

    @Test
    void toStringMasksTheAddress() {
        String text = normalizer.normalize("Delphine.Pilliard@gmial.com").toString();

        assertThat(text).contains("d***@gmail.com").doesNotContainIgnoringCase("pilliard");
    }
}
