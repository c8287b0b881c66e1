package io.activationhub.hygiene;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ContactCleanerTest {

    private static final Clock TODAY = Clock.fixed(Instant.parse("2025-06-15T10:00:00Z"), ZoneOffset.UTC);
    private static final ContactCleaner CLEANER = ContactCleaner.withDefaults(TODAY);

    private static ContactRecord briefRecord() {
        return ContactRecord.builder()
                .civility("Madame")
                .contact("Contact : PILLIARD, Delphine")
                .birthDate("17/05/1980")
                .email(" Delphine.Pilliard@GMIAL.com ")
                .phone("06 71 42 38 95")
                .mobile("+33 (1) 41 22 01 92")
                .addressLine1("4 avDesfeux")
                .postcode("90100")
                .city("Boulogne Billancour")
                .attribute(ValidityRanges.SALARY, "250 000")
                .attribute("loyalty_card", "1234")
                .build();
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // a national number is read in the record's country: a Swiss mobile is not a French one
            "Suisse   | 079 123 45 67   | +41791234567 | false",
            "Belgique | 0470 12 34 56   | +32470123456 | false",
            // not a number of that country but a French mobile: read as French, flagged
            "Belgique | 06 71 42 38 95  | +33671423895 | true",
            // written internationally: as written
            "Suisse   | +33 6 71 42 38 95 | +33671423895 | false",
            // France, Monaco (whose residents mostly keep French mobiles) and no country: French numbering
            "France   | 06 71 42 38 95  | +33671423895 | false",
            "Monaco   | 06 71 42 38 95  | +33671423895 | false",
            "NULL     | 06 71 42 38 95  | +33671423895 | false",
    })
    void readsANationalNumberInTheRecordsCountry(String country, String mobile, String e164, boolean flagged) {
        CleanContact clean = CLEANER.clean(ContactRecord.builder().firstName("Anne").lastName("Muller").mobile(mobile)
                .addressLine1("Rue de la Gare 3").postcode("1000").city("Ville").country(country).build());

        assertThat(clean.mobile()).isNotNull();
        assertThat(clean.mobile().e164()).isEqualTo(e164);
        assertThat(clean.flags().stream().anyMatch(f -> f.field().equals(ContactRecord.MOBILE)
                && f.code() == FlagCode.AMBIGUOUS)).isEqualTo(flagged);
    }

    @ParameterizedTest(name = "[{index}] mobile {0} phone {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // the mobile second in the phone field: it becomes the mobile, the landline stays the phone
            "NULL                              | 01 41 22 01 92 / 06 71 42 38 95 | +33671423895 | +33141220192 | 0",
            "NULL                              | 01 41 22 01 92 ou 06 71 42 38 95 | +33671423895 | +33141220192 | 0",
            "NULL                              | 06 71 42 38 95 - 01 41 22 01 92 | +33671423895 | +33141220192 | 0",
            // two mobiles in the mobile field: the first is the SMS number, the second kept among the others, flagged
            "06 71 42 38 95 ; 07 81 52 48 96   | NULL                           | +33671423895 | NULL         | 1",
            // the same number twice: kept once
            "06 71 42 38 95 / +33 6 71 42 38 95 | NULL                          | +33671423895 | NULL         | 0",
            // an extension or a comment is not a second number
            "NULL                              | 01 41 22 01 92 poste 123       | NULL         | +33141220192 | 0",
    })
    void aFieldHoldingTwoNumbersLosesNeither(String mobile, String phone, String expectedMobile, String expectedPhone,
                                             int others) {
        CleanContact clean = CLEANER.clean(ContactRecord.builder().firstName("Anne").lastName("Muller").mobile(mobile)
                .phone(phone).build());

        assertThat(clean.mobile() == null ? null : clean.mobile().e164()).isEqualTo(expectedMobile);
        assertThat(clean.phone() == null ? null : clean.phone().e164()).isEqualTo(expectedPhone);
        assertThat(clean.otherPhones()).hasSize(others);
        if (others > 0) {
            assertThat(clean.flags()).extracting(Flag::code).contains(FlagCode.EXTRA_VALUE);
        }
    }

    @Test
    void repairsTextEncodedTwiceUpstreamAndRecordsIt() {
        CleanContact clean = CLEANER.clean(ContactRecord.builder().firstName("HÃ©lÃ¨ne").lastName("LefÃ¨vre")
                .addressLine1("3 rue de l'Ã‰glise").postcode("35000").city("Rennes").build());

        assertThat(clean.name().firstName()).isEqualTo("Hélène");
        assertThat(clean.name().lastName()).isEqualTo("Lefèvre");
        assertThat(clean.address().line4()).isEqualTo("3 RUE DE L EGLISE");
        assertThat(clean.corrections()).filteredOn(c -> c.reason().contains("encoded twice"))
                .extracting(Correction::field, Correction::corrected)
                .contains(org.assertj.core.groups.Tuple.tuple(ContactRecord.FIRST_NAME, "Hélène"),
                        org.assertj.core.groups.Tuple.tuple(ContactRecord.ADDRESS_LINE1, "3 rue de l'Église"));
        // a name that merely holds an Ã stays as written
        assertThat(TextFolding.repairDoubleEncoding("SÃO PAULO")).isEqualTo("SÃO PAULO");
        assertThat(TextFolding.repairDoubleEncoding("Hélène")).isEqualTo("Hélène");
    }

    @Test
    void cleansTheBriefRecord() {
        CleanContact clean = CLEANER.clean(briefRecord());

        assertThat(clean.name().civility()).isEqualTo(Civility.MME);
        assertThat(clean.name().firstName()).isEqualTo("Delphine");
        assertThat(clean.name().lastName()).isEqualTo("Pilliard");
        assertThat(clean.birthDate()).isEqualTo(LocalDate.of(1980, 5, 17));
        assertThat(clean.email().address()).isEqualTo("delphine.pilliard@gmail.com");
        assertThat(clean.mobile().e164()).isEqualTo("+33671423895");
        assertThat(clean.smsNumber()).isEqualTo("+33671423895");
        assertThat(clean.phone().e164()).isEqualTo("+33141220192");
        assertThat(clean.phone().type()).isEqualTo(PhoneType.LANDLINE);
        assertThat(clean.address().lines()).containsExactly(
                "MME DELPHINE PILLIARD", "4 AV DESFEUX", "92100 BOULOGNE BILLANCOURT");
        assertThat(clean.address().validated()).isTrue();
        assertThat(clean.amounts()).containsOnlyKeys(ValidityRanges.SALARY);
        assertThat(clean.amounts().get(ValidityRanges.SALARY)).isEqualByComparingTo("250000");

        assertThat(clean.flags()).extracting(Flag::field, Flag::code).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(ContactRecord.MOBILE, FlagCode.NOT_A_MOBILE),
                org.assertj.core.groups.Tuple.tuple(ValidityRanges.SALARY, FlagCode.OUT_OF_RANGE));
        assertThat(clean.correctionsFor(ContactRecord.POSTCODE)).extracting(Correction::code)
                .contains(CorrectionCode.POSTCODE_CORRECTED);
        assertThat(clean.correctionsFor(ContactRecord.PHONE)).extracting(Correction::code).contains(CorrectionCode.MOVED);
        assertThat(clean.correctionsFor(ContactRecord.MOBILE)).extracting(Correction::code).contains(CorrectionCode.MOVED);
        assertThat(clean.correctionsFor(ContactRecord.EMAIL)).extracting(Correction::code).contains(CorrectionCode.TYPO_CORRECTED);
        assertThat(clean.corrections()).allSatisfy(c -> assertThat(c.reason()).isNotBlank());
    }

    @ParameterizedTest(name = "[{index}] phone={0} mobile={1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // phone | mobile | mobile slot | phone slot | others | flags on phones
            "NULL             | 06 71 42 38 95   | +33671423895 | NULL         | 0 | NONE",
            "06 71 42 38 95   | NULL             | +33671423895 | NULL         | 0 | NONE",
            "01 41 22 01 92   | NULL             | NULL         | +33141220192 | 0 | NONE",
            "NULL             | 01 41 22 01 92   | NULL         | +33141220192 | 0 | NOT_A_MOBILE",
            "06 71 42 38 95   | 01 41 22 01 92   | +33671423895 | +33141220192 | 0 | NOT_A_MOBILE",
            "01 41 22 01 92   | 06 71 42 38 95   | +33671423895 | +33141220192 | 0 | NONE",
            "06 71 42 38 95   | 06 71 42 38 95   | +33671423895 | NULL         | 0 | NONE",
            "06 71 42 38 95   | 07 81 23 45 67   | +33781234567 | +33671423895 | 0 | EXTRA_VALUE",
            "01 41 22 01 92   | 01 41 22 01 92   | NULL         | +33141220192 | 0 | NOT_A_MOBILE",
            "01 41 22 01 92   | 04 91 12 34 56   | NULL         | +33141220192 | 1 | NOT_A_MOBILE EXTRA_VALUE",
            "NULL             | 09 51 23 45 67   | NULL         | +33951234567 | 0 | NOT_A_MOBILE",
            "06 12 34         | 06 71 42 38 95   | +33671423895 | NULL         | 0 | INVALID",
            "NULL             | 06 12 34         | NULL         | NULL         | 0 | INVALID",
            // placeholders never get the SMS, and a placeholder landline is not kept either
            "NULL             | 06 06 06 06 06   | NULL         | NULL         | 0 | INVALID",
            "01 23 45 67 89   | 06 12 34 56 78   | NULL         | NULL         | 0 | INVALID INVALID",
            "01 41 22 01 92   | 06 00 00 00 00   | NULL         | +33141220192 | 0 | INVALID",
            // overseas mobile written nationally: kept as the SMS number with its own country code
            "NULL             | 0690 12 34 56    | +590690123456 | NULL        | 0 | NONE",
            "0596 60 12 34    | 0696 12 34 56    | +596696123456 | +596596601234 | 0 | NONE",
    })
    void sendsSmsOnlyToMobiles(String phone, String mobile, String mobileSlot, String phoneSlot, int others, String flags) {
        CleanContact clean = CLEANER.clean(ContactRecord.builder().phone(phone).mobile(mobile).build());

        assertThat(clean.smsNumber()).isEqualTo(mobileSlot);
        if (clean.mobile() != null) {
            assertThat(clean.mobile().type()).isEqualTo(PhoneType.MOBILE);
        }
        assertThat(clean.phone() == null ? null : clean.phone().e164()).isEqualTo(phoneSlot);
        assertThat(clean.otherPhones()).hasSize(others);
        List<String> phoneFlags = clean.flags().stream()
                .filter(f -> f.field().equals(ContactRecord.PHONE) || f.field().equals(ContactRecord.MOBILE))
                .map(f -> f.code().name()).toList();
        assertThat(phoneFlags).containsExactly(flags.equals("NONE") ? new String[0] : flags.split(" "));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // contact | civility | first name | last name | postal line 1 | flags on the name
            "Mme Marie Dupont née Martin      | MME  | Marie | Dupont | MME MARIE DUPONT | NONE",
            "Mme Marie Martin épouse Dupont   | MME  | Marie | Dupont | MME MARIE DUPONT | NONE",
            "Vve DUPONT Marie                 | MME  | Marie | Dupont | MME MARIE DUPONT | NONE",
            "M. DUPONT Jean fils              | M    | Jean  | Dupont | M JEAN DUPONT    | NONE",
            "M. Jean Dupont (décédé)          | M    | Jean  | Dupont | M JEAN DUPONT    | DECEASED",
            "SARL Dupont                      | NULL | NULL  | Dupont | DUPONT           | COMPANY",
            "J. P. Dupont                     | NULL | NULL  | Dupont | J DUPONT         | NONE",
    })
    void keepsAnnotationsOfTheContactFieldOutOfTheName(String contact, Civility civility, String first, String last,
                                                        String line1, String flags) {
        CleanContact clean = CLEANER.clean(ContactRecord.builder().contact(contact).build());

        assertThat(clean.name().civility()).isEqualTo(civility);
        assertThat(clean.name().firstName()).isEqualTo(first);
        assertThat(clean.name().lastName()).isEqualTo(last);
        assertThat(clean.name().recipientLine()).isEqualTo(line1);
        // the data-quality report counts flags by code name
        List<String> nameFlags = clean.flags().stream()
                .filter(f -> f.field().equals(ContactRecord.CONTACT) || f.field().equals(ContactRecord.LAST_NAME))
                .map(f -> f.code().name()).toList();
        assertThat(nameFlags).containsExactly(flags.equals("NONE") ? new String[0] : flags.split(" "));
    }

    @Test
    void cleansAnEmptyRecordWithoutFlags() {
        CleanContact clean = CLEANER.clean(ContactRecord.builder().build());

        assertThat(clean.name().isEmpty()).isTrue();
        assertThat(clean.birthDate()).isNull();
        assertThat(clean.email().isAbsent()).isTrue();
        assertThat(clean.mobile()).isNull();
        assertThat(clean.phone()).isNull();
        assertThat(clean.address().lines()).isEmpty();
        assertThat(clean.flags()).isEmpty();
        assertThat(clean.corrections()).isEmpty();
    }

    @Test
    void flagsImplausibleBirthDatesWithoutDroppingThem() {
        CleanContact tooOld = CLEANER.clean(ContactRecord.builder().birthDate("01/01/1900").build());
        CleanContact twoDigits = CLEANER.clean(ContactRecord.builder().birthDate("17/05/80").build());

        assertThat(tooOld.birthDate()).isEqualTo(LocalDate.of(1900, 1, 1));
        assertThat(tooOld.hasFlag(FlagCode.OUT_OF_RANGE)).isTrue();
        assertThat(twoDigits.birthDate()).isNull();
        assertThat(twoDigits.flagsFor(ContactRecord.BIRTH_DATE)).extracting(Flag::code).containsExactly(FlagCode.TWO_DIGIT_YEAR);
    }

    @Test
    void readsTheSameRecordFromAMap() {
        ContactRecord fromMap = ContactRecord.fromMap(Map.of(
                "first_name", "delphine", "last_name", "PILLIARD", "address_line2", "4, av Desfeux",
                "postcode", "92100", "city", "Boulogne", "salary", "45 000"));

        CleanContact clean = CLEANER.clean(fromMap);

        assertThat(clean.name().displayName()).isEqualTo("Delphine Pilliard");
        assertThat(clean.address().line4()).isEqualTo("4 AV DESFEUX");
        assertThat(clean.address().line6()).isEqualTo("92100 BOULOGNE BILLANCOURT");
        assertThat(clean.amounts().get(ValidityRanges.SALARY)).isEqualByComparingTo(BigDecimal.valueOf(45_000));
        assertThat(clean.flags()).isEmpty();
        assertThat(fromMap.attributes()).containsOnlyKeys("salary");
    }

    @Test
    void neverPrintsPersonalDataInToString() {
        ContactRecord record = briefRecord();
        CleanContact clean = CLEANER.clean(record);

        for (String text : List.of(clean.toString(), record.toString(), clean.address().toString(), clean.name().toString(),
                clean.email().toString(), clean.mobile().toString(), clean.flags().toString(), clean.corrections().toString())) {
            assertThat(text).doesNotContainIgnoringCase("pilliard").doesNotContainIgnoringCase("delphine")
                    .doesNotContain("671423895", "141220192", "42 38 95", "41 22 01")
                    .doesNotContainIgnoringCase("desfeux").doesNotContainIgnoringCase("billancour")
                    .doesNotContain("1980", "90100", "92100", "250 000", "250000");
        }
    }

    @Test
    void isSafeToShareBetweenThreads() throws InterruptedException {
        ContactRecord record = briefRecord();
        CleanContact expected = CLEANER.clean(record);
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<String> differences = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    CleanContact clean = CLEANER.clean(record);
                    if (!clean.address().lines().equals(expected.address().lines()) || !clean.flags().equals(expected.flags())) {
                        differences.add("run " + i);
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(differences).isEmpty();
    }
}
