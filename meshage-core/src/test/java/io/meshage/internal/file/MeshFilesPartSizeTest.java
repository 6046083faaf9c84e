package io.meshage.internal.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.file.FileConfig;
import io.meshage.file.TransferStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over real sockets (127.0.0.1, ephemeral ports): a file of more parts than the source's part
 * limit (lowered here to 4, so the file stays small) travels in the larger parts the source chose
 * and says in its manifest; a receiver whose frames cannot carry such parts refuses the manifest
 * and fetches nothing.
 */
@Timeout(60)
class MeshFilesPartSizeTest {
  private static final int K = 1024;
  private final List<MeshNode> nodes = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void closeAll() {
    nodes.forEach(MeshNode::close);
  }

  private MeshNode start(String name, UnaryOperator<MeshConfig.Builder> mesh) throws Exception {
    FileConfig files = FileConfig.builder(dir.resolve(name)).partSize(4 * K).build();
    MeshNode n = MeshNode.start(mesh.apply(MeshConfig.local(name).degree(0).discoveryPort(0).port(0).files(files)).build());
    for (MeshNode other : nodes) {
      n.dial("127.0.0.1:" + other.listenAddress().getPort());
    }
    nodes.add(n);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (MeshNode x : nodes) {
      while (x.broadcastRecipients().size() < nodes.size() - 1) {
        assertThat(System.nanoTime()).as("the mesh forms").isLessThan(deadline);
        LockSupport.parkNanos(1_000_000);
      }
    }
    return n;
  }

  private static byte[] write(MeshNode n, String path, int size) throws Exception {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    Path p = n.files().config().folder().resolve(path);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
    return bytes;
  }

  @Test
  void aFileAboveThePartLimitTravelsInTheLargerPartsTheSourceChose() throws Exception {
    MeshNode a = start("a", b -> b);
    MeshNode b = start("b", x -> x);
    ((LocalFiles) a.files()).server().maxParts = 4;
    byte[] bytes = write(a, "big.bin", 40 * K + 5); // 11 parts of 4 KiB, 3 of 16 KiB
    Path got = b.files().get("big.bin").future().get(30, TimeUnit.SECONDS);
    assertThat(Files.readAllBytes(got)).isEqualTo(bytes);
    TransferStatus s = b.files().status().get(0);
    assertThat(s.partsTotal()).isEqualTo(3);
    assertThat(a.files().partsServed()).isEqualTo(3);
    assertThat(((LocalFiles) a.files()).server().manifest(a.files().config().folder().resolve("big.bin"))
        .get(10, TimeUnit.SECONDS).partSize()).isEqualTo(16 * K);
  }

  @Test
  void aReceiverRefusesAManifestWhosePartsItsFramesCannotCarry() throws Exception {
    MeshNode a = start("a", x -> x);
    // 128 KiB frames: this receiver takes parts of at most 64 KiB.
    MeshNode b = start("b", x -> x.maxFrameSize(128 * K));
    ((LocalFiles) a.files()).server().maxParts = 4;
    write(a, "big.bin", 4 * 128 * K); // 4 parts of 128 KiB at the source's limit of 4
    assertThatThrownBy(() -> b.files().get("big.bin").future().get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("no node offered a manifest of big.bin this node can take")
        .hasMessageContaining("part size");
    assertThat(a.files().partsServed()).isZero();
    try (var listed = Files.list(b.files().config().downloads())) {
      assertThat(listed.toList()).as("no part file").isEmpty();
    }
  }
}
