package io.tickcast.stream;

import io.tickcast.schema.ModelRelease;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Maintains the global models store and offers every release to the {@link ModelHolder}. */
final class ModelReleaseProcessor implements Processor<String, ModelRelease, Void, Void> {
  private final String storeName;
  private final ModelHolder holder;
  private KeyValueStore<String, ModelRelease> store;

  ModelReleaseProcessor(String storeName, ModelHolder holder) {
    this.storeName = storeName;
    this.holder = holder;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
    // After a restart the store is restored from the topic; serve its newest release at once.
    try (var it = store.all()) {
      it.forEachRemaining(kv -> holder.offer(kv.value));
    }
  }

  @Override
  public void process(Record<String, ModelRelease> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      return;
    }
    store.put(record.key(), record.value());
    holder.offer(record.value());
  }
}
