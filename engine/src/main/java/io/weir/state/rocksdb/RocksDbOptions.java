package io.weir.state.rocksdb;

import io.weir.config.Settings;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.IndexType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksObject;
import org.rocksdb.StringAppendOperator;
import org.rocksdb.WriteBufferManager;

/**
 * The native options of one backend's RocksDB instances, built from {@link Settings.RocksDb} and
 * closed with the backend. Memory is bounded per backend however many states a job declares: one
 * LRU cache of {@code block-cache + write-buffer × max-write-buffers} bytes holds data, index and
 * filter blocks, and a write buffer manager charges every column family's memtables to it, capped
 * at {@code write-buffer × max-write-buffers}. Lookups stay cheap as state grows: bloom filters on
 * SST files (partitioned, like the indexes, so the cache holds them piecewise) and on memtables.
 */
final class RocksDbOptions implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  final DBOptions db;
  final ColumnFamilyOptions columns;
  private final List<RocksObject> owned = new ArrayList<>();

  RocksDbOptions(Settings.RocksDb settings) {
    try {
      long memtables = settings.writeBuffer() * settings.maxWriteBuffers();
      LRUCache cache = own(new LRUCache(settings.blockCache() + memtables, -1, false, 0.1));
      WriteBufferManager writeBuffers = own(new WriteBufferManager(memtables, cache));
      BloomFilter bloom = own(new BloomFilter(10));
      StringAppendOperator concatenate = own(new StringAppendOperator(""));
      db = own(new DBOptions()
          .setCreateIfMissing(true)
          .setCreateMissingColumnFamilies(true)
          .setMaxBackgroundJobs(settings.backgroundJobs())
          .setWriteBufferManager(writeBuffers)
          .setBytesPerSync(1 << 20)
          .setUseFsync(false)
          .setAvoidFlushDuringShutdown(true)
          .setStatsDumpPeriodSec(0)
          .setInfoLogLevel(InfoLogLevel.HEADER_LEVEL)
          .setKeepLogFileNum(1)
          .setMaxLogFileSize(1 << 20));
      // partitioned index and filters: a full filter of a large SST file is megabytes, more than a
      // cache shard holds, and would be read from disk on every lookup; partitions are small
      BlockBasedTableConfig table = new BlockBasedTableConfig()
          .setBlockCache(cache)
          .setFilterPolicy(bloom)
          .setPartitionFilters(true)
          .setIndexType(IndexType.kTwoLevelIndexSearch)
          .setMetadataBlockSize(4096)
          .setCacheIndexAndFilterBlocks(true)
          .setCacheIndexAndFilterBlocksWithHighPriority(true)
          .setPinTopLevelIndexAndFilter(true)
          .setPinL0FilterAndIndexBlocksInCache(true);
      columns = own(new ColumnFamilyOptions()
          .setWriteBufferSize(settings.writeBuffer())
          .setMaxWriteBufferNumber(settings.maxWriteBuffers())
          // a bloom filter per memtable: most reads miss the memtables, and searching them is costly
          .setMemtableWholeKeyFiltering(true)
          .setMemtablePrefixBloomSizeRatio(0.1)
          .setCompressionType(compression(settings.compression()))
          .setLevelCompactionDynamicLevelBytes(true)
          .setMergeOperator(concatenate)
          .setTableFormatConfig(table));
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  static CompressionType compression(String name) {
    return switch (name) {
      case "none" -> CompressionType.NO_COMPRESSION;
      case "snappy" -> CompressionType.SNAPPY_COMPRESSION;
      case "lz4" -> CompressionType.LZ4_COMPRESSION;
      case "zstd" -> CompressionType.ZSTD_COMPRESSION;
      default -> throw new IllegalArgumentException("unknown state.rocksdb.compression '" + name
          + "' (none, snappy, lz4, zstd)");
    };
  }

  private <T extends RocksObject> T own(T object) {
    owned.add(object);
    return object;
  }

  /** Closes the options before what they point to (the cache, the filter, the merge operator). */
  @Override
  public void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      owned.get(i).close();
    }
    owned.clear();
  }
}
