package io.tickcast.observe;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Meter filters that keep the scrape within Prometheus' naming rules (what {@code promtool check
 * metrics} enforces) where third-party binders break them. Register before any meter.
 *
 * <ul>
 *   <li>Meters whose names carry a non-base time unit ({@code …_time_ns_total}, {@code …_ns_avg},
 *       {@code …start_time_ms}, Micrometer's {@code process_cpu_time_ns_total}) are dropped: the
 *       values are in nanoseconds or milliseconds and a filter cannot rescale them to seconds. Kafka
 *       exports the same information as ratios ({@code …_io_ratio}, {@code …_io_wait_ratio}, the
 *       stream thread's {@code …_ratio} meters), which are kept.
 *   <li>Gauges named {@code …_count} (Kafka's {@code connection_count}, {@code active_buffer_count},
 *       Micrometer's {@code system_cpu_count}) read as the count of a histogram; they are renamed to
 *       the plural ({@code …_connections}, {@code …_active_buffers}, {@code system_cpus}).
 *   <li>Meters without a description (some of Kafka's per-node metrics) get one naming their source,
 *       since every family needs HELP text.
 *   <li>Kafka Streams tags a state store's meters with a key named after the store's type
 *       ({@code rocksdb-state-id}, {@code in-memory-state-id}, …), so the RocksDB stores' and the
 *       in-memory global store's meters of one name have different tag keys, which Prometheus refuses
 *       (the second set was dropped with a registration warning). The key becomes {@code state-id}
 *       with the type in a {@code store-type} tag ({@code rocksdb}, {@code in-memory}, …).
 * </ul>
 */
final class PrometheusNameHygiene {
  /** Name tokens that are abbreviated, non-base units. */
  private static final Set<String> NON_BASE_UNIT_TOKENS = Set.of("ns", "us", "ms");

  private PrometheusNameHygiene() {}

  static List<MeterFilter> filters() {
    return List.of(dropNonBaseUnits(), pluraliseCountGauges(), describeUndescribed(), unifyStateStoreTags());
  }

  static MeterFilter dropNonBaseUnits() {
    return new MeterFilter() {
      @Override
      public MeterFilterReply accept(Meter.Id id) {
        return hasNonBaseUnit(id) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
      }
    };
  }

  static boolean hasNonBaseUnit(Meter.Id id) {
    for (String token : id.getName().split("[._-]")) {
      if (NON_BASE_UNIT_TOKENS.contains(token)) {
        return true;
      }
    }
    return id.getBaseUnit() != null && NON_BASE_UNIT_TOKENS.contains(id.getBaseUnit());
  }

  static MeterFilter pluraliseCountGauges() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        String name = id.getName();
        if (id.getType() != Meter.Type.GAUGE || !(name.endsWith(".count") || name.endsWith("-count"))) {
          return id;
        }
        String thing = name.substring(0, name.length() - ".count".length());
        return id.withName(thing.endsWith("s") ? thing : thing + "s");
      }
    };
  }

  static MeterFilter describeUndescribed() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        if (id.getDescription() != null && !id.getDescription().isBlank()) {
          return id;
        }
        String source = id.getName().startsWith("kafka.") ? "Kafka client metric " : "Metric ";
        return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(),
            source + id.getName().replace('.', '-'), id.getType());
      }
    };
  }

  static MeterFilter unifyStateStoreTags() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        if (!id.getName().startsWith("kafka.stream.state")) {
          return id;
        }
        List<Tag> tags = new ArrayList<>();
        boolean changed = false;
        for (Tag t : id.getTagsAsIterable()) {
          String key = t.getKey();
          if (key.endsWith("-state-id") && !key.equals("state-id")) {
            tags.add(Tag.of("state-id", t.getValue()));
            tags.add(Tag.of("store-type", key.substring(0, key.length() - "-state-id".length())));
            changed = true;
          } else {
            tags.add(t);
          }
        }
        return changed ? id.replaceTags(tags) : id;
      }
    };
  }
}
