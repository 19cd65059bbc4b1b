package io.weir.state.heap;

import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.checkpoint.storage.DirectoryCheckpointStorage;
import io.weir.checkpoint.storage.StateFile;
import io.weir.checkpoint.storage.StorageUri;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** {@link HeapLazyRestoreTest} with a storage that does not map its files: the restore reads them into the heap. */
class HeapStreamRestoreTest extends HeapLazyRestoreTest {

  @Override
  CheckpointStorage storageFor(DirectoryCheckpointStorage directory) {
    return new Unmapped(directory);
  }

  /** The directory's files, read only through streams (as a storage on a shared file system or in an IMap is). */
  private record Unmapped(DirectoryCheckpointStorage directory) implements CheckpointStorage {
    @Override
    public StorageUri location() {
      return directory.location();
    }

    @Override
    public StateFile write(String path, StreamWriter writer) throws IOException {
      return directory.write(path, writer);
    }

    @Override
    public InputStream open(StateFile file) throws IOException {
      return directory.open(file);
    }

    @Override
    public void checkPresent(StateFile file) throws CorruptCheckpointException {
      directory.checkPresent(file);
    }

    @Override
    public void writeAtomically(String path, byte[] content) throws IOException {
      directory.writeAtomically(path, content);
    }

    @Override
    public byte[] readFully(String path) throws IOException {
      return directory.readFully(path);
    }

    @Override
    public List<String> list(String folder) throws IOException {
      return directory.list(folder);
    }

    @Override
    public void deleteRecursively(String folder) throws IOException {
      directory.deleteRecursively(folder);
    }

    @Override
    public void delete(String path) throws IOException {
      directory.delete(path);
    }
  }
}
