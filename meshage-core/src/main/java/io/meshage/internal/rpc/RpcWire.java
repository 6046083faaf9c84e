package io.meshage.internal.rpc;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The wire form of RPC requests and replies on the RPC channel; decoding is bounds-checked and
 * fails with {@link IllegalArgumentException} on truncated or hostile bytes.
 *
 * <p>Layout (big-endian): {@code version(1) kind(1) call(8)}, then for a request {@code
 * replyWanted(1) method(string) argType(1) arg(rest)}, for a reply {@code status(1)} and either
 * {@code valueType(1) value(rest)} (OK) or {@code errorClass(string) error(string)}. A string is a
 * 2-byte length and UTF-8; the type bytes are the body codec's, or {@link #NULL} for null.
 */
final class RpcWire {
  static final byte VERSION = 1;
  static final byte REQUEST = 1;
  static final byte REPLY = 2;

  /** Type byte of a null argument or return value. */
  static final byte NULL = 0x7F;

  static final byte OK = 0;
  static final byte REMOTE_ERROR = 1;
  static final byte NO_SUCH_METHOD = 2;

  /** Longest error text carried in a reply (characters). */
  static final int MAX_ERROR_CHARS = 2_000;

  private static final int HEADER = 10;

  private RpcWire() {}

  /** A decoded request. */
  record Request(long call, boolean replyWanted, String method, byte argType, byte[] arg) {}

  /** A decoded reply; {@code type} and {@code value} only for OK. */
  record Reply(long call, byte status, byte type, byte[] value, String errorClass, String error) {}

  static byte[] request(long call, boolean replyWanted, String method, byte argType, byte[] arg) {
    byte[] name = utf8(method);
    ByteBuffer b = ByteBuffer.allocate(HEADER + 1 + 2 + name.length + 1 + arg.length);
    header(b, REQUEST, call);
    b.put((byte) (replyWanted ? 1 : 0)).putShort((short) name.length).put(name).put(argType).put(arg);
    return b.array();
  }

  static byte[] okReply(long call, byte type, byte[] value) {
    ByteBuffer b = ByteBuffer.allocate(HEADER + 2 + value.length);
    header(b, REPLY, call);
    b.put(OK).put(type).put(value);
    return b.array();
  }

  static byte[] errorReply(long call, byte status, String errorClass, String error) {
    byte[] c = utf8(errorClass);
    byte[] e = utf8(error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) + "..." : error);
    ByteBuffer b = ByteBuffer.allocate(HEADER + 1 + 4 + c.length + e.length);
    header(b, REPLY, call);
    b.put(status).putShort((short) c.length).put(c).putShort((short) e.length).put(e);
    return b.array();
  }

  /** The kind byte of {@code bytes}, after checking the version; IllegalArgumentException if bad. */
  static byte kind(byte[] bytes) {
    if (bytes.length < HEADER) {
      throw new IllegalArgumentException("RPC message of " + bytes.length + " bytes is truncated");
    }
    if (bytes[0] != VERSION) {
      throw new IllegalArgumentException("RPC message of unknown version " + bytes[0]);
    }
    if (bytes[1] != REQUEST && bytes[1] != REPLY) {
      throw new IllegalArgumentException("RPC message of unknown kind " + bytes[1]);
    }
    return bytes[1];
  }

  static Request decodeRequest(byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      b.position(2);
      long call = b.getLong();
      byte flags = b.get();
      String method = string(b);
      byte type = b.get();
      return new Request(call, (flags & 1) != 0, method, type, rest(b));
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("RPC request is truncated");
    }
  }

  static Reply decodeReply(byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      b.position(2);
      long call = b.getLong();
      byte status = b.get();
      if (status == OK) {
        byte type = b.get();
        return new Reply(call, status, type, rest(b), null, null);
      }
      if (status != REMOTE_ERROR && status != NO_SUCH_METHOD) {
        throw new IllegalArgumentException("RPC reply of unknown status " + status);
      }
      String errorClass = string(b);
      String error = string(b);
      if (b.hasRemaining()) {
        throw new IllegalArgumentException("RPC reply has " + b.remaining() + " trailing bytes");
      }
      return new Reply(call, status, (byte) 0, null, errorClass, error);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("RPC reply is truncated");
    }
  }

  private static void header(ByteBuffer b, byte kind, long call) {
    b.put(VERSION).put(kind).putLong(call);
  }

  private static String string(ByteBuffer b) {
    int n = b.getShort() & 0xFFFF;
    if (n > b.remaining()) {
      throw new IllegalArgumentException("RPC string of " + n + " bytes exceeds the " + b.remaining() + " left");
    }
    byte[] s = new byte[n];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  private static byte[] rest(ByteBuffer b) {
    return Arrays.copyOfRange(b.array(), b.position(), b.limit());
  }

  private static byte[] utf8(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0xFFFF) {
      throw new IllegalArgumentException("string of " + bytes.length + " UTF-8 bytes is too long (max 65535)");
    }
    return bytes;
  }
}
