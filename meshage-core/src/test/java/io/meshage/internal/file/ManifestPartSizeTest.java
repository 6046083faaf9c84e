package io.meshage.internal.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.file.FileConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The part size a source chooses for a file (the configured one, larger for a file of more than
 * the part limit) and the receiver's check of a manifest's part size before it allocates for it.
 */
@Timeout(30)
class ManifestPartSizeTest {
  private static final int K = 1024;
  private static final int MAX = Manifest.maxPartSize(10 << 20);

  @TempDir Path dir;

  @Test
  void theDefaultIs256KibAndTheBoundIs8MibUnderTheDefaultFrame() {
    assertThat(FileConfig.DEFAULT_PART_SIZE).isEqualTo(256 * K);
    assertThat(FileConfig.of(dir).partSize()).isEqualTo(256 * K);
    assertThat(MAX).isEqualTo(FileConfig.MAX_PART_SIZE);
    assertThat(Manifest.maxPartSize(1 << 20)).isEqualTo(1024 * K - 64 * K);
  }

  @Test
  void aFileWithinThePartLimitKeepsTheConfiguredPartSize() {
    long limit = (long) Manifest.MAX_PARTS * 256 * K;
    assertThat(Manifest.partSizeFor(0, 256 * K, Manifest.MAX_PARTS, MAX)).isEqualTo(256 * K);
    assertThat(Manifest.partSizeFor(1, 256 * K, Manifest.MAX_PARTS, MAX)).isEqualTo(256 * K);
    assertThat(Manifest.partSizeFor(limit, 256 * K, Manifest.MAX_PARTS, MAX)).isEqualTo(256 * K);
    assertThat(Manifest.partSizeFor(limit, 300 * K, Manifest.MAX_PARTS, MAX)).isEqualTo(300 * K);
  }

  @Test
  void aFileAboveThePartLimitGetsTheSmallestPowerOfTwoThatFits() {
    long limit = (long) Manifest.MAX_PARTS * 256 * K; // 32 GiB
    assertThat(Manifest.partSizeFor(limit + 1, 256 * K, Manifest.MAX_PARTS, MAX)).isEqualTo(512 * K);
    assertThat(Manifest.partSizeFor(2 * limit, 256 * K, Manifest.MAX_PARTS, MAX)).isEqualTo(512 * K);
    assertThat(Manifest.partSizeFor(2 * limit + 1, 256 * K, Manifest.MAX_PARTS, MAX)).isEqualTo(1024 * K);
    assertThat(Manifest.partSizeFor(32 * limit, 256 * K, Manifest.MAX_PARTS, MAX)).isEqualTo(8192 * K);
    // A part size that is not a power of two grows to the next power of two above it.
    assertThat(Manifest.partSizeFor((long) Manifest.MAX_PARTS * 300 * K + 1, 300 * K, Manifest.MAX_PARTS, MAX))
        .isEqualTo(512 * K);
    // Small limits, every size around the steps: the result fits, and half of it (when still
    // above the configured size) would not.
    int maxParts = 5;
    for (long size = 1; size <= 5L * 64 * K; size += 997) {
      int p = Manifest.partSizeFor(size, 4 * K, maxParts, MAX);
      assertThat((size + p - 1) / p).as("parts of %d bytes", size).isLessThanOrEqualTo(maxParts);
      if (p > 4 * K) {
        assertThat(Integer.bitCount(p)).isEqualTo(1);
        int half = p / 2;
        assertThat(half <= 4 * K || (size + half - 1) / half > maxParts).as("smallest for %d", size).isTrue();
      }
    }
  }

