package io.meshage.internal.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.file.FileConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file over a keyed link (every write one AES-GCM record): parts longer than the link writer's
 * direct buffer go out sealed in slices and arrive whole, and the link's control frames keep it up.
 */
@Timeout(60)
class MeshFilesKeyedTest {
  private static final byte[] KEY = new byte[32];

  static {
    Arrays.fill(KEY, (byte) 7);
  }

  @TempDir Path dir;

  private MeshNode start(String name) throws Exception {
    FileConfig files = FileConfig.builder(dir.resolve(name)).partSize(600 * 1024).build();
    return MeshNode.start(MeshConfig.local(name).key(KEY).degree(0).discoveryPort(0).port(0).files(files).build());
  }

  @Test
  void partsLongerThanTheWritersBufferArriveWholeOnAKeyedLink() throws Exception {
    try (MeshNode a = start("ka");
        MeshNode b = start("kb")) {
      b.dial("127.0.0.1:" + a.listenAddress().getPort());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!b.broadcastRecipients().contains("ka") || !a.broadcastRecipients().contains("kb")) {
        assertThat(System.nanoTime()).as("the keyed link comes up").isLessThan(deadline);
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
      }
      byte[] bytes = new byte[5 * 600 * 1024 + 4321];
      new Random(5).nextBytes(bytes);
      Path src = a.files().config().folder().resolve("k.bin");
      Files.createDirectories(src.getParent());
      Files.write(src, bytes);
      Path got = b.files().get("k.bin").future().get(30, TimeUnit.SECONDS);
      assertThat(Files.readAllBytes(got)).isEqualTo(bytes);
      assertThat(a.files().partsServed()).isEqualTo(6);
      assertThat(b.stats().get(io.meshage.Counter.LINKS_CLOSED)).isZero();
    }
  }
}
