package io.weir.checkpoint.storage;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/** Counts and checksums what is written. */
final class ChecksummingOutputStream extends FilterOutputStream {
  private final CRC32C crc = new CRC32C();
  private long written;

  ChecksummingOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    crc.update(b);
    written++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    crc.update(b, off, len);
    written += len;
  }

  long written() {
    return written;
  }

  long checksum() {
    return crc.getValue();
  }
}
