package io.meshage.internal.command;

import io.meshage.command.MalformedDataException;
import io.meshage.internal.codec.Utf8;
import io.meshage.internal.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire form of one command-layer message on the mesh's command channel: a version, a kind, a
 * command id, a call id and the kind's fields, then the payload. Decoding is bounds-checked and
 * throws {@link MalformedDataException} for truncated or hostile bytes.
 *
 * <p>Layout (big-endian): {@code version(1) kind(1) command(4) call(8)}, then for responses and
 * reports {@code status(1) error(string)}, for fan-out messages {@code reliable(1) limit(4)
 * depth(4) timeoutMillis(4) share(count, strings) origin(string)}, for reports {@code depth(4)
 * subject(string)},
 * and finally the payload as the remaining bytes. Strings are a 4-byte length and UTF-8 ({@link
 * Utf8}: malformed bytes are refused).
 */
record Envelope(
    byte kind,
    int command,
    long call,
    byte status,
    String error,
    boolean reliable,
    int limit,
    int depth,
    int timeoutMillis,
    List<String> share,
    String subject,
    byte[] payload) {

  static final byte VERSION = 1;

  /** A request awaiting a map response ({@code sendRequest}). */
  static final byte REQUEST = 1;
  /** The answer to a REQUEST. */
  static final byte RESPONSE = 2;
  /** A one-way command ({@code send}, {@code usend}). */
  static final byte ONE_WAY = 3;
  /** An RPC with a byte[] payload ({@code sendRpc}). */
  static final byte RPC_REQUEST = 4;
  /** The answer to an RPC_REQUEST. */
  static final byte RPC_RESPONSE = 5;
  /** A fan-out command carrying the recipient's share of the relay tree. */
  static final byte MANY = 6;
  /** A node's verdict on a MANY, sent straight to its origin. */
  static final byte REPORT = 7;

  static final byte OK = 0;
  static final byte HANDLER_ERROR = 1;
  static final byte NO_HANDLER = 2;
  static final byte UNREACHABLE = 3;
  static final byte TIMEOUT = 4;
  static final byte REJECTED = 5;

  static Envelope call(byte kind, int command, long call, byte[] payload) {
    return new Envelope(kind, command, call, OK, "", false, 0, 0, 0, List.of(), "", payload);
  }

  static Envelope answer(byte kind, int command, long call, byte status, String error, byte[] payload) {
    return new Envelope(kind, command, call, status, error, false, 0, 0, 0, List.of(), "", payload);
  }

  static Envelope many(
      int command, long call, String origin, boolean reliable, int limit, int depth,
      int timeoutMillis, List<String> share, byte[] payload) {
    return new Envelope(
        MANY, command, call, OK, "", reliable, limit, depth, timeoutMillis, List.copyOf(share),
        origin, payload);
  }

  static Envelope report(int command, long call, String subject, int depth, byte status, String error) {
    return new Envelope(
        REPORT, command, call, status, error, false, 0, depth, 0, List.of(), subject, new byte[0]);
  }

  /** This message with another share and depth (what a relay hands to a child). */
  Envelope relayed(List<String> childShare, int childDepth) {
    return many(command, call, subject, reliable, limit, childDepth, timeoutMillis, childShare, payload);
  }

  /**
   * The wire form, in one array of its exact length: a file part's answer is a quarter of a
   * mebibyte, and every copy of it is garbage the collector must pause for.
   */
  byte[] encode() {
    boolean answer = kind == RESPONSE || kind == RPC_RESPONSE || kind == REPORT;
    byte[] errorBytes = answer ? Utf8.encode(error, "command envelope string") : null;
    List<byte[]> shareBytes = new ArrayList<>(kind == MANY ? share.size() : 0);
    int size = 1 + 1 + 4 + 8 + payload.length;
    if (answer) {
      size += 1 + 4 + errorBytes.length;
    }
    if (kind == MANY) {
      size += 1 + 4 + 4 + 4 + 4;
      for (String s : share) {
        byte[] b = Utf8.encode(s, "command envelope string");
        shareBytes.add(b);
        size += 4 + b.length;
      }
    }
    if (kind == REPORT) {
      size += 4;
    }
    byte[] subjectBytes = kind == MANY || kind == REPORT ? Utf8.encode(subject, "command envelope string") : null;
    if (subjectBytes != null) {
      size += 4 + subjectBytes.length;
    }
    ByteBuffer out = ByteBuffer.wrap(new byte[size]);
    out.put(VERSION).put(kind).putInt(command).putLong(call);
    if (answer) {
      out.put(status);
      putBytes(out, errorBytes);
    }
    if (kind == MANY) {
      out.put((byte) (reliable ? 1 : 0)).putInt(limit).putInt(depth).putInt(timeoutMillis).putInt(share.size());
      for (byte[] b : shareBytes) {
        putBytes(out, b);
      }
    }
    if (kind == REPORT) {
      out.putInt(depth);
    }
    if (subjectBytes != null) {
      putBytes(out, subjectBytes);
    }
    out.put(payload);
    return out.array();
  }

  private static void putBytes(ByteBuffer out, byte[] b) {
    out.putInt(b.length).put(b);
  }

  static Envelope decode(byte[] bytes) {
    WireReader in = new WireReader(bytes);
    byte version = in.readByte("version");
    if (version != VERSION) {
      throw new MalformedDataException("command envelope version " + version + " is not " + VERSION);
    }
    byte kind = in.readByte("kind");
    if (kind < REQUEST || kind > REPORT) {
      throw new MalformedDataException("unknown command envelope kind " + kind);
    }
    int command = in.readInt("command");
    long call = in.readLong("call");
    byte status = OK;
    String error = "";
    if (kind == RESPONSE || kind == RPC_RESPONSE || kind == REPORT) {
      status = in.readByte("status");
      error = in.readString("error");
    }
    boolean reliable = false;
    int limit = 0;
    int depth = 0;
    int timeoutMillis = 0;
    List<String> share = List.of();
    if (kind == MANY) {
      reliable = in.readByte("reliable") != 0;
      limit = in.readInt("limit");
      depth = in.readInt("depth");
      timeoutMillis = in.readInt("timeout");
      int count = in.readCount(4, "share");
      List<String> names = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        names.add(in.readString("share[" + i + "]"));
      }
      share = List.copyOf(names);
      if (limit < 1) {
        throw new MalformedDataException("fan-out limit " + limit + " is not positive");
      }
    }
    String subject = "";
    if (kind == REPORT) {
      depth = in.readInt("depth");
    }
    if (kind == MANY || kind == REPORT) {
      subject = in.readString("subject");
    }
    byte[] payload = new byte[in.remaining()];
    System.arraycopy(bytes, in.offset(), payload, 0, payload.length);
    return new Envelope(
        kind, command, call, status, error, reliable, limit, depth, timeoutMillis, share, subject,
        payload);
  }
}
