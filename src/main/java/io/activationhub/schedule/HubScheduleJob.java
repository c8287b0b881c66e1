package io.activationhub.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Quartz job of every feed and audience schedule (group {@code feed} or {@code audience}, name = the id). With the
 * clustered job store one instance of the hub runs each firing; never two firings of one schedule at once.
 */
@DisallowConcurrentExecution
public class HubScheduleJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(HubScheduleJob.class);

    private ScheduledRuns runs;

    @Autowired
    public void setScheduledRuns(ScheduledRuns runs) {
        this.runs = runs;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String group = context.getJobDetail().getKey().getGroup();
        String id = context.getJobDetail().getKey().getName();
        String trigger = context.getMergedJobDataMap().getString(Schedules.TRIGGER);
        if (trigger == null) {
            trigger = "schedule";
        }
        try {
            if (Schedules.FEEDS.equals(group)) {
                runs.runFeed(id);
            } else if (Schedules.AUDIENCES.equals(group)) {
                runs.runAudience(id, trigger);
            } else {
                log.warn("Unknown schedule group {} for job {}", group, id);
            }
        } catch (Exception e) {
            log.error("Scheduled run of {} {} failed: {}", group, id, e.getMessage());
            throw new JobExecutionException(e, false);
        }
    }
}
