package io.activationhub.audience;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationhub.activation.ActivationLog;
import io.activationhub.activation.AfnorLines;
import io.activationhub.activation.EmailMessage;
import io.activationhub.activation.PostalLetter;
import io.activationhub.activation.SmsMessage;
import io.activationhub.activation.UnsubscribeTokens;
import io.activationhub.customer.PostalAddressKey;
import io.activationhub.hygiene.Masking;
import io.activationhub.infra.HubProperties;
import io.activationhub.infra.HubSecrets;
import io.activationhub.pressure.MarketingPressure;
import io.activationhub.scoring.CampaignControlGroups;
import io.activationhub.scoring.ControlGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Computes an audience, decides each member's channel ({@link ChannelPlanner}: consent, suppression, pressure,
 * household, control group) and queues one personalised message per member on that channel. The activation and its
 * pushes are recorded in the same transaction as the member list, so a member is never queued twice by a
 * once-per-customer audience. Routes call it and hand the messages to each channel. A preview runs the same plan
 * without recording anything.
 */
@Component("audienceActivation")
public class AudienceActivation {

    private static final Logger log = LoggerFactory.getLogger(AudienceActivation.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern E164_MOBILE = Pattern.compile("\\+[1-9][0-9]{7,14}");
    /** Channels this hub delivers (ads is wired by its own channel when present). */
    public static final Set<String> WIRED = Set.of("email", "sms", "postal");

    private final AudienceCatalog catalog;
    private final NamedParameterJdbcTemplate jdbc;
    private final ActivationLog activations;
    private final TransactionTemplate tx;
    private final UnsubscribeTokens tokens;
    private final HubProperties hub;
    private final String emailPartner;
    private final String unsubscribeMailbox;
    private final CampaignControlGroups controlGroups;
    private final MarketingPressure pressure;
    private final WeatherSignal weather;
    private final String smsSender;
    private final String smsStopMention;
    private final String smsPartner;
    private final String postalPartner;
    private final AudienceWorkMem workMem;

    public AudienceActivation(AudienceCatalog catalog, NamedParameterJdbcTemplate jdbc, ActivationLog activations,
                              TransactionTemplate tx, HubSecrets secrets, HubProperties hub,
                              CampaignControlGroups controlGroups, MarketingPressure pressure, WeatherSignal weather,
                              @Value("${hub.channels.email.partner:smtp}") String emailPartner,
                              @Value("${hub.channels.email.unsubscribe-mailbox:unsubscribe@activationhub.local}") String unsubscribeMailbox,
                              @Value("${hub.channels.sms.sender:ActivHub}") String smsSender,
                              @Value("${hub.channels.sms.stop-mention:STOP SMS au 36111}") String smsStopMention,
                              @Value("${hub.channels.sms.partner:twilio}") String smsPartner,
                              @Value("${hub.channels.postal.partner:mailing-house}") String postalPartner,
                              AudienceWorkMem workMem) {
        this.catalog = catalog;
        this.jdbc = jdbc;
        this.activations = activations;
        this.tx = tx;
        this.tokens = new UnsubscribeTokens(secrets.signingKey());
        this.hub = hub;
        this.emailPartner = emailPartner;
        this.unsubscribeMailbox = unsubscribeMailbox;
        this.controlGroups = controlGroups;
        this.pressure = pressure;
        this.weather = weather;
        this.smsSender = smsSender;
        this.smsStopMention = smsStopMention;
        this.smsPartner = smsPartner;
        this.postalPartner = postalPartner;
        this.workMem = workMem;
    }

    /** What an activation produced: its id, counts, and the messages to hand to each channel. */
    public record Result(long activationId, String audienceId, int members, Map<String, Integer> excluded,
                         List<EmailMessage> emails, List<SmsMessage> sms, List<PostalLetter> letters) {
        /** The email messages (what a version 1, email-only activation queues). */
        public List<EmailMessage> messages() {
            return emails;
        }

        public int queued() {
            return emails.size() + sms.size() + letters.size();
        }
    }

    /** Runs every audience whose trigger is this event. */
    public List<Result> onEvent(String event) {
        List<Result> all = new ArrayList<>();
        for (AudienceDefinition a : catalog.all()) {
            if (event.equals(a.trigger())) {
                all.add(activate(a.id(), event, false));
            }
        }
        return all;
    }

    /** The members an audience would reach now, per channel, with a masked sample and why the others are left out. */
    public Map<String, Object> preview(String audienceId, int sampleSize) {
        AudienceDefinition audience = require(audienceId);
        Planned planned = tx.execute(status -> plan(audience));
        ControlGroup group = controlGroups.group(audience.id(), audience.controlGroupShare());
        List<ChannelPlanner.Decision> decisions = new ArrayList<>();
        for (ChannelPlanner.Decision d : planned.decisions()) {
            decisions.add(d.included() && group.share() > 0 && group.holdsOut(d.customerId())
                    ? new ChannelPlanner.Decision(d.customerId(), null, ChannelPlanner.CONTROL_GROUP) : d);
        }
        Map<String, Map<String, Integer>> counts = ChannelPlanner.counts(decisions);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("audienceId", audience.id());
        out.put("plan", audience.plan());
        out.put("candidates", decisions.size());
        out.put("members", decisions.stream().filter(ChannelPlanner.Decision::included).count());
        out.put("channels", counts.get("channels"));
        out.put("excluded", counts.get("excluded"));
        List<Map<String, Object>> sample = new ArrayList<>();
        for (ChannelPlanner.Decision d : decisions) {
            if (sample.size() >= sampleSize) {
                break;
            }
            if (d.included()) {
                Map<String, Object> row = planned.rows().get(d.customerId());
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("customerId", d.customerId());
                s.put("channel", d.channel());
                s.put("name", Masking.name((String) row.get("first_name")) + " " + Masking.name((String) row.get("last_name")));
                s.put("contact", switch (d.channel()) {
                    case "email" -> Masking.email((String) row.get("email"));
                    case "sms" -> Masking.phone((String) row.get("mobile"));
                    default -> Masking.text((String) row.get("postcode")) + " " + Masking.text((String) row.get("city"));
                });
                sample.add(s);
            }
        }
        out.put("sample", sample);
        return out;
    }

    /** Runs one audience now. */
    public Result activate(String audienceId, String trigger, boolean dryRun) {
        AudienceDefinition audience = require(audienceId);
        Result result = tx.execute(status -> {
            Planned planned = plan(audience);
            String channels = String.join(",", audience.plan());
            long activationId = activations.start(audience.id(), channels, partners(audience), trigger, dryRun);
            List<EmailMessage> emails = new ArrayList<>();
            List<SmsMessage> sms = new ArrayList<>();
            List<PostalLetter> letters = new ArrayList<>();
            List<ChannelPlanner.Decision> included = planned.decisions().stream()
                    .filter(ChannelPlanner.Decision::included).toList();
            Map<String, Integer> excluded = new LinkedHashMap<>(ChannelPlanner.counts(planned.decisions()).get("excluded"));
            if (!dryRun) {
                List<Map<String, Object>> members = included.stream().map(d -> planned.rows().get(d.customerId())).toList();
                Set<Long> contacted = new HashSet<>();
                for (Map<String, Object> m : controlGroups.contacted(audience.id(), activationId, members,
                        audience.controlGroupShare())) {
                    contacted.add(((Number) m.get("customer_id")).longValue());
                }
                excluded.merge(ChannelPlanner.CONTROL_GROUP, members.size() - contacted.size(), Integer::sum);
                for (ChannelPlanner.Decision d : included) {
                    if (!contacted.contains(d.customerId())) {
                        continue;
                    }
                    Map<String, Object> m = planned.rows().get(d.customerId());
                    switch (d.channel()) {
                        case "email" -> {
                            long pushId = activations.queuePush(activationId, audience.id(), d.customerId(), "email", emailPartner, null);
                            EmailMessage e = email(audience, activationId, pushId, d.customerId(), m);
                            store(pushId, e);
                            emails.add(e);
                        }
                        case "sms" -> {
                            long pushId = activations.queuePush(activationId, audience.id(), d.customerId(), "sms", smsPartner, null);
                            SmsMessage s = sms(audience, activationId, pushId, d.customerId(), m);
                            store(pushId, s);
                            sms.add(s);
                        }
                        case "postal" -> {
                            long pushId = activations.queuePush(activationId, audience.id(), d.customerId(), "postal", postalPartner, null);
                            PostalLetter l = letter(audience, activationId, pushId, d.customerId(), m);
                            store(pushId, l, io.activationhub.customer.PostalAddressKey.of(
                                    (String) m.get("address_line2"), (String) m.get("address_line3"),
                                    (String) m.get("address_line4"), (String) m.get("address_line5"),
                                    (String) m.get("postcode"), (String) m.get("city"), (String) m.get("country")));
                            letters.add(l);
                        }
                        default -> throw new IllegalStateException("channel " + d.channel() + " is not wired");
                    }
                }
            }
            int queued = emails.size() + sms.size() + letters.size();
            activations.queued(activationId, included.size(), queued, dryRun);
            activations.excluded(activationId, excluded.values().stream().mapToInt(Integer::intValue).sum());
            return new Result(activationId, audience.id(), included.size(), excluded, emails, sms, letters);
        });
        log.info("Audience {} activation {} ({}{}): {} members, queued {} email, {} sms, {} postal; excluded {}",
                audience.id(), result.activationId(), trigger, dryRun ? ", dry run" : "", result.members(),
                result.emails().size(), result.sms().size(), result.letters().size(), result.excluded());
        return result;
    }

    private AudienceDefinition require(String audienceId) {
        return catalog.get(audienceId).orElseThrow(() -> new NoSuchElementException("no audience '" + audienceId + "'"));
    }

    private String partners(AudienceDefinition audience) {
        List<String> out = new ArrayList<>();
        for (String ch : audience.plan()) {
            out.add(switch (ch) {
                case "email" -> emailPartner;
                case "sms" -> smsPartner;
                case "postal" -> postalPartner;
                default -> ch;
            });
        }
        return String.join(",", out);
    }

    private record Planned(List<ChannelPlanner.Decision> decisions, Map<Long, Map<String, Object>> rows) {
    }

    private Planned plan(AudienceDefinition audience) {
        AudienceQuery query = AudienceQuery.candidates(audience, pressure.periodStart(), weather.departments(audience));
        workMem.apply(jdbc);
        List<Map<String, Object>> rows = jdbc.queryForList(query.sql(), query.params());
        Map<Long, Map<String, Object>> byId = new LinkedHashMap<>();
        Map<Long, String> households = new HashMap<>();
        for (Map<String, Object> r : rows) {
            long id = ((Number) r.get("customer_id")).longValue();
            byId.put(id, r);
            String key = PostalAddressKey.of((String) r.get("address_line2"), (String) r.get("address_line3"),
                    (String) r.get("address_line4"), (String) r.get("address_line5"), (String) r.get("postcode"),
                    (String) r.get("city"), (String) r.get("country"));
            if (key != null) {
                households.put(id, key);
            }
        }
        Set<String> postalSuppressed = new HashSet<>();
        if (!households.isEmpty()) {
            postalSuppressed.addAll(jdbc.queryForList(
                    "select address_hash from suppression where channel = 'postal' and address_hash in (:k)",
                    Map.of("k", new LinkedHashSet<>(households.values())), String.class));
        }
        List<ChannelPlanner.Member> members = new ArrayList<>(rows.size());
        for (Map.Entry<Long, Map<String, Object>> e : byId.entrySet()) {
            Map<String, Object> r = e.getValue();
            String granted = (String) r.get("granted_channels");
            String mobile = (String) r.get("mobile");
            String household = households.get(e.getKey());
            Map<String, Boolean> reachable = Map.of(
                    "email", r.get("email") != null,
                    "sms", mobile != null && E164_MOBILE.matcher(mobile).matches(),
                    "postal", household != null && r.get("postal_undeliverable_at") == null);
            Map<String, Boolean> suppressed = Map.of(
                    "email", Boolean.TRUE.equals(r.get("email_suppressed")),
                    "sms", Boolean.TRUE.equals(r.get("sms_suppressed")),
                    "postal", household != null && postalSuppressed.contains(household));
            members.add(new ChannelPlanner.Member(e.getKey(),
                    granted == null ? Set.of() : new HashSet<>(Arrays.asList(granted.split(","))), reachable, suppressed,
                    (String) r.get("preferred_channel"), ((Number) r.get("recent_contacts")).intValue(),
                    r.get("max_per_month") == null ? null : ((Number) r.get("max_per_month")).intValue(), household));
        }
        return new Planned(ChannelPlanner.decide(audience.plan(), audience.followsCustomerPreference(), WIRED,
                pressure.cap(), members), byId);
    }

    private void store(long pushId, Object message) {
        store(pushId, message, null);
    }

    /** The push's message and, for a letter, the key of the address it is printed with (PND returns). */
    private void store(long pushId, Object message, String addressHash) {
        try {
            jdbc.update("update push set payload = :p, address_hash = :h where id = :id",
                    new org.springframework.jdbc.core.namedparam.MapSqlParameterSource("id", pushId)
                            .addValue("p", JSON.writeValueAsString(message)).addValue("h", addressHash));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise push " + pushId, e);
        }
    }

    private Map<String, Object> fields(AudienceDefinition audience, long customerId, String channel, Map<String, Object> member) {
        Map<String, Object> fields = new HashMap<>(member);
        fields.putIfAbsent("greeting_name", MessageTemplate.greetingName((String) member.get("civility"),
                (String) member.get("first_name"), (String) member.get("last_name")));
        fields.put("unsubscribe_url", hub.publicUrl() + "/u/" + tokens.issue(customerId, channel));
        return fields;
    }

    private EmailMessage email(AudienceDefinition audience, long activationId, long pushId, long customerId,
                               Map<String, Object> member) {
        Map<String, Object> fields = fields(audience, customerId, "email", member);
        String unsubscribeUrl = (String) fields.get("unsubscribe_url");
        AudienceDefinition.Message message = audience.messageFor("email");
        return new EmailMessage(pushId, activationId, audience.id(), customerId, (String) member.get("email"),
                MessageTemplate.render(message == null || message.subject() == null ? audience.name() : message.subject(), fields).strip(),
                MessageTemplate.render(message == null ? "" : message.body(), fields),
                unsubscribeUrl, "mailto:" + unsubscribeMailbox + "?subject=unsubscribe-" + tokens.issue(customerId, "email"));
    }

    private SmsMessage sms(AudienceDefinition audience, long activationId, long pushId, long customerId,
                           Map<String, Object> member) {
        AudienceDefinition.Message message = audience.messageFor("sms");
        String text = MessageTemplate.render(message == null ? audience.name() : message.body(), fields(audience, customerId, "sms", member)).strip();
        return new SmsMessage(pushId, activationId, audience.id(), customerId, (String) member.get("mobile"), smsSender,
                smsBody(smsSender, text, smsStopMention), hub.publicUrl() + "/webhooks/sms/status");
    }

    /** A commercial SMS names its sender and carries a free opt-out (French practice), added when missing. */
    public static String smsBody(String sender, String text, String stopMention) {
        String body = text;
        if (!body.toUpperCase(java.util.Locale.ROOT).startsWith(sender.toUpperCase(java.util.Locale.ROOT))) {
            body = sender + ": " + body;
        }
        if (!body.toUpperCase(java.util.Locale.ROOT).contains("STOP")) {
            body = body + "\n" + stopMention;
        }
        return body;
    }

    private PostalLetter letter(AudienceDefinition audience, long activationId, long pushId, long customerId,
                                Map<String, Object> member) {
        AudienceDefinition.Message message = audience.messageFor("postal");
        List<String> lines = AfnorLines.of((String) member.get("civility"), (String) member.get("first_name"),
                (String) member.get("last_name"), (String) member.get("address_line2"), (String) member.get("address_line3"),
                (String) member.get("address_line4"), (String) member.get("address_line5"), (String) member.get("postcode"),
                (String) member.get("city"));
        String country = member.get("country") == null || ((String) member.get("country")).isBlank() ? "FRANCE"
                : (String) member.get("country");
        return new PostalLetter(pushId, activationId, audience.id(), customerId, lines,
                country.equalsIgnoreCase("FR") ? "FRANCE" : country.toUpperCase(java.util.Locale.ROOT),
                MessageTemplate.render(message == null ? audience.name() : message.body(), fields(audience, customerId, "postal", member)).strip());
    }
}
