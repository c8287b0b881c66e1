package io.activationhub.web;

import io.activationhub.scoring.CampaignControlGroups;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** Campaign measurement: {@code GET /api/campaigns/{id}/uplift}, contacted customers versus the control group. */
@RestController
public class CampaignController {

    private final CampaignControlGroups controlGroups;

    public CampaignController(CampaignControlGroups controlGroups) {
        this.controlGroups = controlGroups;
    }

    @GetMapping("/api/campaigns/{id}/uplift")
    public Map<String, Object> uplift(@PathVariable String id) {
        return controlGroups.uplift(id);
    }
}
