package io.weir.checkpoint.storage;

import java.io.IOException;

/** A checkpoint file is missing, partial or fails its checksum. Weir then falls back to an older checkpoint. */
public final class CorruptCheckpointException extends IOException {
  public CorruptCheckpointException(String message) {
    super(message);
  }
}
