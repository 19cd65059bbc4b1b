package io.weir.runtime;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** A running job's id, such as {@code checked-count-3f9a1c}: the job's name and six hex digits. */
public record JobId(String value) {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,80}");

  public JobId {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException("'" + value + "' is not a job id");
    }
  }

  public static JobId generate(String jobName) {
    String base = jobName.toLowerCase().replaceAll("[^a-z0-9._-]", "-");
    return new JobId(base + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24)));
  }

  @Override
  public String toString() {
    return value;
  }
}
