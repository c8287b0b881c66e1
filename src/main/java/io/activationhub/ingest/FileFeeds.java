package io.activationhub.ingest;

import io.activationhub.feed.FeedRun;
import io.activationhub.feed.FeedRunLedger;
import io.activationhub.infra.HubInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.stereotype.Component;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The file feeds routes call: {@code bean:fileFeeds?method=ingest('pos', ${header.CamelFileAbsolutePath})}. */
@Component("fileFeeds")
public class FileFeeds {

    private static final Logger log = LoggerFactory.getLogger(FileFeeds.class);

    private final Map<String, FeedFormat> formats;
    private final FileIngestor ingestor;
    private final FeedRunLedger ledger;
    private final HubInstance instance;

    public FileFeeds(List<FeedFormat> formats, FileIngestor ingestor, FeedRunLedger ledger, HubInstance instance) {
        this.formats = formats.stream().collect(Collectors.toMap(FeedFormat::feedId, Function.identity()));
        this.ingestor = ingestor;
        this.ledger = ledger;
        this.instance = instance;
    }

    @EventListener(ApplicationStartedEvent.class)
    public void declareFeeds() {
        formats.values().forEach(f -> ledger.declareFeed(f.feedId(), f.kind(), f.description()));
        int interrupted = ledger.markInterrupted(instance.id());
        if (interrupted > 0) {
            log.warn("{} feed run(s) were interrupted when this instance last stopped; their files are ingested again",
                    interrupted);
        }
    }

    /** Ingests one file; returns the run (also for a duplicate file). Throws {@link FeedRunFailed} when the run failed. */
    public FeedRun ingest(String feedId, String path) {
        return ingestor.ingest(format(feedId), Path.of(path));
    }

    /** Same, with the file's charset agreed with the partner (e.g. ISO-8859-15) instead of detection. */
    public FeedRun ingest(String feedId, String path, String charset) {
        return ingestor.ingest(format(feedId), Path.of(path),
                charset == null || charset.isBlank() || charset.equalsIgnoreCase("auto") ? null : Charset.forName(charset));
    }

    private FeedFormat format(String feedId) {
        FeedFormat format = formats.get(feedId);
        if (format == null) {
            throw new IllegalArgumentException("unknown feed '" + feedId + "'; known: " + formats.keySet());
        }
        return format;
    }
}
