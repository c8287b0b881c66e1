package io.activationhub.ingest;

import io.activationhub.feed.FeedRun;
import io.activationhub.feed.FeedRunLedger;
import io.activationhub.infra.HubInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.stereotype.Component;

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
    private final FeedMappings mappings;

    public FileFeeds(List<FeedFormat> formats, FileIngestor ingestor, FeedRunLedger ledger, HubInstance instance,
                     FeedMappings mappings) {
        this.mappings = mappings;
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

    /** Ingests one file in the feed's standard format; returns its run (SUCCEEDED, DUPLICATE_FILE or FAILED). */
    public FeedRun ingest(String feedId, String path) {
        return ingest(feedId, path, "standard");
    }

    /** Ingests one file read through a column mapping of {@code connectors/mappings/}. */
    public FeedRun ingest(String feedId, String path, String mapping) {
        FeedFormat format = format(feedId);
        return ingestor.ingest(format, Path.of(path), () -> mappings.get(feedId, mapping));
    }

    private FeedFormat format(String feedId) {
        FeedFormat format = formats.get(feedId);
        if (format == null) {
            throw new IllegalArgumentException("unknown feed '" + feedId + "'; known: " + formats.keySet());
        }
        return format;
    }
}
