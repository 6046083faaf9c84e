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
 * answer with every field checked.
 */
record Manifest(long size, int partSize, byte[] sha256, byte[] partHashes) {
  static final int HASH = 32;
  /** Most parts of one file (4 MiB of part hashes): with 1 MiB parts, files up to 128 GiB. */
  static final int MAX_PARTS = 1 << 17;

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

  boolean sameFile(Manifest other) {
    return other != null && size == other.size && partSize == other.partSize && Arrays.equals(sha256, other.sha256);
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
    long n = (size + partSize - 1) / partSize;
    if (n > MAX_PARTS) {
      throw new IllegalArgumentException(
          "a file of " + size + " bytes has more than " + MAX_PARTS + " parts of " + partSize + " bytes");
    }
    return (int) n;
  }

  /** Reads {@code file} once, one part at a time. */
  static Manifest compute(Path file, int partSize) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      int parts = partsOf(size, partSize);
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
   * The manifest in a peer's answer, every field checked against the others and the bounds;
   * throws IllegalArgumentException naming what is wrong.
   */
  static Manifest fromMap(Map<String, Object> m) {
    if (!(m.get(FileWire.SIZE) instanceof Long size) || size < 0) {
      throw new IllegalArgumentException("manifest without a valid size");
    }
    if (!(m.get(FileWire.PART_SIZE) instanceof Integer partSize)
        || partSize < FileConfig.MIN_PART_SIZE || partSize > FileConfig.MAX_PART_SIZE) {
      throw new IllegalArgumentException("manifest without a valid part size");
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
