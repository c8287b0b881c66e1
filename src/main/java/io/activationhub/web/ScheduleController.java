package io.activationhub.web;

import io.activationhub.schedule.Schedules;
import org.quartz.SchedulerException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.List;
import java.util.Map;

/**
 * Schedules of feeds and audiences (Quartz cron, clustered): read by every role, changed by admins (audited).
 * {@code kind} in the paths is {@code feeds} or {@code audiences}.
 */
@RestController
public class ScheduleController {

    /** Body of {@code PUT .../schedule}. */
    public record CronChange(String cron) {
    }

    private final Schedules schedules;

    public ScheduleController(Schedules schedules) {
        this.schedules = schedules;
    }

    @GetMapping("/api/schedules")
    public List<Map<String, Object>> all() throws SchedulerException {
        return schedules.all();
    }

    @GetMapping("/api/{kind:feeds|audiences}/{id}/schedule")
    public Map<String, Object> get(@PathVariable String kind, @PathVariable String id) throws SchedulerException {
        return schedules.get(group(kind), id);
    }

    @PutMapping("/api/{kind:feeds|audiences}/{id}/schedule")
    public Map<String, Object> change(@PathVariable String kind, @PathVariable String id,
                                      @RequestBody(required = false) CronChange body, Principal who) throws SchedulerException {
        return schedules.reschedule(group(kind), id, body == null ? null : body.cron(), who.getName());
    }

    @PostMapping("/api/{kind:feeds|audiences}/{id}/schedule/pause")
    public Map<String, Object> pause(@PathVariable String kind, @PathVariable String id, Principal who)
            throws SchedulerException {
        return schedules.pause(group(kind), id, who.getName());
    }

    @PostMapping("/api/{kind:feeds|audiences}/{id}/schedule/resume")
    public Map<String, Object> resume(@PathVariable String kind, @PathVariable String id, Principal who)
            throws SchedulerException {
        return schedules.resume(group(kind), id, who.getName());
    }

    /** Runs the feed (sweep or poll now) or the audience (activation) once, now, on one instance of the hub. */
    @PostMapping("/api/{kind:feeds|audiences}/{id}/run")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Map<String, Object> runNow(@PathVariable String kind, @PathVariable String id, Principal who)
            throws SchedulerException {
        return schedules.runNow(group(kind), id, who.getName());
    }

    @ExceptionHandler(SchedulerException.class)
    ResponseEntity<Map<String, Object>> schedulerDown(SchedulerException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("status", 503,
                "error", "Service Unavailable", "message", "the scheduler cannot be reached: " + e.getMessage()));
    }

    private static String group(String kind) {
        return "feeds".equals(kind) ? Schedules.FEEDS : Schedules.AUDIENCES;
    }
}
