package io.activationhub.schedule;

import io.activationhub.audience.AudienceCatalog;
import io.activationhub.audience.AudienceDefinition;
import io.activationhub.privacy.AuditLog;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import java.text.ParseException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The schedule of every feed with a source to trigger and of every audience: one Quartz job per target (group
 * {@code feed} or {@code audience}) with one cron trigger, kept in PostgreSQL by the clustered job store, so a change
 * or a pause survives a restart and applies to every instance. Changes are audited.
 */
@Service
public class Schedules {

    private static final Logger log = LoggerFactory.getLogger(Schedules.class);

    public static final String FEEDS = "feed";
    public static final String AUDIENCES = "audience";
    /** Job data: what set the run off ({@code schedule} or {@code manual}); an audience's activation records it. */
    public static final String TRIGGER = "trigger";

    private final Scheduler scheduler;
    private final ScheduledRuns runs;
    private final AudienceCatalog audiences;
    private final AuditLog audit;
    private final String feedCron;
    private final String audienceCron;

    public Schedules(Scheduler scheduler, ScheduledRuns runs, AudienceCatalog audiences, AuditLog audit,
                     @Value("${hub.schedules.feed-cron:0 0 * * * ?}") String feedCron,
                     @Value("${hub.schedules.audience-cron:0 0 6 * * ?}") String audienceCron) {
        this.scheduler = scheduler;
        this.runs = runs;
        this.audiences = audiences;
        this.audit = audit;
        this.feedCron = validCron(feedCron);
        this.audienceCron = validCron(audienceCron);
    }

