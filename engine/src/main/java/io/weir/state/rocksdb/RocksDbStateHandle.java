package io.weir.state.rocksdb;

import io.weir.checkpoint.storage.StateFile;
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyedStateHandle;
import java.util.List;

/**
 * A RocksDB snapshot of one subtask's key groups: every file of a RocksDB checkpoint directory,
 * with the name it had there. In an incremental snapshot the SST files are shared (kept in the
 * job's shared folder, possibly uploaded by an earlier checkpoint) and the other files private;
 * in a full one every file is private. {@code uploadedSize} is what this checkpoint uploaded.
 */
public record RocksDbStateHandle(KeyGroupRange keyGroupRange, long checkpointId, List<LocalFile> localFiles,
                                 long uploadedSize) implements KeyedStateHandle {

  /** One file of the snapshot: its name in the RocksDB directory and where checkpoint storage keeps it. */
  public record LocalFile(String name, StateFile file, boolean shared) {
  }

  public RocksDbStateHandle {
    localFiles = List.copyOf(localFiles);
  }

  @Override
  public List<StateFile> files() {
    return localFiles.stream().map(LocalFile::file).toList();
  }

  @Override
  public List<StateFile> sharedFiles() {
    return localFiles.stream().filter(LocalFile::shared).map(LocalFile::file).toList();
  }
}
