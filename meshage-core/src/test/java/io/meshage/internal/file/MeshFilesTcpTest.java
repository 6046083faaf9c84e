package io.meshage.internal.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.Counter;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.RemoteHandlerException;
import io.meshage.file.FileConfig;
import io.meshage.file.FileEntry;
import io.meshage.file.Transfer;
import io.meshage.file.TransferStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files over the mesh on real sockets (127.0.0.1, ephemeral ports, nodes dial): a file fetched
 * in parts from one or several sources arrives whole and checked; paths cannot leave the folders
 * on either side; an interrupted transfer resumes with the parts it kept; corrupted parts are
 * fetched again elsewhere; a source that dies is replaced by another that holds the parts.
 */
@Timeout(120)
class MeshFilesTcpTest {
  private static final int PART = 64 * 1024;
  private final List<MeshNode> nodes = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void closeAll() {
    nodes.forEach(MeshNode::close);
  }

  private MeshNode start(String name) throws Exception {
    return start(name, b -> b);
  }

  private MeshNode start(String name, UnaryOperator<FileConfig.Builder> files) throws Exception {
    return start(name, files, b -> b);
  }

  private MeshNode start(String name, UnaryOperator<FileConfig.Builder> files, UnaryOperator<MeshConfig.Builder> mesh)
      throws Exception {
    FileConfig config = files.apply(FileConfig.builder(dir.resolve(name)).partSize(PART)).build();
    MeshNode n = MeshNode.start(mesh.apply(
        MeshConfig.local(name).degree(0).discoveryPort(0).port(0).handlerThreads(4).files(config)).build());
    for (MeshNode other : nodes) {
      n.dial("127.0.0.1:" + other.listenAddress().getPort());
    }
    nodes.add(n);
    awaitMesh(nodes.size() - 1);
    return n;
  }

  private void awaitMesh(int count) throws Exception {
    for (MeshNode n : nodes) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      n.onTopologyChange(mesh -> {
        if (n.broadcastRecipients().size() >= count) {
          done.complete(null);
        }
      });
      if (n.broadcastRecipients().size() >= count) {
        done.complete(null);
      }
      done.get(20, TimeUnit.SECONDS);
    }
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static Path write(MeshNode n, String path, byte[] bytes) throws IOException {
    Path p = n.files().config().folder().resolve(path);
    Files.createDirectories(p.getParent());
    return Files.write(p, bytes);
  }