    /** Checks a Quartz cron expression; the message says what is wrong and what is expected. */
    public static String validCron(String cron) {
        if (cron == null || cron.isBlank()) {
            throw new IllegalArgumentException("cron is required, e.g. \"0 0/15 * * * ?\" (seconds minutes hours "
                    + "day-of-month month day-of-week [year])");
        }
        try {
            CronExpression.validateExpression(cron.trim());
            return cron.trim();
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid cron '" + cron + "': " + e.getMessage() + "; a Quartz cron has "
                    + "6 or 7 fields: seconds minutes hours day-of-month month day-of-week [year], with ? in one of the "
                    + "two day fields, e.g. \"0 0/15 * * * ?\"");
        }
    }

    /** Gives every feed and audience without a schedule its default one (audiences start paused). */
    @EventListener(ApplicationReadyEvent.class)
    public synchronized void ensureSchedules() {
        try {
            for (String feed : runs.triggerableFeeds().keySet()) {
                create(FEEDS, feed, feedCron, false);
            }
            for (AudienceDefinition a : audiences.all()) {
                create(AUDIENCES, a.id(), audienceCron, true);
            }
        } catch (SchedulerException e) {
            log.error("Cannot create the default schedules: {}", e.getMessage());
        }
    }

    private void create(String group, String id, String cron, boolean paused) throws SchedulerException {
        JobKey key = JobKey.jobKey(id, group);
        if (scheduler.checkExists(key)) {
            return;
        }
        JobDetail job = JobBuilder.newJob(HubScheduleJob.class).withIdentity(key).storeDurably()
                .withDescription(group + " " + id).usingJobData(TRIGGER, "schedule").build();
        try {
            scheduler.scheduleJob(job, trigger(group, id, cron));
            if (paused) {
                scheduler.pauseJob(key);
            }
            log.info("Schedule of {} {} created: {}{}", group, id, cron, paused ? " (paused)" : "");
        } catch (ObjectAlreadyExistsException raced) {
            // another instance created it at the same time: theirs stands
        }
    }

    private static CronTrigger trigger(String group, String id, String cron) {
        return TriggerBuilder.newTrigger().withIdentity(TriggerKey.triggerKey(id, group)).forJob(id, group)
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).withMisfireHandlingInstructionFireAndProceed())
                .build();
    }

    /** Every schedule: feeds first, then audiences. */
    public List<Map<String, Object>> all() throws SchedulerException {
        ensureSchedules();
        List<Map<String, Object>> out = new ArrayList<>();
        for (String group : List.of(FEEDS, AUDIENCES)) {
            for (JobKey key : scheduler.getJobKeys(org.quartz.impl.matchers.GroupMatcher.jobGroupEquals(group))
                    .stream().sorted((a, b) -> a.getName().compareTo(b.getName())).toList()) {
                out.add(describe(key));
            }
        }
        return out;
    }

    public Map<String, Object> get(String group, String id) throws SchedulerException {
        return describe(existing(group, id));
    }

    /** Replaces the cron of a schedule; a paused schedule stays paused. */
    public Map<String, Object> reschedule(String group, String id, String cron, String actor) throws SchedulerException {
        String valid = validCron(cron);
        JobKey key = existing(group, id);
        TriggerKey triggerKey = TriggerKey.triggerKey(id, group);
        Trigger.TriggerState state = scheduler.getTriggerState(triggerKey);
        Trigger previous = scheduler.getTrigger(triggerKey);
        String previousCron = previous instanceof CronTrigger c ? c.getCronExpression() : null;
        if (previous == null) {
            scheduler.scheduleJob(trigger(group, id, valid));
        } else {
            scheduler.rescheduleJob(triggerKey, trigger(group, id, valid));
        }
        if (state == Trigger.TriggerState.PAUSED) {
            scheduler.pauseTrigger(triggerKey);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cron", valid);
        details.put("previousCron", previousCron);
        audit.record(actor, "schedule.change", group + ":" + id, details);
        log.info("Schedule of {} {} changed by {}: {} (was {})", group, id, actor, valid, previousCron);
        return describe(key);
    }

    public Map<String, Object> pause(String group, String id, String actor) throws SchedulerException {
        JobKey key = existing(group, id);
        scheduler.pauseJob(key);
        audit.record(actor, "schedule.pause", group + ":" + id, Map.of());
        log.info("Schedule of {} {} paused by {}", group, id, actor);
        return describe(key);
    }

    public Map<String, Object> resume(String group, String id, String actor) throws SchedulerException {
        JobKey key = existing(group, id);
        scheduler.resumeJob(key);
        audit.record(actor, "schedule.resume", group + ":" + id, Map.of());
        log.info("Schedule of {} {} resumed by {}", group, id, actor);
        return describe(key);
    }

    /** Fires the schedule's job now, once, on whichever instance picks it first (paused or not). */
    public Map<String, Object> runNow(String group, String id, String actor) throws SchedulerException {
        JobKey key = existing(group, id);
        scheduler.triggerJob(key, new JobDataMap(Map.of(TRIGGER, "manual")));
        audit.record(actor, "schedule.run-now", group + ":" + id, Map.of());
        log.info("{} {} run now by {}", group, id, actor);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", group);
        out.put("id", id);
        out.put("triggered", true);
        out.put("schedule", describe(key));
        return out;
    }

    private JobKey existing(String group, String id) throws SchedulerException {
        JobKey key = JobKey.jobKey(id, group);
        if (!scheduler.checkExists(key)) {
            ensureSchedules();
        }
        if (!scheduler.checkExists(key)) {
            if (FEEDS.equals(group)) {
                throw new NoSuchElementException("no schedule for feed '" + id + "': it is unknown or streamed (consumed "
                        + "continuously); schedulable feeds: " + runs.triggerableFeeds().keySet());
            }
            throw new NoSuchElementException("no audience '" + id + "'");
        }
        return key;
    }

    private Map<String, Object> describe(JobKey key) throws SchedulerException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", key.getGroup());
        out.put("id", key.getName());
        TriggerKey triggerKey = TriggerKey.triggerKey(key.getName(), key.getGroup());
        Trigger trigger = scheduler.getTrigger(triggerKey);
        out.put("cron", trigger instanceof CronTrigger c ? c.getCronExpression() : null);
        Trigger.TriggerState state = trigger == null ? Trigger.TriggerState.NONE : scheduler.getTriggerState(triggerKey);
        out.put("paused", state == Trigger.TriggerState.PAUSED);
        out.put("state", state.name());
        out.put("nextFireAt", state == Trigger.TriggerState.PAUSED || trigger == null ? null : time(trigger.getNextFireTime()));
        out.put("previousFireAt", trigger == null ? null : time(trigger.getPreviousFireTime()));
        return out;
    }

    private static OffsetDateTime time(Date date) {
        return date == null ? null : date.toInstant().atZone(ZoneId.systemDefault()).toOffsetDateTime();
    }
}
