package io.meshage.internal.codec;

import io.meshage.ProtocolException;
import io.meshage.routing.Lollipop;
import io.meshage.routing.Msa;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hand-written, bounds-checked binary codec of protocol frames. On the wire a frame is {@code
 * length(4) | type(1) | body}, where length counts type and body and is capped before any
 * allocation. Every count and length read is checked against the bytes that remain.
 */
public final class FrameCodec {
  /** Longest string accepted on the wire (names, namespaces, metadata, reasons). */
  public static final int MAX_STRING = 4096;

  private FrameCodec() {}

  /** Encodes {@code f} with its length prefix, appending to {@code out}. */
  public static void encode(Frame f, Bytes out) {
    encode(f, out, true);
  }

  /**
   * Encodes a DATA frame without its body's bytes, appending to {@code out}: the length prefix
   * counts the body, which the caller writes right after (the body is the frame's last field), so
   * that a large body goes to the socket without being copied into {@code out} first.
   */
  public static void encodeHead(Frame.Data d, Bytes out) {
    encode(d, out, false);
  }

  private static void encode(Frame f, Bytes out, boolean withBody) {
    int start = out.size();
    out.putInt(0);
    out.put(f.type());
    if (f instanceof Frame.Hello h) {
      out.put((byte) h.version());
      out.putString(h.namespace());
      out.putString(h.name());
      out.putLong(h.instance());
      out.putString(h.listenHost());
      out.putShort(h.listenPort());
      out.put((byte) (h.manual() ? 1 : 0));
    } else if (f instanceof Frame.MsaFrame m) {
      encodeMsa(m.msa(), out);
    } else if (f instanceof Frame.Data d) {
      out.put(d.kind());
      out.put(d.channel());
      out.putString(d.origin());
      out.putLong(d.originInstance());
      out.putLong(d.id());
      putStrings(d.path(), out);
      putStrings(d.recipients(), out);
      out.put(d.bodyType());
      out.putInt(d.body().length);
      if (withBody) {
        out.put(d.body());
      }
    } else if (f instanceof Frame.Ack a) {
      out.putString(a.origin());
      out.putLong(a.originInstance());
      out.putString(a.node());
      out.put(a.status());
      out.putInt(a.ids().length);
      for (long id : a.ids()) {
        out.putLong(id);
      }
    } else if (f instanceof Frame.Ping p) {
      out.putLong(p.nonce());
    } else if (f instanceof Frame.Bye b) {
      out.putString(b.reason());
    } else if (f instanceof Frame.Summary s) {
      out.putInt(s.entries().size());
      for (Frame.SummaryEntry e : s.entries()) {
        out.putString(e.origin());
        out.putLong(e.instance());
        out.putInt(e.sequence());
      }
    } else if (f instanceof Frame.Beacon b) {
      out.put((byte) b.version());
      out.putString(b.namespace());
      out.putString(b.name());
      out.putLong(b.instance());
      out.putString(b.listenHost());
      out.putShort(b.listenPort());
      out.putShort(Math.min(b.wanted(), 0xFFFF));
      out.putInt(b.meshSize());
    }
    int bodyLeft = withBody || !(f instanceof Frame.Data d) ? 0 : d.body().length;
    out.putIntAt(start, out.size() - start - 4 + bodyLeft);
  }

  /** Encodes one frame into a fresh array (length prefix included). */
  public static byte[] toBytes(Frame f) {
    Bytes b = new Bytes(64);
    encode(f, b);
    return b.toArray();
  }

  /**
   * Decodes one frame from {@code in}, which holds exactly type and body (no length prefix).
   *
   * @throws ProtocolException on any malformed input
   */
  public static Frame decode(ByteBuffer in) {
    return decode(in, null);
  }

  /**
   * Decodes one frame as {@link #decode(ByteBuffer)}, taking the names in DATA and ACK frames from
   * {@code names} (one link's cache; null for none).
   *
   * @throws ProtocolException on any malformed input
   */
  public static Frame decode(ByteBuffer in, NameCache names) {
    try {
      Frame f = decodeBody(in, names);
      if (in.hasRemaining()) {
        throw new ProtocolException(in.remaining() + " trailing bytes after " + name(f));
      }
      return f;
    } catch (BufferUnderflowException e) {
      throw new ProtocolException("truncated frame");
    } catch (IllegalArgumentException e) {
      throw new ProtocolException("invalid frame: " + e.getMessage());
    }
  }

  /** Decodes one whole length-prefixed frame held in a buffer (a datagram, a simulated wire). */
  public static Frame decodeDatagram(ByteBuffer in, int maxFrame) {
    if (in.remaining() < 5) {
      throw new ProtocolException("datagram of " + in.remaining() + " bytes is too short");
    }
    int length = in.getInt();
    checkLength(length, maxFrame);
    if (length != in.remaining()) {
      throw new ProtocolException("datagram length " + length + " but " + in.remaining() + " bytes");
    }
    return decode(in);
  }

  /** Checks a length prefix before anything is allocated for it. */
  public static void checkLength(int length, int maxFrame) {
    if (length < 1 || length > maxFrame) {
      throw new ProtocolException("frame length " + length + " outside [1, " + maxFrame + "]");
    }
  }

  private static String name(Frame f) {
    return f.getClass().getSimpleName();
  }

