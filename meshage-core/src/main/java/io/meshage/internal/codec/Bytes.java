package io.meshage.internal.codec;

import java.util.Arrays;

/** A growable big-endian byte array for encoding frames. */
public final class Bytes {
  private byte[] buf;
  private int size;

  public Bytes(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  public int size() {
    return size;
  }

  public byte[] array() {
    return buf;
  }

  public void clear() {
    size = 0;
  }

  public byte[] toArray() {
    return Arrays.copyOf(buf, size);
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  public void put(byte b) {
    ensure(1);
    buf[size++] = b;
  }

  public void put(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
  }

  public void putShort(int v) {
    if (v < 0 || v > 0xFFFF) {
      throw new IllegalArgumentException("value " + v + " does not fit in 16 bits");
    }
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  public void putInt(int v) {
    ensure(4);
    putIntAt(size, v);
    size += 4;
  }

  public void putIntAt(int at, int v) {
    buf[at] = (byte) (v >>> 24);
    buf[at + 1] = (byte) (v >>> 16);
    buf[at + 2] = (byte) (v >>> 8);
    buf[at + 3] = (byte) v;
  }

  public void putLong(long v) {
    putInt((int) (v >>> 32));
    putInt((int) v);
  }

  /** UTF-8 ({@link Utf8} policy) of short strings seen recently (node names mostly), shared by all encoders. */
  private static final java.util.concurrent.ConcurrentHashMap<String, byte[]> UTF8 =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final int UTF8_CACHE_LIMIT = 16_384;

  private static byte[] utf8(String s) {
    if (s.length() > 64) {
      return Utf8.encode(s, "frame string");
    }
    byte[] b = UTF8.get(s);
    if (b == null) {
      b = Utf8.encode(s, "frame string");
      if (UTF8.size() >= UTF8_CACHE_LIMIT) {
        UTF8.clear();
      }
      UTF8.put(s, b);
    }
    return b;
  }

  public void putString(String s) {
    byte[] b = utf8(s);
    if (b.length > FrameCodec.MAX_STRING) {
      throw new IllegalArgumentException("string of " + b.length + " bytes exceeds " + FrameCodec.MAX_STRING);
    }
    putShort(b.length);
    put(b);
  }
}
