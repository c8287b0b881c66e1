package io.activationhub.ingest;

/**
 * One message of a batch consumed from a stream (a Kafka record), as the domain code sees it: its body and where it
 * came from. No Camel or Kafka type: the route's glue ({@code io.activationhub.routes.KafkaBatches}) builds these.
 */
public record StreamMessage(String body, int partition, long offset) {
}
