package io.meshage.command;

/**
 * The type of one {@link Property} of a {@link TransportData} schema, with the Java type its getter
 * returns and the default an unset property reads as.
 *
 * <p>Unsigned types hold their value in the next wider Java type (an {@code UINT32} is a {@code
 * long} in 0..4294967295) and setters reject values out of range; {@code UINT64} is the exception:
 * it is a {@code long} read as unsigned ({@link Long#toUnsignedString(long)}), so every {@code
 * long} is accepted. The aliases {@link #INT}, {@link #LONG}, {@link #BYTE}, {@link #FLOAT} and
 * {@link #DOUBLE} name the types Java programmers reach for first.
 */
public enum Type {
  /** {@code boolean}; default {@code false}. */
  BOOL(1, "boolean"),
  /** Signed 8 bits, {@code byte}; default 0. */
  INT8(2, "byte"),
  /** Unsigned 8 bits, an {@code int} in 0..255; default 0. */
  UINT8(3, "int in 0..255"),
  /** Signed 16 bits, {@code short}; default 0. */
  INT16(4, "short"),
  /** Unsigned 16 bits, an {@code int} in 0..65535; default 0. */
  UINT16(5, "int in 0..65535"),
  /** Signed 32 bits, {@code int}; default 0. */
  INT32(6, "int"),
  /** Unsigned 32 bits, a {@code long} in 0..4294967295; default 0. */
  UINT32(7, "long in 0..4294967295"),
  /** Signed 64 bits, {@code long}; default 0. */
  INT64(8, "long"),
  /** Unsigned 64 bits carried in a {@code long} (read it as unsigned); default 0. */
  UINT64(9, "long (unsigned)"),
  /** IEEE 754 single precision, {@code float}; default 0.0. */
  FLOAT32(10, "float"),
  /** IEEE 754 double precision, {@code double}; default 0.0. */
  FLOAT64(11, "double"),
  /** Unicode text, sent as UTF-8; default {@code ""}. */
  STRING(12, "String"),
  /** Raw bytes, {@code byte[]}; default an empty array. */
  BYTES(13, "byte[]"),
  /** {@code boolean[]}; default empty. */
  BOOL_ARRAY(14, "boolean[]"),
  /** {@code short[]}; default empty. */
  INT16_ARRAY(15, "short[]"),
  /** {@code int[]} of values in 0..65535; default empty. */
  UINT16_ARRAY(16, "int[] of 0..65535"),
  /** {@code int[]}; default empty. */
  INT32_ARRAY(17, "int[]"),
  /** {@code long[]} of values in 0..4294967295; default empty. */
  UINT32_ARRAY(18, "long[] of 0..4294967295"),
  /** {@code long[]}; default empty. */
  INT64_ARRAY(19, "long[]"),
  /** {@code long[]} read as unsigned; default empty. */
  UINT64_ARRAY(20, "long[] (unsigned)"),
  /** {@code float[]}; default empty. */
  FLOAT32_ARRAY(21, "float[]"),
  /** {@code double[]}; default empty. */
  FLOAT64_ARRAY(22, "double[]"),
  /** {@code List<String>}; default empty. */
  STRING_ARRAY(23, "List<String>"),
  /** {@code List<byte[]>}, for example packed instances of another schema; default empty. */
  BYTES_ARRAY(24, "List<byte[]>");

  /** Alias of {@link #INT32}. */
  public static final Type INT = INT32;

  /** Alias of {@link #INT64}. */
  public static final Type LONG = INT64;

  /** Alias of {@link #UINT8}. */
  public static final Type BYTE = UINT8;

  /** Alias of {@link #FLOAT32}. */
  public static final Type FLOAT = FLOAT32;

  /** Alias of {@link #FLOAT64}. */
  public static final Type DOUBLE = FLOAT64;

  private static final Type[] BY_CODE = new Type[32];

  static {
    for (Type type : values()) {
      BY_CODE[type.code] = type;
    }
  }

  private final int code;
  private final String javaType;

  Type(int code, String javaType) {
    this.code = code;
    this.javaType = javaType;
  }

  /** The byte that marks this type on the wire. */
  int code() {
    return code;
  }

  /** The Java type of the value, as said in error messages. */
  String javaType() {
    return javaType;
  }

  /** The type with the given wire code, or {@code null} if there is none. */
  static Type ofCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
