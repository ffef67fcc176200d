package io.tickcast.observe;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.NamingConvention;
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
 *       Micrometer's {@code system_cpu_count}) read as the count of a histogram; they are exported
 *       under the plural ({@code …_connections}, {@code …_active_buffers}, {@code system_cpus}), by
 *       the naming convention ({@link Names}), not by a filter.
 *   <li>Meters without a description (some of Kafka's per-node metrics) get one naming their source,
 *       since every family needs HELP text.
 *   <li>Kafka Streams tags a state store's meters with a key named after the store's type
 *       ({@code rocksdb-state-id}, {@code in-memory-state-id}, …), so the RocksDB stores' and the
 *       in-memory global store's meters of one name have different tag keys, which Prometheus refuses
 *       (the second set was dropped with a registration warning). The key is {@code state.id} for
 *       every store type ({@link #oneStateIdKey()}); the store's name in the value says which store.
 * </ul>
 */
final class PrometheusNameHygiene {
  /** Name tokens that are abbreviated, non-base units. */
  private static final Set<String> NON_BASE_UNIT_TOKENS = Set.of("ns", "us", "ms");

  private PrometheusNameHygiene() {}

  static List<MeterFilter> filters() {
    return List.of(dropNonBaseUnits(), describeUndescribed(), oneStateIdKey());
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

  /**
   * {@code rocksdb.state.id}, {@code in.memory.state.id}, …: one tag key, {@code state.id}, for every
   * store type. This must change the meter id, not only the exported key: Prometheus compares the
   * exported keys in the order of the original ones, and those sort differently around
   * {@code kafka.version}.
   */
  static MeterFilter oneStateIdKey() {
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
          if ((key.endsWith(".state.id") || key.endsWith("-state-id")) && key.length() > ".state.id".length()) {
            tags.add(Tag.of("state.id", t.getValue()));
            changed = true;
          } else {
            tags.add(t);
          }
        }
        return changed ? id.replaceTags(tags) : id;
      }
    };
  }

  /**
   * Installs the filters and the naming convention on a registry; call before any meter is
   * registered.
   */
  static void apply(MeterRegistry registry) {
    filters().forEach(registry.config()::meterFilter);
    registry.config().namingConvention(new Names(registry.config().namingConvention()));
  }

  /**
   * Renames at export only, leaving the meter ids as their binders registered them: Micrometer's
   * Kafka binder finds its own meters again by name and tags on every refresh, and re-registers (with
   * a warning) any that a mapping {@link MeterFilter} renamed.
   */
  static final class Names implements NamingConvention {
    private final NamingConvention prometheus;

    Names(NamingConvention prometheus) {
      this.prometheus = prometheus;
    }

    @Override
    public String name(String name, Meter.Type type, String baseUnit) {
      if (type == Meter.Type.GAUGE && (name.endsWith(".count") || name.endsWith("-count"))) {
        String thing = name.substring(0, name.length() - ".count".length());
        name = thing.endsWith("s") ? thing : thing + "s";
      }
      return prometheus.name(name, type, baseUnit);
    }

    @Override
    public String tagKey(String key) {
      return prometheus.tagKey(key);
    }

    @Override
    public String tagValue(String value) {
      return prometheus.tagValue(value);
    }
  }
}
