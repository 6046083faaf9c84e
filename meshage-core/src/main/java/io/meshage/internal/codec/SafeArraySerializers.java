package io.meshage.internal.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/** Array and string serializers that check each wire length against the bytes left. */
final class SafeArraySerializers {

  /** Object arrays up to this length are allocated at once; longer ones grow as elements arrive. */
  static final int PREALLOCATION_LIMIT = 1024;

  private SafeArraySerializers() {}

  static final Serializer<byte[]> BYTES =
      new PrimitiveArraySerializer<>(1, Input::readBytes, Output::writeBytes);
  static final Serializer<boolean[]> BOOLEANS =
      new PrimitiveArraySerializer<>(
          1, Input::readBooleans, (out, a) -> out.writeBooleans(a, 0, a.length));
  static final Serializer<char[]> CHARS =
      new PrimitiveArraySerializer<>(2, Input::readChars, (out, a) -> out.writeChars(a, 0, a.length));
  static final Serializer<short[]> SHORTS =
      new PrimitiveArraySerializer<>(
          2, Input::readShorts, (out, a) -> out.writeShorts(a, 0, a.length));
  static final Serializer<int[]> INTS =
      new PrimitiveArraySerializer<>(
          4, (in, n) -> in.readInts(n), (out, a) -> out.writeInts(a, 0, a.length));
  static final Serializer<long[]> LONGS =
      new PrimitiveArraySerializer<>(
          8, (in, n) -> in.readLongs(n), (out, a) -> out.writeLongs(a, 0, a.length));
  static final Serializer<float[]> FLOATS =
      new PrimitiveArraySerializer<>(
          4, Input::readFloats, (out, a) -> out.writeFloats(a, 0, a.length));
  static final Serializer<double[]> DOUBLES =
      new PrimitiveArraySerializer<>(
          8, Input::readDoubles, (out, a) -> out.writeDoubles(a, 0, a.length));

  /** Creates the serializer for one object array type, such as {@code String[]} or {@code Foo[][]}. */
  static final SerializerFactory<Serializer<Object[]>> OBJECT_ARRAYS =
      new SerializerFactory.BaseSerializerFactory<>() {
        @Override
        @SuppressWarnings("rawtypes") // SerializerFactory declares a raw Class
        public Serializer<Object[]> newSerializer(Kryo kryo, Class type) {
          return new ObjectArraySerializer(type.getComponentType());
        }

        @Override
        @SuppressWarnings("rawtypes") // SerializerFactory declares a raw Class
        public boolean isSupported(Class type) {
          return type.isArray() && !type.getComponentType().isPrimitive();
        }
      };

  /** Strings; replaces Kryo's serializer so a claimed char count is checked even on a plain Input. */
  static final class StringSerializer extends Serializer<String> {
    StringSerializer() {
      super(true, true);
    }

    @Override
    public void write(Kryo kryo, Output output, String value) {
      output.writeString(value);
    }

    @Override
    public String read(Kryo kryo, Input input, Class<? extends String> type) {
      SafeInput.checkStringLength(input);
      return input.readString();
    }
  }

  /** Fixed-width elements written in one block after a varint length plus one (zero is null). */
  private static final class PrimitiveArraySerializer<A> extends Serializer<A> {
    private final int bytesEach;
    private final BiFunction<Input, Integer, A> reader;
    private final BiConsumer<Output, A> writer;

    PrimitiveArraySerializer(
        int bytesEach, BiFunction<Input, Integer, A> reader, BiConsumer<Output, A> writer) {
      super(true);
      this.bytesEach = bytesEach;
      this.reader = reader;
      this.writer = writer;
    }

    @Override
    public void write(Kryo kryo, Output output, A array) {
      if (array == null) {
        output.writeVarInt(0, true);
        return;
      }
      output.writeVarInt(Array.getLength(array) + 1, true);
      writer.accept(output, array);
    }

    @Override
    public A read(Kryo kryo, Input input, Class<? extends A> type) {
      int lengthPlusOne = input.readVarInt(true);
      if (lengthPlusOne == 0) {
        return null;
      }
      int length = SafeInput.checkCount(input, lengthPlusOne - 1, bytesEach, "array");
      return reader.apply(input, length);
    }

    @Override
    public A copy(Kryo kryo, A original) {
      int length = Array.getLength(original);
      @SuppressWarnings("unchecked")
      A copy = (A) Array.newInstance(original.getClass().getComponentType(), length);
      System.arraycopy(original, 0, copy, 0, length);
      return copy;
    }
  }

  /**
   * Object arrays: a varint length plus one (zero is null), then each element with its class. Every
   * element takes at least one byte, and long arrays are gathered in a list first so that nested
   * arrays cannot each claim the whole message up front.
   */
  private static final class ObjectArraySerializer extends Serializer<Object[]> {
    private final Class<?> componentType;

    ObjectArraySerializer(Class<?> componentType) {
      super(true);
      this.componentType = componentType;
    }

    @Override
    public void write(Kryo kryo, Output output, Object[] array) {
      if (array == null) {
        output.writeVarInt(0, true);
        return;
      }
      output.writeVarInt(array.length + 1, true);
      for (Object element : array) {
        kryo.writeClassAndObject(output, element);
      }
    }

    @Override
    public Object[] read(Kryo kryo, Input input, Class<? extends Object[]> type) {
      int lengthPlusOne = input.readVarInt(true);
      if (lengthPlusOne == 0) {
        return null;
      }
      int length = SafeInput.checkCount(input, lengthPlusOne - 1, 1, type.getSimpleName());
      if (length <= PREALLOCATION_LIMIT) {
        Object[] array = (Object[]) Array.newInstance(componentType, length);
        kryo.reference(array);
        for (int i = 0; i < length; i++) {
          array[i] = readElement(kryo, input);
        }
        return array;
      }
      List<Object> elements = new ArrayList<>(PREALLOCATION_LIMIT);
      for (int i = 0; i < length; i++) {
        elements.add(readElement(kryo, input));
      }
      Object[] array = (Object[]) Array.newInstance(componentType, length);
      kryo.reference(array);
      return elements.toArray(array);
    }

    private Object readElement(Kryo kryo, Input input) {
      Object element = kryo.readClassAndObject(input);
      if (element != null && !componentType.isInstance(element)) {
        throw new KryoException(
            "a " + element.getClass().getName() + " cannot be stored in a "
                + componentType.getName() + " array");
      }
      return element;
    }

    @Override
    public Object[] copy(Kryo kryo, Object[] original) {
      Object[] copy = (Object[]) Array.newInstance(componentType, original.length);
      for (int i = 0; i < original.length; i++) {
        copy[i] = kryo.copy(original[i]);
      }
      return copy;
    }
  }
}
