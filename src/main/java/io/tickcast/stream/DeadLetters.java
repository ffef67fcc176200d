package io.tickcast.stream;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The headers of a dead-letter record: why it was refused and where it came from. */
public final class DeadLetters {
  /** Reason tag, e.g. undecodable or price_not_positive. */
  public static final String REASON = "tickcast.reason";
  /** Human-readable detail (the exception message for undecodable bytes). */
  public static final String DETAIL = "tickcast.detail";
  public static final String SOURCE_TOPIC = "tickcast.source.topic";
  public static final String SOURCE_PARTITION = "tickcast.source.partition";
  public static final String SOURCE_OFFSET = "tickcast.source.offset";

  private DeadLetters() {}

  public static Headers headers(String reason, String detail, String topic, int partition, long offset) {
    RecordHeaders h = new RecordHeaders();
    h.add(REASON, utf8(reason));
    if (detail != null) {
      h.add(DETAIL, utf8(detail.length() > 2000 ? detail.substring(0, 2000) : detail));
    }
    h.add(SOURCE_TOPIC, utf8(topic));
    h.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
    h.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
    return h;
  }

  /** The value of a header as text, or null. */
  public static String header(Headers headers, String name) {
    var h = headers.lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
