package io.activationhub.customer;

import io.activationhub.identity.CandidateMatcher;
import io.activationhub.identity.PersonRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Cleaned members as reconciliation matches them: the issue's cases through hygiene and the identity engine. */
class CandidateMatchingTest {

    private static final MemberCleaner CLEANER = new MemberCleaner();
    private final CandidateMatcher matcher = new IdentitySettings(null, null, null, null).matcher();

    private static CleanMember member(String first, String last, String contact, String line, String postcode,
                                      String city, String phone) {
        return CLEANER.clean(new RawMember(1, null, null, null, null, first, last, contact, null, null, phone, null,
                line, null, null, null, postcode, city, "FR", null, null, null));
    }

    private static PersonRecord person(String id, CleanMember m) {
        return SourceRecord.person(id, m);
    }

    @Test
    void aRunKeepsAsManyCandidatesAsAFifthOfTheHeapHolds() {
        assertThat(IdentitySettings.defaultCandidateCache(2048L << 20)).isEqualTo(400_000);
        assertThat(IdentitySettings.defaultCandidateCache(1024L << 20)).isEqualTo(209_715);
        assertThat(IdentitySettings.defaultCandidateCache(16L << 20)).isEqualTo(10_000);
        assertThat(new IdentitySettings(null, null, null, null).candidateCache())
                .isEqualTo(IdentitySettings.defaultCandidateCache(Runtime.getRuntime().maxMemory()));
        assertThat(new IdentitySettings(null, null, null, 0).candidateCache()).isZero();
        // the blocking keys a run keeps exactly: a twentieth of the heap at about 200 bytes each, within bounds
        assertThat(IdentityLinks.RunWrites.keysAddedMax(2048L << 20)).isEqualTo(400_000);
        assertThat(IdentityLinks.RunWrites.keysAddedMax(512L << 20)).isEqualTo(134_217);
        assertThat(IdentityLinks.RunWrites.keysAddedMax(16L << 20)).isEqualTo(10_000);
    }

    @Test
    void whatARunWroteIsNeverMissedAndRarelyImagined() {
        IdentityLinks.RunWrites written = new IdentityLinks.RunWrites();
        assertThat(written.mightContain('K', "P92100PLRT|D")).isFalse();
        for (int i = 0; i < 200_000; i++) {
            written.add('K', "P" + i + "|D");
        }
        int imagined = 0;
        for (int i = 0; i < 200_000; i++) {
            assertThat(written.mightContain('K', "P" + i + "|D")).isTrue();
            if (written.mightContain('K', "Q" + i + "|D") || written.mightContain('I', "P" + i + "|D")) {
                imagined++;
            }
        }
        // a value it did not write is read in the run all the same: only a little slower
        assertThat(imagined).isLessThan(200);
    }

    @Test
    void theIssuesPilliardRecordsAreOnePerson() {
        CleanMember a = member(null, null, "D.pilliard", "4, av Desfeux", "92100", "Boulogne", null);
        CleanMember b = member("Delphine", "Pilliard", null, "rue Desfeux", "92100", "Boulogne Billancourt", null);
        // the initial is kept as the first name the source gave, and compared as an initial
        assertThat(a.firstName()).isEqualTo("D.");
        assertThat(a.lastName()).isEqualTo("Pilliard");
        assertThat(CandidateMatcher.blockingKeys(person("b", b)))
                .containsAnyElementsOf(CandidateMatcher.blockingKeys(person("a", a)));
        CandidateMatcher.Decision d = matcher.decide(person("b", b), List.of(person("a", a)));
        assertThat(d.person()).isPresent();
        assertThat(d.person().get().posterior()).isGreaterThanOrEqualTo(0.9);
        assertThat(d.person().get().fields()).containsKeys("first_name", "last_name", "street", "postcode");
        assertThat(d.person().get().fields().get("first_name")).startsWith("similar or initial");
    }

    @Test
    void aHouseholdIsTwoPeopleUnderOneRoof() {
        CleanMember a = member("Delphine", "Pilliard", null, "4 av Desfeux", "92100", "Boulogne-Billancourt", "01 41 22 01 92");
        CleanMember b = member("Marc", "Pilliard", null, "4 avenue Desfeux", "92100", "Boulogne-Billancourt", "01 41 22 01 92");
        CandidateMatcher.Decision d = matcher.decide(person("b", b), List.of(person("a", a)));
        assertThat(d.person()).isEmpty();
        assertThat(d.household()).contains("a");
    }