  private static Frame decodeBody(ByteBuffer in, NameCache names) {
    byte type = in.get();
    return switch (type) {
      case 1 -> new Frame.Hello(
          in.get() & 0xFF,
          NameRule.require(getString(in), "HELLO namespace"),
          NameRule.require(getString(in), "HELLO name"),
          in.getLong(),
          getString(in),
          in.getShort() & 0xFFFF,
          in.get() != 0);
      case 2 -> new Frame.MsaFrame(decodeMsa(in));
      case 3 -> decodeData(in, names);
      case 4 -> decodeAck(in, names);
      case 5 -> new Frame.Ping(in.getLong());
      case 7 -> new Frame.Bye(getString(in));
      case 8 -> decodeSummary(in);
      case 9 -> new Frame.Beacon(
          in.get() & 0xFF,
          NameRule.require(getString(in), "beacon namespace"),
          NameRule.require(getString(in), "beacon name"),
          in.getLong(),
          getString(in),
          in.getShort() & 0xFFFF,
          in.getShort() & 0xFFFF,
          in.getInt());
      default -> throw new ProtocolException("unknown frame type " + type);
    };
  }

  private static void encodeMsa(Msa m, Bytes out) {
    out.putString(m.origin());
    out.putLong(m.instance());
    out.putInt(m.sequence());
    out.putShort(m.neighbors().size());
    for (String n : m.neighbors()) {
      out.putString(n);
    }
    out.putShort(m.metadata().size());
    for (Map.Entry<String, String> e : m.metadata().entrySet()) {
      out.putString(e.getKey());
      out.putString(e.getValue());
    }
  }

  private static Msa decodeMsa(ByteBuffer in) {
    String origin = NameRule.require(getString(in), "MSA origin");
    long instance = in.getLong();
    int sequence = in.getInt();
    if (!Lollipop.isValid(sequence)) {
      throw new ProtocolException("MSA sequence " + sequence + " is not a lollipop value");
    }
    int n = count(in, in.getShort() & 0xFFFF, 2);
    Set<String> neighbors = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      neighbors.add(NameRule.require(getString(in), "MSA neighbour"));
    }
    int m = count(in, in.getShort() & 0xFFFF, 4);
    Map<String, String> metadata = new LinkedHashMap<>();
    for (int i = 0; i < m; i++) {
      metadata.put(getString(in), getString(in));
    }
    return new Msa(origin, instance, sequence, neighbors, metadata);
  }

  private static Frame.Data decodeData(ByteBuffer in, NameCache names) {
    byte kind = in.get();
    if (kind != Frame.SET && kind != Frame.BROADCAST && kind != Frame.USET) {
      throw new ProtocolException("unknown DATA kind " + kind);
    }
    byte channel = in.get();
    String origin = NameRule.require(getString(in, names), "DATA origin");
    long instance = in.getLong();
    long id = in.getLong();
    List<String> path = getNames(in, names, "DATA path entry");
    List<String> recipients = getNames(in, names, "DATA recipient");
    byte bodyType = in.get();
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new ProtocolException("DATA body length " + length + " but " + in.remaining() + " left");
    }
    byte[] body = new byte[length];
    in.get(body);
    return new Frame.Data(kind, channel, origin, instance, id, path, recipients, bodyType, body);
  }

  private static Frame.Ack decodeAck(ByteBuffer in, NameCache names) {
    String origin = NameRule.require(getString(in, names), "ACK origin");
    long instance = in.getLong();
    String node = NameRule.require(getString(in, names), "ACK node");
    byte status = in.get();
    if (status < Frame.ACK_DELIVERED || status > Frame.ACK_REJECTED) {
      throw new ProtocolException("unknown ACK status " + status);
    }
    int n = count(in, in.getInt(), 8);
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = in.getLong();
    }
    return new Frame.Ack(origin, instance, node, status, ids);
  }

  private static Frame.Summary decodeSummary(ByteBuffer in) {
    int n = count(in, in.getInt(), 14);
    List<Frame.SummaryEntry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String origin = NameRule.require(getString(in), "summary origin");
      long instance = in.getLong();
      int sequence = in.getInt();
      if (!Lollipop.isValid(sequence)) {
        throw new ProtocolException("summary sequence " + sequence + " is not a lollipop value");
      }
      entries.add(new Frame.SummaryEntry(origin, instance, sequence));
    }
    return new Frame.Summary(entries);
  }

  private static void putStrings(List<String> list, Bytes out) {
    out.putShort(list.size());
    for (String s : list) {
      out.putString(s);
    }
  }

  /** A list of node names, each checked by the {@link NameRule} ({@code what} names the field). */
  private static List<String> getNames(ByteBuffer in, NameCache names, String what) {
    int n = count(in, in.getShort() & 0xFFFF, 2);
    if (n == 0) {
      return List.of();
    }
    if (n == 1) {
      String s = NameRule.require(getString(in, names), what);
      return names == null ? List.of(s) : names.singleton(s);
    }
    String[] list = new String[n];
    for (int i = 0; i < n; i++) {
      list[i] = NameRule.require(getString(in, names), what);
    }
    return List.of(list);
  }

  /** Checks that {@code n} elements of at least {@code minSize} bytes each can still follow. */
  private static int count(ByteBuffer in, int n, int minSize) {
    if (n < 0 || (long) n * minSize > in.remaining()) {
      throw new ProtocolException("count " + n + " exceeds the " + in.remaining() + " bytes left");
    }
    return n;
  }

  static String getString(ByteBuffer in) {
    return getString(in, null);
  }

  private static String getString(ByteBuffer in, NameCache names) {
    int length = in.getShort() & 0xFFFF;
    if (length > MAX_STRING || length > in.remaining()) {
      throw new ProtocolException("string length " + length + " but " + in.remaining() + " left");
    }
    try {
      return names == null ? Utf8.read(in, length, "string") : names.read(in, length);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(e.getMessage());
    }
  }
}
