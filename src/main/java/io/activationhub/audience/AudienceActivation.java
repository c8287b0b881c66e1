package io.activationhub.audience;

import io.activationhub.activation.ActivationLog;
import io.activationhub.activation.EmailMessage;
import io.activationhub.activation.UnsubscribeTokens;
import io.activationhub.infra.HubProperties;
import io.activationhub.infra.HubSecrets;
import io.activationhub.scoring.CampaignControlGroups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Computes an audience and queues one personalised message per member. The activation and its pushes are recorded
 * in the same transaction as the member list, so a member is never queued twice by a once-per-customer audience.
 * Routes call it and hand the messages to the channel's topic.
 */
@Component("audienceActivation")
public class AudienceActivation {

    private static final Logger log = LoggerFactory.getLogger(AudienceActivation.class);

    private final AudienceCatalog catalog;
    private final NamedParameterJdbcTemplate jdbc;
    private final ActivationLog activations;
    private final TransactionTemplate tx;
    private final UnsubscribeTokens tokens;
    private final HubProperties hub;
    private final String emailPartner;
    private final String unsubscribeMailbox;
    private final CampaignControlGroups controlGroups;

    public AudienceActivation(AudienceCatalog catalog, NamedParameterJdbcTemplate jdbc, ActivationLog activations,
                              TransactionTemplate tx, HubSecrets secrets, HubProperties hub,
                              CampaignControlGroups controlGroups,
                              @Value("${hub.channels.email.partner:smtp}") String emailPartner,
                              @Value("${hub.channels.email.unsubscribe-mailbox:unsubscribe@activationhub.local}") String unsubscribeMailbox) {
        this.catalog = catalog;
        this.jdbc = jdbc;
        this.activations = activations;
        this.tx = tx;
        this.tokens = new UnsubscribeTokens(secrets.signingKey());
        this.hub = hub;
        this.emailPartner = emailPartner;
        this.unsubscribeMailbox = unsubscribeMailbox;
        this.controlGroups = controlGroups;
    }

    /** What an activation produced: its id and the messages to hand to the channel. */
    public record Result(long activationId, String audienceId, int members, List<EmailMessage> messages) {
    }

    /** Runs every audience whose trigger is this event; returns all messages to send. */
    public List<EmailMessage> onEvent(String event) {
        List<EmailMessage> all = new ArrayList<>();
        for (AudienceDefinition a : catalog.all()) {
            if (event.equals(a.trigger())) {
                all.addAll(activate(a.id(), event, false).messages());
            }
        }
        return all;
    }

    /** Runs one audience now. */
    public Result activate(String audienceId, String trigger, boolean dryRun) {
        AudienceDefinition audience = catalog.get(audienceId)
                .orElseThrow(() -> new NoSuchElementException("no audience '" + audienceId + "'"));
        AudienceQuery query = AudienceQuery.of(audience);
        Result result = tx.execute(status -> {
            long activationId = activations.start(audience.id(), audience.channel(), emailPartner, trigger, dryRun);
            List<Map<String, Object>> members = jdbc.queryForList(query.sql(), query.params());
            List<EmailMessage> messages = new ArrayList<>(members.size());
            if (!dryRun) {
                // the campaign's control group (hub.control-groups.*) is recorded and not contacted
                for (Map<String, Object> m : controlGroups.contacted(audience.id(), activationId, members)) {
                    long customerId = ((Number) m.get("customer_id")).longValue();
                    long pushId = activations.queuePush(activationId, audience.id(), customerId, audience.channel(), emailPartner);
                    messages.add(compose(audience, activationId, pushId, customerId, m));
                }
            }
            activations.queued(activationId, members.size(), messages.size(), dryRun);
            return new Result(activationId, audience.id(), members.size(), messages);
        });
        log.info("Audience {} activation {} ({}{}): {} members, {} messages queued on {}", audience.id(),
                result.activationId(), trigger, dryRun ? ", dry run" : "", result.members(), result.messages().size(),
                audience.channel());
        return result;
    }

    private EmailMessage compose(AudienceDefinition audience, long activationId, long pushId, long customerId,
                                 Map<String, Object> member) {
        Map<String, Object> fields = new HashMap<>(member);
        String unsubscribeUrl = hub.publicUrl() + "/u/" + tokens.issue(customerId, audience.channel());
        fields.put("unsubscribe_url", unsubscribeUrl);
        AudienceDefinition.Message message = audience.message();
        return new EmailMessage(pushId, activationId, audience.id(), customerId, (String) member.get("email"),
                MessageTemplate.render(message == null ? audience.name() : message.subject(), fields).strip(),
                MessageTemplate.render(message == null ? "" : message.body(), fields),
                unsubscribeUrl, "mailto:" + unsubscribeMailbox + "?subject=unsubscribe-" + tokens.issue(customerId, audience.channel()));
    }
}
