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
    void rendersMessagesFromProfileFields() {
        assertThat(MessageTemplate.render("Bienvenue {first_name} à {city} !", java.util.Map.of("first_name", "Hélène",
                "city", "LILLE"))).isEqualTo("Bienvenue Hélène à LILLE !");
        assertThat(MessageTemplate.render("Bonjour {first_name} {unknown}!", java.util.Map.of("first_name", "Paul")))
                .isEqualTo("Bonjour Paul !");
    }
}
