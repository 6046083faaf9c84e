package io.meshage.internal.codec;

import io.meshage.command.MalformedDataException;
import java.nio.ByteBuffer;

/**
 * Reads big-endian values from untrusted bytes. Every read checks the remaining input first, and
 * every length is checked against the remaining input before anything is allocated; problems throw
 * {@link MalformedDataException} naming the offset. Strings follow the {@link Utf8} policy.
 */
public final class WireReader {
  private final ByteBuffer in;

  public WireReader(byte[] bytes) {
    this.in = ByteBuffer.wrap(bytes);
  }

  public int offset() {
    return in.position();
  }

  public int remaining() {
    return in.remaining();
  }

  public byte readByte(String what) {
    require(1, what);
    return in.get();
  }

  public short readShort(String what) {
    require(2, what);
    return in.getShort();
  }

  public char readChar(String what) {
    require(2, what);
    return in.getChar();
  }

  public int readInt(String what) {
    require(4, what);
    return in.getInt();
  }

  public long readLong(String what) {
    require(8, what);
    return in.getLong();
  }

  public float readFloat(String what) {
    require(4, what);
    return in.getFloat();
  }

  public double readDouble(String what) {
    require(8, what);
    return in.getDouble();
  }

  /**
   * Reads a 4-byte count of items that each take at least {@code minItemBytes} on the wire, and
   * checks that so many items can fit in the remaining input.
   */
  public int readCount(int minItemBytes, String what) {
    int at = in.position();
    require(4, what);
    int count = in.getInt();
    if (count < 0) {
      throw new MalformedDataException(what + ": negative length " + count + " at offset " + at);
    }
    if ((long) count * minItemBytes > in.remaining()) {
      throw new MalformedDataException(
          what
              + ": length "
              + count
              + " at offset "
              + at
              + " needs at least "
              + (long) count * minItemBytes
              + " bytes but only "
              + in.remaining()
              + " remain");
    }
    return count;
  }

  public byte[] readBytes(String what) {
    int length = readCount(1, what);
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  public String readString(String what) {
    int length = readCount(1, what);
    try {
      return Utf8.read(in, length, what);
    } catch (IllegalArgumentException e) {
      throw new MalformedDataException(e.getMessage() + " (string at offset " + in.position() + ")", e);
    }
  }

  public void expectEnd(String what) {
    if (in.hasRemaining()) {
      throw new MalformedDataException(
          what + ": " + in.remaining() + " trailing bytes at offset " + in.position());
    }
  }

  private void require(int bytes, String what) {
    if (in.remaining() < bytes) {
      throw new MalformedDataException(
          what
              + ": truncated, needs "
              + bytes
              + " bytes at offset "
              + in.position()
              + " but only "
              + in.remaining()
              + " remain");
    }
  }
}
