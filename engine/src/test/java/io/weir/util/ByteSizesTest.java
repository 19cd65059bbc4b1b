package io.weir.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteSizesTest {
  @Test
  void sizesArePrintedInTheLargestBinaryUnitBelowThem() {
    assertThat(ByteSizes.format(0)).isEqualTo("0 B");
    assertThat(ByteSizes.format(1023)).isEqualTo("1023 B");
    assertThat(ByteSizes.format(1536)).isEqualTo("1.5 KiB");
    assertThat(ByteSizes.format(41L << 20)).isEqualTo("41.0 MiB");
    assertThat(ByteSizes.format(5L << 29)).isEqualTo("2.50 GiB");
  }
}
