package io.meshage.internal.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.file.FileConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over real sockets (127.0.0.1, ephemeral ports): parts that arrive ahead of the one the
 * whole-file hash waits for are kept for it (a bounded few) instead of being read back from disk,
 * and the file still checks whole (with {@code verifyWholeFile}: by default the whole file is not
 * hashed again).
 */
@Timeout(60)
class MeshFilesHashAheadTest {
  private static final int PART = 64 * 1024;
  @TempDir Path dir;

  private MeshNode start(String name) throws Exception {
    FileConfig files = FileConfig.builder(dir.resolve(name)).partSize(PART).verifyWholeFile(true).build();
    return MeshNode.start(MeshConfig.local(name).degree(0).discoveryPort(0).port(0).handlerThreads(4).files(files).build());
  }

  @Test
  void partsThatArriveBeforeAnEarlierOneAreHashedWithoutReadingThemBack() throws Exception {
    try (MeshNode a = start("a");
        MeshNode b = start("b")) {
      b.dial("127.0.0.1:" + a.listenAddress().getPort());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!b.broadcastRecipients().contains("a") || !a.broadcastRecipients().contains("b")) {
        assertThat(System.nanoTime()).as("the link comes up").isLessThan(deadline);
        LockSupport.parkNanos(1_000_000);
      }
      byte[] bytes = new byte[10 * PART - 77];
      new Random(9).nextBytes(bytes);
      Files.createDirectories(a.files().config().folder());
      Files.write(a.files().config().folder().resolve("x.bin"), bytes);
      // Part 0 is read 300 ms late: parts 1-9 arrive first.
      ((LocalFiles) a.files()).server().throttle = part -> {
        if (part == 0) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
        }
      };
      var transfer = b.files().get("x.bin");
      Download d = ((LocalFiles) b.files()).running("x.bin");
      Path got = transfer.future().get(30, TimeUnit.SECONDS);
      assertThat(Files.readAllBytes(got)).isEqualTo(bytes);
      assertThat(a.files().partsServed()).isEqualTo(10);
      assertThat(d).isNotNull();
      assertThat(d.partsReadBack()).as("parts read back from disk for the whole-file hash").isZero();
    }
  }
}
