package io.meshage.command;

import java.nio.ByteBuffer;

/**
 * Reads big-endian values from untrusted bytes. Every read checks the remaining input first, and
 * every length is checked against the remaining input before anything is allocated; problems throw
 * {@link MalformedDataException} naming the offset.
 */
final class WireReader {
  private final ByteBuffer in;

  WireReader(byte[] bytes) {
    this.in = ByteBuffer.wrap(bytes);
  }

  int offset() {
    return in.position();
  }

  int remaining() {
    return in.remaining();
  }

  byte readByte(String what) {
    require(1, what);
    return in.get();
  }

  short readShort(String what) {
    require(2, what);
    return in.getShort();
  }

  char readChar(String what) {
    require(2, what);
    return in.getChar();
  }

  int readInt(String what) {
    require(4, what);
    return in.getInt();
  }

  long readLong(String what) {
    require(8, what);
    return in.getLong();
  }

  float readFloat(String what) {
    require(4, what);
    return in.getFloat();
  }

  double readDouble(String what) {
    require(8, what);
    return in.getDouble();
  }

  /**
   * Reads a 4-byte count of items that each take at least {@code minItemBytes} on the wire, and
   * checks that so many items can fit in the remaining input.
   */
  int readCount(int minItemBytes, String what) {
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

  byte[] readBytes(String what) {
    int length = readCount(1, what);
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  String readString(String what) {
    int length = readCount(1, what);
    return Utf8.read(in, length, what);
  }

  void expectEnd(String what) {
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
