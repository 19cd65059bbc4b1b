package io.weir.checkpoint.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/** Counts and checksums what is read; at the end of the stream, fails if the file is not the one recorded. */
final class VerifyingInputStream extends FilterInputStream {
  private final StateFile file;
  private final CRC32C crc = new CRC32C();
  private long read;
  private boolean verified;

  VerifyingInputStream(InputStream in, StateFile file) {
    super(in);
    this.file = file;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      verify();
    } else {
      crc.update(b);
      read++;
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n < 0) {
      verify();
    } else {
      crc.update(buf, off, n);
      read += n;
      if (read > file.size()) {
        throw new CorruptCheckpointException("state file " + file.path() + " is longer than the " + file.size()
            + " bytes recorded");
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] scratch = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  /** Reads whatever is left and verifies; readers that stop early call this. */
  void drainAndVerify() throws IOException {
    skip(Long.MAX_VALUE);
    verify();
  }

  private void verify() throws CorruptCheckpointException {
    if (verified) {
      return;
    }
    verified = true;
    file.verify(read, crc.getValue());
  }

  @Override
  public void close() throws IOException {
    try {
      if (!verified) {
        drainAndVerify();
      }
    } finally {
      super.close();
    }
  }
}