  private static String sha(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static String sha(Path file) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        d.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private static Path fetch(MeshNode n, String path) throws Exception {
    return n.files().get(path).future().get(60, TimeUnit.SECONDS);
  }

  @Test
  void aFileArrivesWholeInCheckedPartsAndIsListedAcrossTheMesh() throws Exception {
    MeshNode a = start("a");
    MeshNode b = start("b");
    byte[] bytes = randomBytes(3 * PART + 123, 1);
    write(a, "images/x.img", bytes);

    Path got = fetch(b, "images/x.img");
    assertThat(got).isEqualTo(b.files().config().downloads().toRealPath().resolve("images/x.img"));
    assertThat(sha(got)).isEqualTo(sha(bytes));
    assertThat(Files.list(got.getParent()).map(p -> p.getFileName().toString())).containsExactly("x.img");
    TransferStatus s = b.files().status().get(0);
    assertThat(s.state()).isEqualTo(TransferStatus.State.DONE);
    assertThat(s.partsDone()).isEqualTo(4).isEqualTo(s.partsTotal());
    assertThat(s.bytesDone()).isEqualTo(bytes.length);
    assertThat(a.files().partsServed()).isEqualTo(4);

    List<FileEntry> listed = b.files().list("**").get(10, TimeUnit.SECONDS);
    assertThat(listed).extracting(FileEntry::node).containsExactly("a", "b");
    assertThat(listed).allSatisfy(e -> {
      assertThat(e.path()).isEqualTo("images/x.img");
      assertThat(e.size()).isEqualTo(bytes.length);
    });
    assertThat(listed.get(1).sha256()).isEqualTo(sha(bytes));
    assertThat(b.files().list("*.img").get(10, TimeUnit.SECONDS)).isEmpty();

    // Fetching it again: already here, nothing moves.
    assertThat(fetch(b, "images/x.img")).isEqualTo(got);
    assertThat(a.files().partsServed()).isEqualTo(4);
    assertThat(b.files().delete("images/x.img")).isTrue();
    assertThat(Files.exists(got)).isFalse();
    assertThat(b.files().delete("images/x.img")).isFalse();
  }

  @Test
  void aFileNobodyHasFailsAndFilesOffSaysHowToTurnThemOn() throws Exception {
    MeshNode a = start("a");
    start("b");
    assertThatThrownBy(() -> fetch(a, "nope.bin")).isInstanceOf(ExecutionException.class)
        .hasMessageContaining("no node has nope.bin");
    MeshNode off = MeshNode.start(MeshConfig.local("off").degree(0).discoveryPort(0).port(0).build());
    nodes.add(off);
    assertThatThrownBy(off::files).isInstanceOf(IllegalStateException.class).hasMessageContaining("--files DIR");
  }

  @Test
  void pathsCannotLeaveTheFoldersOnEitherSide() throws Exception {
    MeshNode a = start("a");
    MeshNode b = start("b");
    Path secret = Files.writeString(dir.resolve("secret.txt"), "secret");
    Files.createDirectories(a.files().config().folder());
    Files.createSymbolicLink(a.files().config().folder().resolve("link.txt"), secret);
    Files.createSymbolicLink(a.files().config().folder().resolve("out"), dir);

    for (String bad : List.of("../secret.txt", "/etc/passwd", "a/../../secret.txt", "a//b", "./x", "a\\b",
        ".meshage-x.part", "")) {
      assertThatThrownBy(() -> b.files().get(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    // The serving side refuses links that lead out: not listed, not found, no part served.
    assertThat(a.files().listLocal("**")).isEmpty();
    assertThatThrownBy(() -> fetch(b, "link.txt")).hasMessageContaining("no node has link.txt");
    assertThatThrownBy(() -> fetch(b, "out/secret.txt")).hasMessageContaining("no node has out/secret.txt");
    // A hand-made part request for a path that climbs out fails on the server.
    byte[] raw = FileWire.partRequestUnchecked(new byte[32], 0, "../secret.txt");
    assertThatThrownBy(() -> b.commands().sendRpc(FileWire.PART, "a", raw).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(RemoteHandlerException.class).hasMessageContaining("..");
    // The fetching side refuses to write through a link in its download folder.
    write(a, "out2/x.bin", randomBytes(100, 2));
    Files.createDirectories(b.files().config().downloads());
    Files.createSymbolicLink(b.files().config().downloads().resolve("out2"), dir);
    assertThatThrownBy(() -> b.files().get("out2/x.bin")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leads outside");
    assertThat(Files.exists(dir.resolve("x.bin"))).isFalse();
  }

  @Test
  void anInterruptedTransferResumesWithThePartsItKept() throws Exception {
    MeshNode a = start("a");
    MeshNode b = start("b");
    byte[] bytes = randomBytes(10 * PART, 3);
    write(a, "big.bin", bytes);
    // What an interrupted transfer leaves: the temporary file at full size with parts 0-5 in it
    // (part 3 torn) and zeros after.
    Path temp = b.files().config().downloads().resolve(".meshage-big.bin.part");
    Files.createDirectories(temp.getParent());
    byte[] kept = new byte[bytes.length];
    System.arraycopy(bytes, 0, kept, 0, 6 * PART);
    kept[3 * PART + 17] ^= 1;
    Files.write(temp, kept);

    assertThat(sha(fetch(b, "big.bin"))).isEqualTo(sha(bytes));
    assertThat(a.files().partsServed()).as("parts 3 and 6-9 only").isEqualTo(5);
    assertThat(Files.exists(temp)).isFalse();
  }

  @Test
  void aNodeThatAgreesOnTheFilesSha256ButNotOnItsPartsIsAnotherVersionAndIsNotUsed() throws Exception {
    MeshNode a = start("a");
    MeshNode c = start("c");
    MeshNode d = start("d");
    MeshNode b = start("b");
    byte[] bytes = randomBytes(8 * PART, 11);
    byte[] other = randomBytes(8 * PART, 12);
    write(a, "x.bin", bytes);
    write(c, "x.bin", bytes);
    Path lie = write(d, "x.bin", other);
    // d claims the real file's SHA-256, with the part hashes of what it holds: its parts would
    // pass a check against its own manifest.
    Manifest real = Manifest.compute(write(b, "ref.bin", bytes), PART);
    Manifest held = Manifest.compute(lie, PART);
    ((LocalFiles) d.files()).server().learned(lie, new Manifest(held.size(), held.partSize(), real.sha256(), held.partHashes()));
    assertThat(real.sameFile(new Manifest(real.size(), real.partSize(), real.sha256(), held.partHashes()))).isFalse();

    for (int round = 0; round < 3; round++) {
      Path got = fetch(b, "x.bin");
      assertThat(sha(got)).isEqualTo(sha(bytes));
      assertThat(b.files().delete("x.bin")).isTrue();
    }
    assertThat(d.files().partsServed()).as("parts d served").isZero();
    assertThat(a.files().partsServed() + c.files().partsServed()).isEqualTo(3 * 8);
  }

  @Test
  void whenAsManyNodesOfferOtherPartHashesForTheFilesSha256TheWholeFileIsHashedAndNeverWrong() throws Exception {
    MeshNode a = start("a");
    MeshNode d = start("d");
    MeshNode b = start("b");
    byte[] bytes = randomBytes(6 * PART, 13);
    write(a, "x.bin", bytes);
    Path lie = write(d, "x.bin", randomBytes(6 * PART, 14));
    Manifest real = Manifest.compute(write(b, "ref.bin", bytes), PART);
    Manifest held = Manifest.compute(lie, PART);
    ((LocalFiles) d.files()).server().learned(lie, new Manifest(held.size(), held.partSize(), real.sha256(), held.partHashes()));

    // One against one: whichever manifest the download takes, the whole file is hashed, so it
    // either arrives right or fails saying so; it never arrives as d's bytes.
    for (int round = 0; round < 4; round++) {
      Transfer t = b.files().get("x.bin");
      try {
        Path got = t.future().get(60, TimeUnit.SECONDS);
        assertThat(sha(got)).isEqualTo(sha(bytes));
        assertThat(b.files().delete("x.bin")).isTrue();
      } catch (ExecutionException e) {
        assertThat(e.getCause()).hasMessageContaining("does not match its SHA-256");
      }
    }
  }

  @Test
  void corruptedPartsAreFetchedAgainFromAnotherSource() throws Exception {
    MeshNode a = start("a");
    MeshNode c = start("c");
    MeshNode b = start("b", f -> f.partsPerSource(2).partsInFlight(4));
    byte[] bytes = randomBytes(16 * PART, 4);
    write(a, "x.bin", bytes);
    Path bad = write(c, "x.bin", bytes);
    // c hashes its good copy, then its disk rots: a byte of every part flips, size and time kept.
    assertThat(c.files().list("x.bin").get(10, TimeUnit.SECONDS)).hasSize(2);
    awaitHashed(c, "x.bin");
    FileTime time = Files.getLastModifiedTime(bad);
    try (FileChannel ch = FileChannel.open(bad, StandardOpenOption.WRITE)) {
      for (int i = 0; i < 16; i++) {
        ch.write(ByteBuffer.wrap(new byte[] {(byte) ~bytes[i * PART + 5]}), i * PART + 5);
      }
    }
    Files.setLastModifiedTime(bad, time);

    assertThat(sha(fetch(b, "x.bin"))).isEqualTo(sha(bytes));
    TransferStatus s = b.files().status().get(0);
    assertThat(s.partsCorrupt()).as("c's parts failed their check (those in flight when it struck out too)")
        .isBetween(1, Download.MAX_STRIKES + 2 - 1);
    assertThat(s.sources()).doesNotContain("c");
  }

  @Test
  void partsCorruptedByTheFaultInjectorAreRejectedAndFetchedAgain() throws Exception {
    // Seed 6 at 3%: the injector's draws for the source's bulk frames flip the 9th and the 29th
    // (two corrupt parts, fewer than the strikes that drop a source; the only source here).
    MeshNode a = start("a", f -> f, m -> m.faultInjection(true).faultSeed(6));
    MeshNode b = start("b", f -> f.partsPerSource(2).partsInFlight(4));
    byte[] bytes = randomBytes(64 * PART, 7);
    write(a, "x.bin", bytes);
    a.faults().corrupt(0.03);

    assertThat(sha(fetch(b, "x.bin"))).isEqualTo(sha(bytes));
    TransferStatus s = b.files().status().get(0);
    assertThat(a.stats().get(Counter.FAULT_CORRUPTED)).as("parts the injector corrupted").isEqualTo(2);
    assertThat(s.partsCorrupt()).as("each failed its SHA-256 at the receiver").isEqualTo(2);
    assertThat(a.files().partsServed()).as("each corrupted part served again").isEqualTo(64 + 2);
    assertThat(s.sources()).containsExactly("a");
  }

  @Test
  void aSourceThatKeepsSendingCorruptPartsIsDroppedAndOnlyPartsAreCorrupted() throws Exception {
    MeshNode a = start("a");
    MeshNode c = start("c", f -> f, m -> m.faultInjection(true).faultSeed(1));
    MeshNode b = start("b", f -> f.partsPerSource(2).partsInFlight(4));
    byte[] bytes = randomBytes(64 * PART, 8);
    write(a, "x.bin", bytes);
    write(c, "x.bin", bytes);
    awaitHashed(a, "x.bin");
    awaitHashed(c, "x.bin");
    c.faults().corrupt(1.0);
    // The good source reads each part 20 ms late, so that the transfer outlasts several refreshes
    // of who holds what (every 250 ms): c must not come back as a source with them.
    ((LocalFiles) a.files()).server().throttle = part -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    long linksClosed = b.stats().get(Counter.LINKS_CLOSED) + c.stats().get(Counter.LINKS_CLOSED);
    // Every bulk frame c sends has a byte flipped; its other frames (LIST and INFO answers,
    // keepalives, MSAs) pass untouched: c lists the file with its right SHA-256.
    assertThat(b.files().list("x.bin").get(10, TimeUnit.SECONDS))
        .extracting(FileEntry::node, FileEntry::sha256)
        .contains(org.assertj.core.groups.Tuple.tuple("c", sha(bytes)), org.assertj.core.groups.Tuple.tuple("a", sha(bytes)));

    assertThat(sha(fetch(b, "x.bin"))).isEqualTo(sha(bytes));
    TransferStatus s = b.files().status().get(0);
    long flipped = c.stats().get(Counter.FAULT_CORRUPTED);
    assertThat(flipped).as("every part c sent was corrupted").isEqualTo(c.files().partsServed());
    assertThat(s.partsCorrupt()).as("each rejected").isEqualTo((int) flipped)
        .as("c dropped after its strikes (with at most its window more in flight), not asked again")
        .isBetween(Download.MAX_STRIKES, Download.MAX_STRIKES + 1);
    assertThat(s.sources()).containsExactly("a");
    assertThat(b.stats().get(Counter.LINKS_CLOSED) + c.stats().get(Counter.LINKS_CLOSED))
        .as("no link closed").isEqualTo(linksClosed);
  }

  private static void awaitHashed(MeshNode n, String path) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (n.files().listLocal(path).get(0).sha256().isEmpty()) {
      assertThat(System.nanoTime()).as("hashed in time").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void aSourceThatDiesIsReplacedByAReceiverThatHoldsTheParts() throws Exception {
    MeshNode a = start("a");
    MeshNode b = start("b");
    MeshNode c = start("c", f -> f.partsInFlight(2).partsPerSource(1).partTimeout(Duration.ofSeconds(2)));
    byte[] bytes = randomBytes(64 * PART, 5);
    write(a, "x.bin", bytes);
    assertThat(sha(fetch(b, "x.bin"))).isEqualTo(sha(bytes));
    long linksClosed = b.stats().get(Counter.LINKS_CLOSED);

    Transfer t = c.files().get("x.bin");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (t.status().partsDone() < 4) {
      assertThat(System.nanoTime()).as("c started").isLessThan(deadline);
      Thread.onSpinWait();
    }
    a.close();
    assertThat(sha(t.future().get(60, TimeUnit.SECONDS))).isEqualTo(sha(bytes));
    assertThat(b.files().partsServed()).as("b served what a could not").isPositive();
    // a may still be listed: when b serves the rest faster than c's next refresh (250 ms), the
    // transfer ends with c's last request to a still waiting for its timeout (seen once in a full
    // build after the link writer got faster); what counts is that b served it.
    assertThat(t.status().sources()).contains("b");
    assertThat(b.stats().get(Counter.LINKS_CLOSED) - linksClosed).as("only the link to a closed").isEqualTo(1);
  }

  @Test
  void receiversThatTogetherHoldEveryPartFinishFromEachOtherWhenTheSourceDies() throws Exception {
    MeshNode a = start("a");
    int parts = 64;
    byte[] bytes = randomBytes(parts * PART, 6);
    write(a, "x.bin", bytes);
    awaitHashed(a, "x.bin");
    // A slow source (each part read 100 ms late), so that the receivers' news of who holds and
    // fetches what (every 250 ms) comes while the source uploads.
    ((LocalFiles) a.files()).server().throttle = part -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    List<MeshNode> receivers = List.of(start("b"), start("c"), start("d"));
    List<Transfer> transfers = new ArrayList<>();
    for (MeshNode r : receivers) {
      transfers.add(r.files().get("x.bin"));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    BitSet union = new BitSet();
    while (union.cardinality() < parts) {
      assertThat(System.nanoTime()).as("the receivers together hold every part in time").isLessThan(deadline);
      union.clear();
      for (int i = 0; i < receivers.size(); i++) {
        Download d = ((LocalFiles) receivers.get(i).files()).running("x.bin");
        if (d != null) {
          union.or(BitSet.valueOf(d.have()));
        } else if (transfers.get(i).future().isDone()) {
          // finished between two looks (a done download leaves the running ones): it held every part
          union.set(0, parts);
        }
      }
      Thread.onSpinWait();
    }
    long served = a.files().partsServed();
    List<Integer> held = new ArrayList<>();
    for (Transfer t : transfers) {
      held.add(t.status().partsDone());
    }
    a.close();
    // Super-seeding: the source's uploads were mostly different parts (64 of 64 in three runs at
    // 100 ms a part; at 40 ms a part 64-69, once 85 under load, as news is 250 ms old; 81 once in
    // a clean-clone CI run since receivers keep their window for the source while seeding: one
    // left with nothing to ask takes claimed parts from the source after CLAIM_WAIT_NANOS; 98
    // when the receivers still chose at random among the parts nobody had claimed). The bound
    // that matters for a dying source is the one on what each receiver held, below.
    assertThat(served).as("parts the source served until the receivers together held all " + parts)
        .isLessThanOrEqualTo(parts + parts / 2);
    // Exchanges are fast beside a 100 ms source: one receiver may already be complete (CI saw
    // 62, 64, 62); the others then finish from it and each other, never from the source.
    assertThat(held).as("parts each receiver held when the source closed").anySatisfy(n -> assertThat(n).isLessThan(parts));
    // While some part was held by no receiver, each spent its window on the source's distinct
    // parts (one part from peers per eight from the source): the union was whole while each held
    // about 3/8 of the file (22-26 of 64; 25-31 with one per four), so a source dying halfway leaves a
    // swarm that can finish. Before that rule each held 62-64: the peers' exchange outran the
    // slow source. Bounded on the sum, at most two copies' worth among the three (one receiver
    // may be served more than the others when the machine is loaded: 44 and 57 of 64 were seen
    // in loaded runs, with the sum at 121; 186-192 before the rule).
    assertThat(held.stream().mapToInt(Integer::intValue).sum())
        .as("parts the receivers held together when the union became whole: " + held)
        .isLessThanOrEqualTo(2 * parts);
    for (Transfer t : transfers) {
      assertThat(sha(t.future().get(60, TimeUnit.SECONDS))).isEqualTo(sha(bytes));
    }
  }
}
