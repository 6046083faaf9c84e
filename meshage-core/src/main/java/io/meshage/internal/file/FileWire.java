package io.meshage.internal.file;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The file layer's reserved command and RPC ids and the fields of their request and answer maps.
 * LIST asks a node for the files matching a glob; INFO for one file's manifest and, when the node
 * is still fetching it, the parts it holds; PART (a bulk RPC: its answers travel as bulk frames)
 * for the bytes of one part of one version of a file.
 */
final class FileWire {
  static final int LIST = 400;
  static final int INFO = 401;
  static final int PART = 402;

  static final String GLOB = "glob";
  static final String FILES = "files";
  static final String PATH = "path";
  static final String SIZE = "size";
  static final String PART_SIZE = "partSize";
  static final String SHA256 = "sha256";
  static final String PART_HASHES = "partHashes";
  static final String FOUND = "found";
  static final String COMPLETE = "complete";
  /** The parts a node still fetching a file holds, as a bit set ({@link java.util.BitSet#toByteArray}). */
  static final String HAVE = "have";
  /**
   * The parts a node still fetching a file has asked for and not yet received (a bit set): other
   * receivers do not ask a complete source for them, so that its uploads differ.
   */
  static final String FETCHING = "fetching";
  /** In an INFO answer of a node that does not know the manifest yet: it is fetching the file too. */
  static final String GETTING = "getting";
  /** In an INFO request: the asker knows the manifest and wants only who holds which parts. */
  static final String HAVE_ONLY = "haveOnly";

  private FileWire() {}

  /** A part request: the file's SHA-256, the part's index, the path. */
  static byte[] partRequest(byte[] sha, int part, String path) {
    byte[] p = path.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(Manifest.HASH + 4 + p.length).put(sha).putInt(part).put(p).array();
  }

  /** A part request for any path, unchecked (tests of the serving side's checks). */
  static byte[] partRequestUnchecked(byte[] sha, int part, String path) {
    return partRequest(sha, part, path);
  }

  record PartRequest(byte[] sha, int part, String path) {}

  /** Reads a part request; throws IllegalArgumentException for one that is malformed. */
  static PartRequest readPartRequest(byte[] payload) {
    if (payload.length < Manifest.HASH + 5 || payload.length > Manifest.HASH + 4 + 4 * SafePaths.MAX_PATH) {
      throw new IllegalArgumentException("malformed part request");
    }
    ByteBuffer b = ByteBuffer.wrap(payload);
    byte[] sha = new byte[Manifest.HASH];
    b.get(sha);
    int part = b.getInt();
    if (part < 0) {
      throw new IllegalArgumentException("malformed part request");
    }
    String path = new String(payload, b.position(), b.remaining(), StandardCharsets.UTF_8);
    return new PartRequest(sha, part, SafePaths.check(path));
  }
}
