package io.tickcast.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbMemoryTest {
  static {
    RocksDB.loadLibrary();
  }

  private static Options storeOptions() {
    Options o = new Options();
    o.setTableFormatConfig(new BlockBasedTableConfig());
    return o;
  }

  @Test
  void everyStoreSharesOneWriteBufferManagerAndKeepsIndexAndFilterBlocksInTheCache() {
    Map<String, Object> configs = Map.of(BoundedRocksDbMemory.BLOCK_CACHE_BYTES, 8L << 20,
        BoundedRocksDbMemory.WRITE_BUFFER_BYTES, "4194304");
    BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
    try (Options a = storeOptions(); Options b = storeOptions()) {
      setter.setConfig("forecast-state", a, configs);
      setter.setConfig("forecast-chunk-rows", b, configs);
      assertThat(a.writeBufferManager()).isNotNull().isSameAs(b.writeBufferManager());
      BlockBasedTableConfig table = (BlockBasedTableConfig) a.tableFormatConfig();
      assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
      assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
      assertThat(a.writeBufferSize()).isEqualTo(1L << 20);
      assertThat(a.maxWriteBufferNumber()).isEqualTo(2);
      setter.close("forecast-state", a);
      setter.close("forecast-chunk-rows", b);
    }
  }

  @Test
  void aMissingOrNonPositiveSizeIsRefusedNamingTheSetting() {
    BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
    try (Options o = storeOptions()) {
      assertThatThrownBy(() -> setter.setConfig("s", o, Map.of(BoundedRocksDbMemory.BLOCK_CACHE_BYTES, 1L << 20)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(BoundedRocksDbMemory.WRITE_BUFFER_BYTES);
      assertThatThrownBy(() -> setter.setConfig("s", o, Map.of(BoundedRocksDbMemory.BLOCK_CACHE_BYTES, 0,
              BoundedRocksDbMemory.WRITE_BUFFER_BYTES, 1L << 20)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(BoundedRocksDbMemory.BLOCK_CACHE_BYTES);
    }
  }
}
