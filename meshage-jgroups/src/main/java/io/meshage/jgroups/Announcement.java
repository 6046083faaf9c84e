package io.meshage.jgroups;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a node tells the JGroups cluster: its namespace, name, TCP listen address and how many
 * links it wants. Encoded in a few bytes; decoding checks every length against what is left.
 */
record Announcement(String namespace, String name, String host, int port, int wanted) {
  static final byte VERSION = 1;
  /** Larger messages are not announcements of ours and are ignored unread. */
  static final int MAX_BYTES = 1024;

  byte[] encode() {
    byte[] ns = namespace.getBytes(StandardCharsets.UTF_8);
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] h = host.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(1 + 3 * 2 + ns.length + n.length + h.length + 4 + 4);
    b.put(VERSION);
    putString(b, ns);
    putString(b, n);
    putString(b, h);
    b.putInt(port).putInt(wanted);
    return b.array();
  }

  private static void putString(ByteBuffer b, byte[] s) {
    b.putShort((short) s.length).put(s);
  }

  /** The announcement in {@code data}, or null when it is not a well-formed one. */
  static Announcement decode(byte[] data, int offset, int length) {
    if (data == null || length <= 0 || length > MAX_BYTES) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(data, offset, length);
    try {
      if (b.get() != VERSION) {
        return null;
      }
      String ns = getString(b);
      String n = getString(b);
      String h = getString(b);
      int port = b.getInt();
      int wanted = b.getInt();
      if (ns == null || n == null || h == null || port < 1 || port > 65535 || wanted < 0 || b.hasRemaining()) {
        return null;
      }
      return new Announcement(ns, n, h, port, wanted);
    } catch (BufferUnderflowException e) {
      return null;
    }
  }

  private static String getString(ByteBuffer b) {
    int len = Short.toUnsignedInt(b.getShort());
    if (len == 0 || len > b.remaining()) {
      return null;
    }
    String s = new String(b.array(), b.arrayOffset() + b.position(), len, StandardCharsets.UTF_8);
    b.position(b.position() + len);
    return s;
  }
}