  @Test
  void aFileTooLargeForTheLargestPartIsRefusedAndTheFrameBoundsThePart() {
    long oneTib = (long) Manifest.MAX_PARTS * FileConfig.MAX_PART_SIZE;
    assertThat(Manifest.partSizeFor(oneTib, 256 * K, Manifest.MAX_PARTS, MAX)).isEqualTo(FileConfig.MAX_PART_SIZE);
    assertThatThrownBy(() -> Manifest.partSizeFor(oneTib + 1, 256 * K, Manifest.MAX_PARTS, MAX))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("131072 parts");
    // A node with 1 MiB frames serves parts of at most 960 KiB: 512 KiB fits, 1 MiB does not.
    int small = Manifest.maxPartSize(1 << 20);
    assertThat(Manifest.partSizeFor(4L * 512 * K, 256 * K, 4, small)).isEqualTo(512 * K);
    assertThatThrownBy(() -> Manifest.partSizeFor(4L * 512 * K + 1, 256 * K, 4, small))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aManifestComputedAboveTheLimitHasTheLargerPartsAndTheirHashes() throws Exception {
    byte[] bytes = new byte[20 * K + 1];
    new Random(3).nextBytes(bytes);
    Path file = Files.write(dir.resolve("f.bin"), bytes);
    Manifest m = Manifest.compute(file, 4 * K, 4, MAX);
    assertThat(m.partSize()).isEqualTo(8 * K);
    assertThat(m.parts()).isEqualTo(3);
    MessageDigest d = Manifest.digest();
    for (int i = 0; i < 3; i++) {
      byte[] part = Arrays.copyOfRange(bytes, i * 8 * K, Math.min(bytes.length, (i + 1) * 8 * K));
      assertThat(m.partMatches(i, part, part.length)).isTrue();
    }
    assertThat(m.sha256()).isEqualTo(d.digest(bytes));
    // Within the limit: the configured size.
    assertThat(Manifest.compute(file, 4 * K, 6, MAX).partSize()).isEqualTo(4 * K);
    // The receiver takes it as it is.
    assertThat(Manifest.fromMap(m.toMap(), MAX).sameFile(m)).isTrue();
  }

  @Test
  void aManifestWhosePartSizeIsOverTheReceiversBoundIsRefused() {
    Map<String, Object> m = manifest(64L * K, 16 * K);
    assertThat(Manifest.fromMap(m, MAX).partSize()).isEqualTo(16 * K);
    assertThat(Manifest.fromMap(m, 16 * K).partSize()).isEqualTo(16 * K);
    assertThatThrownBy(() -> Manifest.fromMap(m, 16 * K - 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("part size");
    Map<String, Object> huge = manifest(3L * FileConfig.MAX_PART_SIZE, FileConfig.MAX_PART_SIZE * 2);
    assertThatThrownBy(() -> Manifest.fromMap(huge, MAX))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("part size");
    Map<String, Object> tiny = manifest(3L * K, 1024);
    assertThatThrownBy(() -> Manifest.fromMap(tiny, MAX))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("part size");
    Map<String, Object> negative = manifest(3L * K, -4096);
    assertThatThrownBy(() -> Manifest.fromMap(negative, MAX)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aManifestOfMorePartsThanTheLimitIsRefusedBeforeItsHashesAreRead() {
    // The hashes field is empty: the part count is refused from size and part size alone.
    Map<String, Object> m = manifest((long) Manifest.MAX_PARTS * 4 * K + 1, 4 * K);
    m.put(FileWire.PART_HASHES, new byte[0]);
    assertThatThrownBy(() -> Manifest.fromMap(m, MAX))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("131072 parts");
    // A size near the largest long does not wrap around to a small part count.
    Map<String, Object> endless = manifest(0, 4 * K);
    endless.put(FileWire.SIZE, Long.MAX_VALUE);
    assertThatThrownBy(() -> Manifest.fromMap(endless, MAX))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("131072 parts");
    assertThatThrownBy(() -> Manifest.partSizeFor(Long.MAX_VALUE, 256 * K, Manifest.MAX_PARTS, MAX))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A manifest map of {@code size} bytes in parts of {@code partSize}, with zero hashes of the right length. */
  private static Map<String, Object> manifest(long size, int partSize) {
    Map<String, Object> m = new HashMap<>();
    m.put(FileWire.SIZE, size);
    m.put(FileWire.PART_SIZE, partSize);
    m.put(FileWire.SHA256, new byte[Manifest.HASH]);
    long parts = partSize > 0 ? (size + partSize - 1) / partSize : 0;
    m.put(FileWire.PART_HASHES, new byte[(int) Math.min(parts, 1 << 20) * Manifest.HASH]);
    return m;
  }
}
