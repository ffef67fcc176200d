package io.tickcast.stream;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of this JVM, per Kafka Streams' memory
 * management guidance: one LRU block cache and one write-buffer manager, shared by all stores (all
 * tasks, both stores of each), with the memtables charged to the cache and the index and filter
 * blocks kept in it (high priority) rather than outside any bound. Without it, each store opens a
 * 50 MB block cache and up to three 16 MB memtables of its own, and index and filter blocks grow
 * with the data: 8 stores (4 partitions) could take about 800 MB, and more as the stores grow.
 *
 * <p>The sizes come from the Streams properties {@link #BLOCK_CACHE_BYTES} and
 * {@link #WRITE_BUFFER_BYTES} (set from tickcast's settings by {@link ForecastApp}); stores
 * configured with the same sizes share one cache and manager, which are never closed (they live as
 * long as the JVM, as the guidance has it).
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
  /** Streams property: bytes of the block cache shared by all stores, memtables included. */
  public static final String BLOCK_CACHE_BYTES = "tickcast.rocksdb.block.cache.bytes";
  /** Streams property: bytes of memtables of all stores together, charged to the block cache. */
  public static final String WRITE_BUFFER_BYTES = "tickcast.rocksdb.write.buffer.bytes";
  /** Share of the cache kept for index and filter blocks. */
  private static final double HIGH_PRIORITY_SHARE = 0.1;
  /** Memtables per store; each is a quarter of the write-buffer bound, at most 16 MB. */
  private static final int MEMTABLES_PER_STORE = 2;

  private record Shared(Cache cache, WriteBufferManager writeBuffers) {}

  private static final Map<Map.Entry<Long, Long>, Shared> SHARED = new HashMap<>();

  private static synchronized Shared shared(long cacheBytes, long writeBufferBytes) {
    return SHARED.computeIfAbsent(Map.entry(cacheBytes, writeBufferBytes), k -> {
      Cache cache = new LRUCache(cacheBytes, -1, false, HIGH_PRIORITY_SHARE);
      return new Shared(cache, new WriteBufferManager(writeBufferBytes, cache));
    });
  }

  static long bytes(Map<String, Object> configs, String key) {
    Object v = configs.get(key);
    if (v == null) {
      throw new IllegalArgumentException(key + " is not set: " + BoundedRocksDbMemory.class.getSimpleName() + " needs it");
    }
    long bytes = v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
    if (bytes <= 0) {
      throw new IllegalArgumentException(key + " must be > 0: " + bytes);
    }
    return bytes;
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    long cacheBytes = bytes(configs, BLOCK_CACHE_BYTES);
    long writeBufferBytes = bytes(configs, WRITE_BUFFER_BYTES);
    Shared shared = shared(cacheBytes, writeBufferBytes);
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(shared.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(shared.writeBuffers());
    options.setMaxWriteBufferNumber(MEMTABLES_PER_STORE);
    options.setWriteBufferSize(Math.max(1L << 20, Math.min(16L << 20, writeBufferBytes / 4)));
  }

  @Override
  public void close(String storeName, Options options) {
    // the cache and the write-buffer manager are shared by every store: they are not closed here
  }
}
