package io.meshage.internal.file;

import io.meshage.file.FileConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What identifies one version of a file: its size, its part size, the SHA-256 of every part and
 * of the whole file. Computed from disk by streaming (one part in memory), or read from a peer's
 * answer with every field checked. The source chooses the part size ({@link #partSizeFor}): the
 * configured one, larger for a file that would otherwise have more than {@link #MAX_PARTS} parts.
 */
record Manifest(long size, int partSize, byte[] sha256, byte[] partHashes) {
  static final int HASH = 32;
  /**
   * Most parts of one file (4 MiB of part hashes): with the default 256 KiB parts, files up to
   * 32 GiB; a larger file gets larger parts ({@link #partSizeFor}), up to 1 TiB with 8 MiB parts.
   */
  static final int MAX_PARTS = 1 << 17;
  /** Room a part's frame leaves under {@code maxFrameSize} for the frame and command envelope around it. */
  static final int FRAME_ROOM = 64 * 1024;

  int parts() {
    return partHashes.length / HASH;
  }

  long offset(int part) {
    return (long) part * partSize;
  }

  int length(int part) {
    return (int) Math.min(partSize, size - offset(part));
  }

  String hex() {
    return HexFormat.of().formatHex(sha256);
  }

  /**
   * Whether {@code other} is this version: the same size, part size, whole-file SHA-256 and SHA-256
   * of every part. The part hashes count too: a download checks each part against them and, unless
   * told to ({@code FileConfig.verifyWholeFile}), does not hash the whole file again, so nodes
   * that agree on the file's SHA-256 but not on its parts are different versions.
   */
  boolean sameFile(Manifest other) {
    return other != null && size == other.size && partSize == other.partSize && Arrays.equals(sha256, other.sha256)
        && Arrays.equals(partHashes, other.partHashes);
  }

  /** Whether {@code length} bytes of {@code data} are part {@code part}. */
  boolean partMatches(int part, byte[] data, int length) {
    if (length != length(part)) {
      return false;
    }
    MessageDigest d = digest();
    d.update(data, 0, length);
    return Arrays.equals(d.digest(), 0, HASH, partHashes, part * HASH, part * HASH + HASH);
  }

  static int partsOf(long size, int partSize) {
    return partsOf(size, partSize, MAX_PARTS);
  }

  private static int partsOf(long size, int partSize, int maxParts) {
    long n = ceilParts(size, partSize);
    if (n > maxParts) {
      throw new IllegalArgumentException(
          "a file of " + size + " bytes has more than " + maxParts + " parts of " + partSize + " bytes");
    }
    return (int) n;
  }

  /** Parts of {@code partSize} in {@code size} bytes (no overflow for any size a peer claims). */
  private static long ceilParts(long size, long partSize) {
    return size / partSize + (size % partSize == 0 ? 0 : 1);
  }

  /**
   * The largest part a node with frames of at most {@code maxFrameSize} bytes sends or takes:
   * {@link FileConfig#MAX_PART_SIZE}, and {@link #FRAME_ROOM} below the frame bound.
   */
  static int maxPartSize(int maxFrameSize) {
    return Math.min(FileConfig.MAX_PART_SIZE, maxFrameSize - FRAME_ROOM);
  }

  /**
   * The part size of a file of {@code size} bytes: {@code configured} when the file has at most
   * {@code maxParts} parts of it, else the smallest power of two above it that keeps the file
   * within {@code maxParts} parts. Throws IllegalArgumentException when even that is above {@code
   * maxPartSize} (the file is too large to serve).
   */
  static int partSizeFor(long size, int configured, int maxParts, int maxPartSize) {
    if (ceilParts(size, configured) <= maxParts) {
      return configured;
    }
    long p = Integer.highestOneBit(configured) * 2L;
    while (p <= maxPartSize && ceilParts(size, p) > maxParts) {
      p *= 2;
    }
    if (p > maxPartSize) {
      throw new IllegalArgumentException("a file of " + size + " bytes has more than " + maxParts
          + " parts even of the largest part size, " + maxPartSize + " bytes");
    }
    return (int) p;
  }

  /** Reads {@code file} once, one part at a time, with the part size {@link #partSizeFor} gives. */
  static Manifest compute(Path file, int configured, int maxParts, int maxPartSize) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      int partSize = partSizeFor(size, configured, maxParts, maxPartSize);
      return compute(file, ch, size, partSize, partsOf(size, partSize, maxParts));
    }
  }

  /** Reads {@code file} once, one part at a time, in parts of exactly {@code partSize} bytes. */
  static Manifest compute(Path file, int partSize) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      return compute(file, ch, size, partSize, partsOf(size, partSize));
    }
  }

  private static Manifest compute(Path file, FileChannel ch, long size, int partSize, int parts) throws IOException {
    byte[] hashes = new byte[parts * HASH];
    MessageDigest whole = digest();
    MessageDigest part = digest();
    ByteBuffer buf = ByteBuffer.allocate(Math.min(partSize, 1 << 20));
    for (int i = 0; i < parts; i++) {
      long at = (long) i * partSize;
      long end = Math.min(size, at + partSize);
      while (at < end) {
        buf.clear().limit((int) Math.min(buf.capacity(), end - at));
        int n = ch.read(buf, at);
        if (n < 0) {
          throw new IOException(file + " shrank while it was hashed");
        }
        part.update(buf.array(), 0, n);
        whole.update(buf.array(), 0, n);
        at += n;
      }
      System.arraycopy(part.digest(), 0, hashes, i * HASH, HASH);
    }
    return new Manifest(size, partSize, whole.digest(), hashes);
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(FileWire.SIZE, size);
    m.put(FileWire.PART_SIZE, partSize);
    m.put(FileWire.SHA256, sha256);
    m.put(FileWire.PART_HASHES, partHashes);
    return m;
  }

  /**
   * The manifest in a peer's answer, every field checked against the others and the bounds (a
   * part size of at most {@code maxPartSize}, this node's {@link #maxPartSize}: a part must fit
   * its frames) before anything is allocated for it; throws IllegalArgumentException naming what
   * is wrong.
   */
  static Manifest fromMap(Map<String, Object> m, int maxPartSize) {
    if (!(m.get(FileWire.SIZE) instanceof Long size) || size < 0) {
      throw new IllegalArgumentException("manifest without a valid size");
    }
    if (!(m.get(FileWire.PART_SIZE) instanceof Integer partSize)
        || partSize < FileConfig.MIN_PART_SIZE || partSize > maxPartSize) {
      throw new IllegalArgumentException("manifest without a part size of " + FileConfig.MIN_PART_SIZE + "-"
          + maxPartSize + " bytes" + (m.get(FileWire.PART_SIZE) instanceof Integer p ? ": " + p : ""));
    }
    if (!(m.get(FileWire.SHA256) instanceof byte[] sha) || sha.length != HASH) {
      throw new IllegalArgumentException("manifest without a SHA-256");
    }
    int parts = partsOf(size, partSize);
    if (!(m.get(FileWire.PART_HASHES) instanceof byte[] hashes) || hashes.length != parts * HASH) {
      throw new IllegalArgumentException("manifest whose part hashes do not match its size");
    }
    return new Manifest(size, partSize, sha, hashes);
  }

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