    private static CleanMember born(String first, String birth) {
        return CLEANER.clean(new RawMember(1, null, null, null, null, first, "Dupont", null, birth, null, null, null,
                "4 rue des Lilas", null, null, null, "44000", "Nantes", "FR", null, null, null));
    }

    @Test
    void aFatherAndHisSonOfOneNameUnderOneRoofAreTwoPeopleAndAMistypedYearIsNoProof() {
        CandidateMatcher.Decision son = matcher.decide(person("son", born("Jean", "20/11/1982")),
                List.of(person("father", born("Jean", "02/04/1950"))));
        assertThat(son.person()).isEmpty();
        assertThat(son.household()).contains("father");
        // one digit of the year mistyped (1958 for 1950), or ten years by the same slip (1960): one person
        for (String typo : List.of("02/04/1958", "02/04/1960")) {
            assertThat(matcher.decide(person("again", born("Jean", typo)), List.of(person("father", born("Jean", "02/04/1950"))))
                    .person()).as(typo).isPresent();
        }
    }

    @Test
    void aManAndAWomanOfAlikeFirstNamesUnderOneRoofAreTwoPeople() {
        CleanMember michel = CLEANER.clean(new RawMember(1, null, null, null, "M.", "Michel", "Lefebvre", null, null, null,
                "02 40 00 00 01", null, "10 rue Crébillon", null, null, null, "44000", "Nantes", "FR", null, null, null));
        CleanMember michele = CLEANER.clean(new RawMember(1, null, null, null, "Mme", "Michèle", "Lefebvre", null, null,
                null, "02 40 00 00 01", null, "10 rue Crébillon", null, null, null, "44000", "Nantes", "FR", null, null, null));
        CandidateMatcher.Decision d = matcher.decide(person("michele", michele), List.of(person("michel", michel)));
        assertThat(d.person()).isEmpty();
        assertThat(d.household()).contains("michel");
        // without civilities nothing tells them apart: close first names under one roof are taken as one person
        CleanMember unknown = CLEANER.clean(new RawMember(1, null, null, null, null, "Michèle", "Lefebvre", null, null,
                null, "02 40 00 00 01", null, "10 rue Crébillon", null, null, null, "44000", "Nantes", "FR", null, null, null));
        assertThat(matcher.decide(person("unknown", unknown), List.of(person("michel", michel))).person()).isPresent();
    }

    @Test
    void aRecordThatFitsTwoCustomersAsWellIsGivenToNeither() {
        CleanMember convention = member("Jean", "Martin", null, "12 rue de la Convention", "75015", "Paris", null);
        CleanMember lecourbe = member("Jean", "Martin", null, "3 rue Lecourbe", "75015", "Paris", null);
        CleanMember noStreet = member("Jean", "Martin", null, null, "75015", "Paris", null);
        // either could be them: whichever came first is not a reason
        assertThat(matcher.decide(person("x", noStreet), List.of(person("c", convention), person("l", lecourbe))).person())
                .isEmpty();
        assertThat(matcher.decide(person("x", noStreet), List.of(person("l", lecourbe), person("c", convention))).person())
                .isEmpty();
        // with their street, the record is the one who lives there
        CleanMember again = member("Jean", "Martin", null, "12 rue de la Convention", "75015", "Paris", null);
        assertThat(matcher.decide(person("x", again), List.of(person("l", lecourbe), person("c", convention))).person())
                .map(CandidateMatcher.Match::candidateId).contains("c");
    }

    @Test
    void namesakesInDifferentTownsAreDifferentPeople() {
        CleanMember lyon = member("Jean", "Martin", null, "12 rue de la Paix", "69003", "Lyon", null);
        CleanMember lyon2 = member("Jean", "Martin", null, "3 rue Nationale", "69008", "Lyon", null);
        CleanMember lille = member("Jean", "Martin", null, "3 rue Nationale", "59000", "Lille", null);
        assertThat(matcher.decide(person("lille", lille), List.of(person("lyon", lyon))).person()).isEmpty();
        assertThat(matcher.decide(person("lyon2", lyon2), List.of(person("lyon", lyon))).person()).isEmpty();
        assertThat(matcher.decide(person("lille", lille), List.of(person("lyon2", lyon2))).household()).isEmpty();
    }

