package io.activationhub.audience;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AudienceQueryTest {

    private static AudienceDefinition audience(List<AudienceDefinition.Condition> where, boolean once) {
        return new AudienceDefinition("vip", "VIP", null, "email", null, "customers-changed", once, where,
                new AudienceDefinition.Message("Hello {first_name}", "Body"));
    }

    @Test
    void conditionsBecomeBoundParametersAndConsentAndSuppressionAreAlwaysChecked() {
        AudienceQuery q = AudienceQuery.of(audience(List.of(
                new AudienceDefinition.Condition("total_spend", ">=", 100),
                new AudienceDefinition.Condition("city", "in", List.of("PARIS", "LYON")),
                new AudienceDefinition.Condition("days_since_last_purchase", "<", "30")), true));
        assertThat(q.sql()).contains("cc.status = 'granted'").contains("from suppression s")
                .contains("p.total_spend >= :v0").contains("p.city in (:v1)").contains("p.days_since_last_purchase < :v2")
                .contains("x.audience_id = :audience");
        assertThat(q.params()).containsEntry("v0", 100).containsEntry("v1", List.of("PARIS", "LYON"))
                .containsEntry("v2", new java.math.BigDecimal("30")).containsEntry("channel", "email");
        assertThat(q.sql()).doesNotContain("PARIS");
    }

    @Test
    void recentMoversAreAProfileCondition() {
        AudienceQuery q = AudienceQuery.of(audience(List.of(
                new AudienceDefinition.Condition("moved_days_ago", "<=", 90)), false));
        assertThat(q.sql()).contains("p.moved_days_ago <= :v0");
        assertThat(q.params()).containsEntry("v0", 90);
    }

    @Test
    void refusesUnknownFieldsOperatorsAndValues() {
        assertThatThrownBy(() -> AudienceQuery.of(audience(List.of(
                new AudienceDefinition.Condition("email; drop table customer", "=", "x")), false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown field");
        assertThatThrownBy(() -> AudienceQuery.of(audience(List.of(
                new AudienceDefinition.Condition("city", "like", "P%")), false)))
                .hasMessageContaining("operator 'like' not allowed");
        assertThatThrownBy(() -> AudienceQuery.of(audience(List.of(
                new AudienceDefinition.Condition("total_spend", ">", "lots")), false)))
                .hasMessageContaining("total_spend needs a number");
        assertThatThrownBy(() -> AudienceQuery.of(audience(List.of(
                new AudienceDefinition.Condition("city", "in", List.of())), false)))
                .hasMessageContaining("'in' needs a non-empty list");
    }

    @Test
    void scoreConditionsJoinTheLatestScoresOnlyWhenUsed() {
        AudienceQuery plain = AudienceQuery.of(audience(List.of(
                new AudienceDefinition.Condition("city", "=", "LYON")), false));
        assertThat(plain.sql()).doesNotContain("customer_score_current");

        AudienceQuery q = AudienceQuery.of(audience(List.of(
                new AudienceDefinition.Condition("segment", "in", List.of("best", "loyal")),
                new AudienceDefinition.Condition("churn_probability", ">=", "0.6"),
                new AudienceDefinition.Condition("top_category", "=", "robes"),
                new AudienceDefinition.Condition("top_customer", "=", "true"),
                new AudienceDefinition.Condition("total_spend", ">", 50)), false));
        assertThat(q.sql()).contains("left join customer_score_current s on s.customer_id = p.customer_id")
                .contains("s.segment in (:v0)").contains("s.churn_probability >= :v1")
                .contains("s.top_categories[1] = :v2").contains("s.top_customer = :v3").contains("p.total_spend > :v4")
                .contains("cc.status = 'granted'");
        assertThat(q.params()).containsEntry("v0", List.of("best", "loyal"))
                .containsEntry("v1", new java.math.BigDecimal("0.6")).containsEntry("v2", "robes")
                .containsEntry("v3", true);
        assertThat(q.sql()).doesNotContain("robes").doesNotContain("best");
    }

    @Test
    void refusesScoreValuesOutsideTheirLists() {
        assertThatThrownBy(() -> AudienceQuery.of(audience(List.of(
                new AudienceDefinition.Condition("segment", "=", "vip")), false)))
                .hasMessageContaining("segment 'vip' is not one of [inactive, new, reactivated, best, loyal, at_risk, occasional]");
        assertThatThrownBy(() -> AudienceQuery.of(audience(List.of(
                new AudienceDefinition.Condition("preferred_channel", "in", List.of("store", "phone"))), false)))
                .hasMessageContaining("preferred_channel 'phone' is not one of");
        assertThatThrownBy(() -> AudienceQuery.of(audience(List.of(
                new AudienceDefinition.Condition("top_customer", ">", true)), false)))
                .hasMessageContaining("top_customer is true or false");
        assertThatThrownBy(() -> AudienceQuery.of(audience(List.of(
                new AudienceDefinition.Condition("top_customer", "=", "yes")), false)))
                .hasMessageContaining("top_customer needs true or false");
        assertThatThrownBy(() -> AudienceQuery.of(audience(List.of(
                new AudienceDefinition.Condition("clv", ">", 10)), false)))
                .hasMessageContaining("unknown field 'clv'").hasMessageContaining("clv_12m");
    }

    @Test
    void rendersMessagesFromProfileFields() {
        assertThat(MessageTemplate.render("Bienvenue {first_name} à {city} !", java.util.Map.of("first_name", "Hélène",
                "city", "LILLE"))).isEqualTo("Bienvenue Hélène à LILLE !");
        assertThat(MessageTemplate.render("Bonjour {first_name} {unknown}!", java.util.Map.of("first_name", "Paul")))
                .isEqualTo("Bonjour Paul !");
        // a first name given as an initial is no way to greet someone
        assertThat(MessageTemplate.greetingName("MME", "Delphine", "Pilliard")).isEqualTo("Delphine");
        assertThat(MessageTemplate.greetingName("MME", "D.", "Pilliard")).isEqualTo("Madame Pilliard");
        assertThat(MessageTemplate.greetingName("M", null, "Garnier")).isEqualTo("Monsieur Garnier");
        assertThat(MessageTemplate.greetingName(null, "D.", "Pilliard")).isEqualTo("D. Pilliard");
        assertThat(MessageTemplate.greetingName(null, null, "Pilliard")).isEqualTo("Pilliard");
        assertThat(MessageTemplate.greetingName(null, "D", null)).isEqualTo("D");
        assertThat(MessageTemplate.greetingName(null, null, null)).isEmpty();
    }
}
