package io.activationhub.web;

import io.activationhub.ads.AdAudienceSync;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * {@code POST /api/audiences/{id}/ads-sync?platform=meta|google} (admin, integrator): a delta sync now. Answers 200
 * with the sync and its batches when the platform acknowledged everything, 502 when a batch was not acknowledged
 * (what was acknowledged stays pushed; the rest goes at the retry), 409 when a sync of that list is running.
 */
@RestController
@RequestMapping("/api/audiences")
public class AdSyncController {

    private final AdAudienceSync sync;

    public AdSyncController(AdAudienceSync sync) {
        this.sync = sync;
    }

    @PostMapping("/{id}/ads-sync")
    public ResponseEntity<Map<String, Object>> sync(@PathVariable String id, @RequestParam String platform) {
        try {
            AdAudienceSync.Result result = sync.sync(id, platform, "manual");
            return ResponseEntity.status("COMPLETED".equals(result.status()) ? HttpStatus.OK : HttpStatus.BAD_GATEWAY)
                    .body(sync.describe(result));
        } catch (IllegalStateException e) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
        }
    }
}