    @Test
    void namesakesOnTwoStreetsOfOnePostcodeAreDifferentPeopleAndAStreetWrittenAnotherWayIsNoMove() {
        CleanMember convention = member("Jean", "Martin", null, "12 rue de la Convention", "75015", "Paris", null);
        CleanMember lecourbe = member("Jean", "Martin", null, "3 rue Lecourbe", "75015", "Paris", null);
        // the town, which the postcode already says, used to tip them into one person (p 0.96)
        CandidateMatcher.Decision d = matcher.decide(person("l", lecourbe), List.of(person("c", convention)));
        assertThat(d.person()).isEmpty();
        assertThat(d.household()).isEmpty();
        // the same street written another way, or without its number, is still them
        for (String line : List.of("12 r de la Convention", "rue de la Convention")) {
            CleanMember again = member("Jean", "Martin", null, line, "75015", "Paris", null);
            assertThat(matcher.decide(person("x", again), List.of(person("c", convention))).person()).as(line)
                    .map(CandidateMatcher.Match::candidateId).contains("c");
        }
    }

    @Test
    void firstAndLastNameGivenTheOtherWayRoundWithATypoAreStillOnePerson() {
        CleanMember a = member("Jean-Pierre", "Dupont", null, "4 rue des Lilas", "44000", "Nantes", null);
        // a source that put the last name first, and mistyped it
        CleanMember b = member("Duppont", "Jean-Pierre", null, "4 rue des Lilas", "44000", "Nantes", null);
        CandidateMatcher.Decision d = matcher.decide(person("b", b), List.of(person("a", a)));
        assertThat(d.person()).map(CandidateMatcher.Match::candidateId).contains("a");
        // the explanation of the merge says how the names agreed
        assertThat(d.person().get().fields().get("first_name")).startsWith("exact").endsWith("given as the last name");
        assertThat(d.person().get().fields().get("last_name")).endsWith("given as the first name");
        // two names that merely share one word are not a swap: Jean Martin and Martin Durand are two people
        CleanMember c = member("Martin", "Durand", null, "4 rue des Lilas", "44000", "Nantes", null);
        CleanMember e = member("Jean", "Martin", null, "4 rue des Lilas", "44000", "Nantes", null);
        assertThat(matcher.decide(person("c", c), List.of(person("e", e))).person()).isEmpty();
    }

    @Test
    void twoPeopleOfOneNameUnderOneRoofBornOnAnotherDayAreTwoPeopleAndAMistypedDateIsNoProof() {
        CandidateMatcher.Decision d = matcher.decide(person("daughter", born("Marie", "17/03/1982")),
                List.of(person("mother", born("Marie", "09/11/1976"))));
        assertThat(d.person()).isEmpty();
        assertThat(d.household()).contains("mother");
        // one part mistyped, or day and month swapped: the same person
        for (String typo : List.of("09/11/1977", "09/12/1976", "19/11/1976", "11/09/1976")) {
            assertThat(matcher.decide(person("again", born("Marie", typo)), List.of(person("mother", born("Marie", "09/11/1976"))))
                    .person()).as(typo).isPresent();
        }
    }

    @Test
    void anotherFirstNameOnTheSameStreetWhenOneGivesNoNumberIsAnotherPerson() {
        CleanMember olivier = member("Olivier", "Lavileonperau", null, "avenue Victor Hugo", "35000", "Rennes", null);
        CleanMember sandrine = member("Sandrine", "Lavileonperau", null, "52 allée Victor Hugo", "35000", "Rennes", null);
        assertThat(matcher.decide(person("s", sandrine), List.of(person("o", olivier))).person()).isEmpty();
        // the same first name is still them
        CleanMember again = member("Olivier", "Lavileonperau", null, "52 av Victor Hugo", "35000", "Rennes", null);
        assertThat(matcher.decide(person("x", again), List.of(person("o", olivier))).person())
                .map(CandidateMatcher.Match::candidateId).contains("o");
    }
}
