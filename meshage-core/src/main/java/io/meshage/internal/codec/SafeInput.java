package io.meshage.internal.codec;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * A Kryo {@link Input} over one byte array that checks every length read from the wire against the
 * bytes that are left before it allocates, so a hostile length fails with {@link KryoException}
 * instead of an {@link OutOfMemoryError}.
 */
final class SafeInput extends Input {

  SafeInput(byte[] bytes) {
    super(bytes);
  }

  /** Bytes left to read; only defined for an Input over a byte array. */
  static int remaining(Input input) {
    if (input.getInputStream() != null) {
      throw new KryoException("meshage decodes only from an Input over a byte array");
    }
    return input.limit() - input.position();
  }

  /**
   * Checks that {@code count} elements of at least {@code minBytesEach} bytes fit in what is left
   * of {@code input}, and returns {@code count}.
   */
  static int checkCount(Input input, int count, int minBytesEach, String what) {
    int remaining = remaining(input);
    if (count < 0 || (long) count * minBytesEach > remaining) {
      throw new KryoException(
          what + " claims " + Integer.toUnsignedString(count) + " elements but only " + remaining
              + " bytes are left in the message");
    }
    return count;
  }

  /**
   * Reads an element count written with {@code writeVarInt(count, true)} and checks it with
   * {@link #checkCount}.
   */
  static int readCount(Input input, int minBytesEach, String what) {
    return checkCount(input, input.readVarInt(true), minBytesEach, what);
  }

  /**
   * Peeks at the char count of the string {@link Input#readString()} is about to read and rejects
   * it if it cannot fit in the bytes left (a UTF-8 char takes at least one byte). ASCII strings
   * carry no count and are bounded by the input already.
   */
  static void checkStringLength(Input input) {
    int start = input.position();
    if (remaining(input) == 0 || !input.readVarIntFlag()) {
      return; // underflow is reported by readString itself; ASCII needs no check
    }
    int countPlusOne = input.readVarIntFlag(true);
    int afterCount = input.position();
    input.setPosition(start);
    if (countPlusOne < 0 || countPlusOne - 1 > input.limit() - afterCount) {
      throw new KryoException(
          "string claims " + Integer.toUnsignedString(countPlusOne - 1) + " chars but only "
              + (input.limit() - afterCount) + " bytes are left in the message");
    }
  }

  @Override
  public String readString() {
    checkStringLength(this);
    return super.readString();
  }

  @Override
  public StringBuilder readStringBuilder() {
    checkStringLength(this);
    return super.readStringBuilder();
  }

  @Override
  public byte[] readBytes(int length) {
    return super.readBytes(checkCount(this, length, 1, "byte array"));
  }

  @Override
  public boolean[] readBooleans(int length) {
    return super.readBooleans(checkCount(this, length, 1, "boolean array"));
  }

  @Override
  public char[] readChars(int length) {
    return super.readChars(checkCount(this, length, 2, "char array"));
  }

  @Override
  public short[] readShorts(int length) {
    return super.readShorts(checkCount(this, length, 2, "short array"));
  }

  @Override
  public int[] readInts(int length) {
    return super.readInts(checkCount(this, length, 4, "int array"));
  }

  @Override
  public int[] readInts(int length, boolean optimizePositive) {
    return super.readInts(checkCount(this, length, varIntBytes(4), "int array"), optimizePositive);
  }

  @Override
  public long[] readLongs(int length) {
    return super.readLongs(checkCount(this, length, 8, "long array"));
  }

  @Override
  public long[] readLongs(int length, boolean optimizePositive) {
    return super.readLongs(checkCount(this, length, varIntBytes(8), "long array"), optimizePositive);
  }

  @Override
  public float[] readFloats(int length) {
    return super.readFloats(checkCount(this, length, 4, "float array"));
  }

  @Override
  public double[] readDoubles(int length) {
    return super.readDoubles(checkCount(this, length, 8, "double array"));
  }

  /** The least bytes a variable-length number takes: one when varints are on, else its width. */
  private int varIntBytes(int fixedWidth) {
    return getVariableLengthEncoding() ? 1 : fixedWidth;
  }
}
