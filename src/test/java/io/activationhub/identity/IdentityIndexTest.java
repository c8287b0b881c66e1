package io.activationhub.identity;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityIndexTest {

    private static PersonRecord person(String id, String first, String last, String number, String street,
                                       String postcode, String city) {
        return new PersonRecord(id, null, null, null, null, first, last, number, street, postcode, city, null, null);
    }

    /** Enough unrelated people around the cases for chance agreement to be measured as in a real base. */
    private static List<PersonRecord> background() {
        List<PersonRecord> people = new ArrayList<>(FrenchPeople.generate(1200, 0.0, 11).records());
        people.removeIf(p -> p.id().startsWith("H") || p.id().startsWith("N"));
        return people;
    }

    @Test
    void anExplanationIsWorkedOutOncePerAgreementPatternAndCannotBeChangedByItsReader() {
        MatchModel model = MatchModel.defaults();
        Comparable a = new Comparable(person("a", "Delphine", "Pilliard", "4", "AV DESFEUX", "92100", "BOULOGNE"));
        Comparable b = new Comparable(person("b", "D", "Pilliard", null, "RUE DESFEUX", "92100", "BOULOGNE BILLANCOURT"));
        Comparable c = new Comparable(person("c", "Marc", "Durand", "9", "RUE DU BAC", "75007", "PARIS"));
        int ab = MatchModel.pattern(a, b);
        java.util.Map<String, String> why = model.explain(ab);
        assertThat(model.explain(ab)).isSameAs(why);
        assertThat(why.get("first_name")).startsWith("similar or initial");
        assertThat(why.get("street_number")).isEqualTo("missing (0)");
        assertThat(model.explain(MatchModel.pattern(a, c))).isNotEqualTo(why);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> why.put("first_name", "exact"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theBriefsPilliardRecordsAreOnePerson() {
        List<PersonRecord> batch = background();
        batch.add(person("a", "D", "pilliard", "4", "AV DESFEUX", "92100", "BOULOGNE"));
        batch.add(person("b", "Delphine", "Pilliard", null, "RUE DESFEUX", "92100", "BOULOGNE BILLANCOURT"));
        IdentityIndex index = new IdentityIndex();
        index.resolve(batch);
        assertThat(index.personOf("b")).isEqualTo(index.personOf("a")).isEqualTo("a");
        MatchExplanation why = index.explain("b").get(0);
        assertThat(why.rule()).isEqualTo("probabilistic");
        assertThat(why.posterior()).isGreaterThanOrEqualTo(0.9);
        assertThat(why.fields()).containsKeys("first_name", "last_name", "street", "postcode", "city");
        assertThat(why.fields().get("first_name")).startsWith("similar or initial");
        assertThat(why.fields().get("city")).startsWith("one contains the other");
    }

    @Test
    void twoPeopleOfOneHouseholdAreTwoCustomersInOneHousehold() {
        List<PersonRecord> batch = background();
        batch.add(new PersonRecord("h1", null, null, null, "+33141220192", "Delphine", "Pilliard", "4", "AV DESFEUX",
                "92100", "BOULOGNE BILLANCOURT", LocalDate.of(1980, 3, 12), null));
        batch.add(new PersonRecord("h2", null, null, null, "+33141220192", "Marc", "Pilliard", "4", "AV DESFEUX",
                "92100", "BOULOGNE BILLANCOURT", LocalDate.of(1978, 7, 2), null));
        IdentityIndex index = new IdentityIndex();
        index.resolve(batch);
        assertThat(index.personOf("h1")).isNotEqualTo(index.personOf("h2"));
        assertThat(index.householdOf("h1")).isEqualTo(index.householdOf("h2"));
    }

    @Test
    void namesakesInDifferentTownsAreDifferentPeople() {
        List<PersonRecord> batch = background();
        batch.add(person("lyon", "Jean", "Martin", "12", "RUE DE LA PAIX", "69003", "LYON"));
        batch.add(person("lille", "Jean", "Martin", "3", "RUE NATIONALE", "59000", "LILLE"));
        IdentityIndex index = new IdentityIndex();
        index.resolve(batch);
        assertThat(index.personOf("lyon")).isNotEqualTo(index.personOf("lille"));
    }

    @Test
    void sameCardEmailOrMobileLinkButASharedLandlineDoesNot() {
        IdentityIndex index = new IdentityIndex();
        index.resolve(List.of(
                new PersonRecord("c1", "CARD1", null, null, null, "Anne", "Roux", null, null, null, null, null, null),
                new PersonRecord("c2", "CARD1", null, null, null, "Bob", "Vert", null, null, null, null, null, null),
                new PersonRecord("e1", null, "x@y.org", null, null, "Cid", "Noir", null, null, null, null, null, null),
                new PersonRecord("e2", null, "x@y.org", null, null, null, null, null, null, null, null, null, null),
                new PersonRecord("m1", null, null, "+33612345678", null, null, null, null, null, null, null, null, null),
                new PersonRecord("m2", null, null, "+33612345678", null, "Eve", null, null, null, null, null, null, null),
                new PersonRecord("l1", null, null, null, "+33141220192", "Guy", "Lune", null, null, null, null, null, null),
                new PersonRecord("l2", null, null, null, "+33141220192", "Ida", "Sol", null, null, null, null, null, null)));
        assertThat(index.personOf("c2")).isEqualTo("c1");
        assertThat(index.personOf("e2")).isEqualTo("e1");
        assertThat(index.personOf("m2")).isEqualTo("m1");
        assertThat(index.personOf("l2")).isEqualTo("l2");
        assertThat(index.explain("c2")).extracting(MatchExplanation::rule).containsExactly("same card");
    }

    @Test
    void aNewBatchJoinsExistingPeopleWithoutRecomputingAndKeepsTheirIds() {
        IdentityIndex index = new IdentityIndex();
        List<PersonRecord> first = background();
        first.add(new PersonRecord("old", "CARD9", "paul.martin@example.org", null, null, "Paul", "Martin", "12",
                "RUE DE LA PAIX", "75002", "PARIS", LocalDate.of(1975, 6, 1), null));
        index.resolve(first);
        List<IdentityIndex.Resolution> second = index.resolve(List.of(
                new PersonRecord("new", null, null, null, null, "Paul", "Martin", "12", "R DE LA PAIX", "75002", "PARIS",
                        LocalDate.of(1975, 6, 1), null),
                new PersonRecord("other", null, null, null, null, "Zoe", "Quentin", "1", "RUE X", "13001", "MARSEILLE",
                        null, null)));
        assertThat(second.get(0).personId()).isEqualTo("old");
        assertThat(second.get(0).joinedExisting()).isTrue();
        assertThat(second.get(1).personId()).isEqualTo("other");
        assertThat(second.get(1).joinedExisting()).isFalse();
    }

    @Test
    void unmergeDetachesARecordAndKeepsTheRestTogetherThroughTheirOwnLinks() {
        IdentityIndex index = new IdentityIndex();
        index.resolve(List.of(
                new PersonRecord("r1", "CARD1", "a@x.org", null, null, "Anne", "Roux", null, null, null, null, null, null),
                new PersonRecord("r2", "CARD1", null, "+33600000001", null, "Anne", "Roux", null, null, null, null, null, null),
                new PersonRecord("r3", null, "a@x.org", null, null, "Anne", "Roux", null, null, null, null, null, null),
                new PersonRecord("r4", null, null, "+33600000001", null, "Anne", "Roux", null, null, null, null, null, null)));
        assertThat(index.persons().values()).containsOnly("r1");
        index.unmerge("r2");
        assertThat(index.personOf("r2")).isEqualTo("r2");
        assertThat(index.personOf("r3")).isEqualTo("r1");
        assertThat(index.personOf("r4")).as("r4 was joined only through r2's mobile").isEqualTo("r4");
        assertThat(index.explain("r2")).isEmpty();
        // and a detached record is not linked again
        index.resolve(List.of(new PersonRecord("r5", "CARD1", null, null, null, "Anne", "Roux", null, null, null, null, null, null)));
        assertThat(index.personOf("r5")).isEqualTo("r1");
        assertThat(index.personOf("r2")).isEqualTo("r2");
    }

    @Test
    void aFamilysSharedEmailDoesNotMakeTwoPeopleOneButACardDoes() {
        List<PersonRecord> batch = background();
        batch.add(new PersonRecord("jean", null, "famille.dupont@free.fr", null, null, "Jean", "Dupont", "4",
                "RUE DES LILAS", "44000", "NANTES", null, null));
        batch.add(new PersonRecord("marie", null, "famille.dupont@free.fr", null, null, "Marie", "Dupont", "4",
                "RUE DES LILAS", "44000", "NANTES", null, null));
        // the same email and a first name written as an initial: one person
        batch.add(new PersonRecord("j", null, "famille.dupont@free.fr", null, null, "J", "Dupont", null,
                null, null, null, null, null));
        batch.add(new PersonRecord("card1", "IT-CARD-1", null, null, null, "Paul", "Durand", null, null, null, null, null, null));
        batch.add(new PersonRecord("card2", "IT-CARD-1", null, null, null, "Pierre", "Durand", null, null, null, null, null, null));
        IdentityIndex index = new IdentityIndex();
        index.resolve(batch);
        assertThat(index.personOf("marie")).isEqualTo("marie");
        assertThat(index.householdOf("marie")).isEqualTo(index.householdOf("jean"));
        assertThat(index.personOf("j")).isEqualTo("jean");
        // a card is decisive, whatever the names
        assertThat(index.personOf("card2")).isEqualTo("card1");
    }

    @Test
    void oneNationalIdentifierIsOnePersonWhateverTheNamesAtOneAddress() {
        List<PersonRecord> batch = background();
        LocalDate born = LocalDate.of(1977, 7, 14);
        // a source whose names were typed over entirely, with the same national identifier and birth date
        batch.add(new PersonRecord("rosie", null, null, null, null, "Rosie", "Reid", "256", "COGHILL CLOSE", "5253",
                "BLACKTOWN", born, "8349921"));
        batch.add(new PersonRecord("kyle", null, null, null, null, "Kyle", "Brain", "256", "COGHILL CLOSE", "5253",
                "BLACKTOWN", born, "8349921"));
        // the same two without it: two people of one household
        batch.add(new PersonRecord("anna", null, null, null, null, "Anna", "Ward", "12", "KELLWAY STREET", "3931",
                "TOOWONG", born, null));
        batch.add(new PersonRecord("paul", null, null, null, null, "Paul", "Ward", "12", "KELLWAY STREET", "3931",
                "TOOWONG", born, null));
        IdentityIndex index = new IdentityIndex();
        index.resolve(batch);
        assertThat(index.personOf("kyle")).isEqualTo("rosie");
        assertThat(index.personOf("paul")).isEqualTo("paul");
        assertThat(index.householdOf("paul")).isEqualTo(index.householdOf("anna"));
    }

    @Test
    void anotherFirstNameOnTheSameStreetWhenOneGivesNoNumberIsAnotherPersonOfTheFamily() {
        List<PersonRecord> batch = background();
        batch.add(person("olivier", "Olivier", "Lavileonperau", null, "AV VICTOR HUGO", "35004", "RENNES"));
        batch.add(person("sandrine", "Sandrine", "Lavileonperau", "52", "ALL VICTOR HUGO", "35004", "RENNES"));
        batch.add(person("again", "Olivier", "Lavileonperau", "52", "ALL VICTOR HUGO", "35004", "RENNES"));
        IdentityIndex index = new IdentityIndex();
        index.resolve(batch);
        assertThat(index.personOf("sandrine")).isEqualTo("sandrine");
        assertThat(index.personOf("again")).isEqualTo("olivier");
        // the rule itself: a family name, one street, one side without its number, clearly another first name
        Comparable olivier = new Comparable(person("o", "Olivier", "Lavileonperau", null, "AV VICTOR HUGO", "35004", "RENNES"));
        Comparable sandrine = new Comparable(person("s", "Sandrine", "Lavileonperau", "52", "ALL VICTOR HUGO", "35004", "RENNES"));
        Comparable again = new Comparable(person("a", "Olivier", "Lavileonperau", "52", "ALL VICTOR HUGO", "35004", "RENNES"));
        Comparable elsewhere = new Comparable(person("e", "Sandrine", "Lavileonperau", null, "RUE DE BREST", "35004", "RENNES"));
        assertThat(IdentityIndex.conflicting(olivier, sandrine)).isTrue();
        assertThat(IdentityIndex.conflicting(olivier, again)).isFalse();
        assertThat(IdentityIndex.conflicting(olivier, elsewhere)).isFalse();
    }
}
