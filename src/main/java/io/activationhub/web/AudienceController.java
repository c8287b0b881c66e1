package io.activationhub.web;

import io.activationhub.activation.Activation;
import io.activationhub.activation.ActivationLog;
import io.activationhub.audience.AudienceActivation;
import io.activationhub.audience.AudienceCatalog;
import io.activationhub.audience.AudienceDefinition;
import io.activationhub.channel.PushReplay;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Audiences and their activations. */
@RestController
@RequestMapping("/api")
public class AudienceController {

    private final AudienceCatalog catalog;
    private final AudienceActivation activation;
    private final ActivationLog log;
    private final ProducerTemplate producer;
    private final PushReplay replay;

    public AudienceController(AudienceCatalog catalog, AudienceActivation activation, ActivationLog log,
                              ProducerTemplate producer, PushReplay replay) {
        this.replay = replay;
        this.catalog = catalog;
        this.activation = activation;
        this.log = log;
        this.producer = producer;
    }

    @GetMapping("/audiences")
    public Map<String, Object> audiences() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("audiences", catalog.all());
        out.put("files", catalog.fileStates().values());
        return out;
    }

    @GetMapping("/audiences/{id}")
    public AudienceDefinition audience(@PathVariable String id) {
        return catalog.get(id).orElseThrow(() -> new NotFound("no audience '" + id + "'"));
    }

    /** Members per channel, a masked sample, and how many were left out and why; nothing is recorded. */
    @GetMapping("/audiences/{id}/preview")
    public Map<String, Object> preview(@PathVariable String id, @RequestParam(defaultValue = "5") int sample) {
        audience(id);
        return activation.preview(id, Math.max(0, Math.min(sample, 20)));
    }

    /** Runs an audience now; with {@code dryRun=true} counts its members without sending anything. */
    @PostMapping("/audiences/{id}/activations")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Map<String, Object> activate(@PathVariable String id, @RequestParam(defaultValue = "false") boolean dryRun) {
        audience(id);
        AudienceActivation.Result result = activation.activate(id, "manual", dryRun);
        producer.sendBody("direct:dispatch-activation", result);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("activationId", result.activationId());
        out.put("audienceId", result.audienceId());
        out.put("dryRun", dryRun);
        out.put("members", result.members());
        out.put("queued", result.queued());
        out.put("channels", Map.of("email", result.emails().size(), "sms", result.sms().size(),
                "postal", result.letters().size()));
        out.put("excluded", result.excluded());
        return out;
    }

    /** Queues the failed pushes of an activation again (dead letters included). */
    @PostMapping("/activations/{id}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Map<String, Object> replay(@PathVariable long id) {
        activationById(id);
        List<PushReplay.Requeued> requeued = replay.replay(id);
        for (PushReplay.Requeued r : requeued) {
            producer.sendBodyAndHeaders("direct:replay-push", r.payload(),
                    Map.of("hubChannel", r.channel(), "kafka.KEY", String.valueOf(r.pushId())));
        }
        return Map.of("activationId", id, "requeued", requeued.size());
    }

    /** Pushes that failed for good and wait for a replay. */
    @GetMapping("/activations/dead-letters")
    public List<Map<String, Object>> deadLetters(@RequestParam(defaultValue = "100") int limit) {
        return log.deadLetters(Math.max(1, Math.min(limit, 1000)));
    }

    @GetMapping("/activations")
    public List<Activation> activations(@RequestParam(defaultValue = "50") int limit) {
        return log.recent(Math.max(1, Math.min(limit, 1000)));
    }

    @GetMapping("/activations/{id}")
    public Activation activationById(@PathVariable long id) {
        return log.get(id).orElseThrow(() -> new NotFound("no activation " + id));
    }
}
