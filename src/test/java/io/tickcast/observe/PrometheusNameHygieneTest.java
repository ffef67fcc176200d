package io.tickcast.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class PrometheusNameHygieneTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  PrometheusNameHygieneTest() {
    PrometheusNameHygiene.apply(registry);
  }

  @Test
  void metersInNanosecondsOrMillisecondsAreDropped() {
    FunctionCounter.builder("kafka.producer.io.time.ns.total", this, x -> 1).description("d").register(registry);
    Gauge.builder("kafka.app.info.start.time.ms", () -> 1).description("d").register(registry);
    FunctionCounter.builder("process.cpu.time", this, x -> 1).baseUnit("ns").description("d").register(registry);
    Gauge.builder("kafka.consumer.io.ratio", () -> 0.5).description("d").register(registry);
    assertThat(registry.scrape()).doesNotContain("_ns").doesNotContain("_ms").doesNotContain("process_cpu_time")
        .contains("kafka_consumer_io_ratio 0.5");
  }

  @Test
  void countGaugesArePluralisedButCountersAndTimersKeepTheirNames() {
    Gauge.builder("kafka.consumer.connection.count", () -> 3).description("d").register(registry);
    Gauge.builder("system.cpu.count", () -> 2).description("d").register(registry);
    Counter.builder("tickcast.example.count").description("d").register(registry);
    assertThat(registry.scrape()).contains("kafka_consumer_connections 3.0").contains("system_cpus 2.0")
        .contains("tickcast_example_count_total");
  }

  @Test
  void undescribedMetersGetHelpText() {
    Gauge.builder("kafka.producer.node.request.latency.avg", () -> 1).register(registry);
    assertThat(registry.scrape()).contains("# HELP kafka_producer_node_request_latency_avg Kafka client metric");
  }

  @Test
  void stateStoreMetersOfDifferentStoreTypesShareOneTagSet() {
    Gauge.builder("kafka.stream.state.put.if.absent.latency.max", () -> 1).description("d")
        .tags("thread.id", "t1", "task.id", "0_1", "rocksdb.state.id", "forecast-state").register(registry);
    Gauge.builder("kafka.stream.state.put.if.absent.latency.max", () -> 2).description("d")
        .tags("thread.id", "g", "task.id", "-1_-1", "in.memory.state.id", "models-store").register(registry);
    String scrape = registry.scrape();
    assertThat(scrape).contains("state_id=\"forecast-state\"").contains("state_id=\"models-store\"");
    assertThat(scrape.lines().filter(l -> l.startsWith("kafka_stream_state_put_if_absent_latency_max{"))).hasSize(2);
  }
}
