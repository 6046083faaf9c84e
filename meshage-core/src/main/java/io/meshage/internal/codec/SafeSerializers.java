package io.meshage.internal.codec;

import com.esotericsoftware.kryo.ClassResolver;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a Kryo safe to decode hostile bytes with: every length read from the wire is checked
 * against the bytes left before anything is allocated, so a bad message fails with {@link
 * com.esotericsoftware.kryo.KryoException} (or {@link IllegalArgumentException} for an
 * unregistered class) instead of an {@link OutOfMemoryError}, {@link StackOverflowError} or any
 * other exception.
 *
 * <p>Use it exactly like this:
 *
 * <pre>{@code
 * Kryo kryo = SafeSerializers.newKryo();           // once per pooled Kryo
 * kryo.register(UserType.class);                   // same classes, same order, on every node
 * Object body = kryo.readClassAndObject(SafeSerializers.input(bytes));
 * }</pre>
 *
 * <p>{@code newKryo()} is {@code new Kryo(SafeSerializers.classResolver(), null)} followed by
 * {@code setRegistrationRequired(true)}, {@code setReferences(false)}, {@code setMaxDepth(32)} and
 * {@link #install}; a Kryo built with plain {@code new Kryo()} is refused, because its class
 * resolver reads class names from the wire (four bytes make it throw a NullPointerException).
 * Nesting is bounded by {@code setMaxDepth}, which every serializer here respects because it reads
 * elements through {@code kryo.readClassAndObject}. The Input must come from {@link
 * #input(byte[])}: fields of type {@code String} (and Kryo's own serializers for types such as
 * {@code BigInteger} or {@code BitSet}) read lengths straight from the Input, so only a checking
 * Input can stop them. References must stay off.
 *
 * <p>{@link #install} registers, with fixed ids after Kryo's built-in ids 0–8 (int, String, float,
 * boolean, byte, char, short, long, double; boxed types share the primitive's id), the classes of
 * {@link #PREREGISTERED} in order from {@value #FIRST_ID}; the first user class gets {@link
 * #FIRST_USER_ID}. Changing that list changes the wire format.
 */
public final class SafeSerializers {

  /** The id of the first class {@link #install} registers. */
  public static final int FIRST_ID = 9;

  /** The classes {@link #install} registers, in id order from {@link #FIRST_ID}. */
  public static final List<Class<?>> PREREGISTERED =
      List.of(
          byte[].class,
          boolean[].class,
          char[].class,
          short[].class,
          int[].class,
          long[].class,
          float[].class,
          double[].class,
          String[].class,
          Object[].class,
          ArrayList.class,
          LinkedList.class,
          ArrayDeque.class,
          HashSet.class,
          LinkedHashSet.class,
          TreeSet.class,
          HashMap.class,
          LinkedHashMap.class,
          TreeMap.class,
          ConcurrentHashMap.class,
          List.of().getClass(), // ImmutableCollections.ListN: List.of(), List.of(a, b, c...)
          List.of(1).getClass(), // ImmutableCollections.List12: List.of(a), List.of(a, b)
          Set.of().getClass(), // ImmutableCollections.SetN
          Set.of(1).getClass(), // ImmutableCollections.Set12
          Map.of().getClass(), // ImmutableCollections.MapN
          Map.of(1, 1).getClass(), // ImmutableCollections.Map1
          Arrays.asList().getClass()); // Arrays$ArrayList

  /** The id {@code kryo.register(UserType.class)} gives the first user class after {@link #install}. */
  public static final int FIRST_USER_ID = FIRST_ID + PREREGISTERED.size();

  /** The nesting limit {@link #newKryo} sets. */
  public static final int MAX_DEPTH = 32;

  private SafeSerializers() {}

  /**
   * A Kryo for meshage bodies: registration required, references off, depth at most {@value
   * #MAX_DEPTH}, class names refused on the wire, and {@link #install} applied.
   */
  public static Kryo newKryo() {
    Kryo kryo = new Kryo(classResolver(), null);
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false);
    kryo.setMaxDepth(MAX_DEPTH);
    install(kryo);
    return kryo;
  }

  /**
   * The class resolver a Kryo for {@link #install} must be built with: it refuses class names on
   * the wire. Use {@code new Kryo(SafeSerializers.classResolver(), null)}.
   */
  public static ClassResolver classResolver() {
    return new SafeClassResolver();
  }

  /** The Input to decode {@code bytes} from: it checks every wire length before allocating. */
  public static Input input(byte[] bytes) {
    return new SafeInput(bytes);
  }

  /**
   * Replaces the serializers of strings, arrays, collections and maps with checking ones, makes
   * them the defaults for types registered later, and registers {@link #PREREGISTERED}.
   *
   * @throws IllegalArgumentException if {@code kryo} was not built with {@link #classResolver()}
   *     or already has a class registered at one of the ids this needs
   */
  public static void install(Kryo kryo) {
    if (!(kryo.getClassResolver() instanceof SafeClassResolver)) {
      throw new IllegalArgumentException(
          "kryo reads class names from the wire: build it with SafeSerializers.newKryo() or"
              + " new Kryo(SafeSerializers.classResolver(), null)");
    }
    kryo.register(String.class, new SafeArraySerializers.StringSerializer(), 1);
    installDefaults(kryo);
    int id = FIRST_ID;
    for (Class<?> type : PREREGISTERED) {
      kryo.register(type, kryo.getDefaultSerializer(type), id++);
    }
  }

  private static void installDefaults(Kryo kryo) {
    kryo.addDefaultSerializer(byte[].class, SafeArraySerializers.BYTES);
    kryo.addDefaultSerializer(boolean[].class, SafeArraySerializers.BOOLEANS);
    kryo.addDefaultSerializer(char[].class, SafeArraySerializers.CHARS);
    kryo.addDefaultSerializer(short[].class, SafeArraySerializers.SHORTS);
    kryo.addDefaultSerializer(int[].class, SafeArraySerializers.INTS);
    kryo.addDefaultSerializer(long[].class, SafeArraySerializers.LONGS);
    kryo.addDefaultSerializer(float[].class, SafeArraySerializers.FLOATS);
    kryo.addDefaultSerializer(double[].class, SafeArraySerializers.DOUBLES);
    kryo.addDefaultSerializer(Object[].class, SafeArraySerializers.OBJECT_ARRAYS);
    kryo.addDefaultSerializer(List.of().getClass(), SafeCollectionSerializers.immutableList());
    kryo.addDefaultSerializer(List.of(1).getClass(), SafeCollectionSerializers.immutableList());
    kryo.addDefaultSerializer(Set.of().getClass(), SafeCollectionSerializers.immutableSet());
    kryo.addDefaultSerializer(Set.of(1).getClass(), SafeCollectionSerializers.immutableSet());
    kryo.addDefaultSerializer(Map.of().getClass(), SafeCollectionSerializers.immutableMap());
    kryo.addDefaultSerializer(Map.of(1, 1).getClass(), SafeCollectionSerializers.immutableMap());
    kryo.addDefaultSerializer(
        Arrays.asList().getClass(), SafeCollectionSerializers.arraysAsList());
    kryo.addDefaultSerializer(Collection.class, SafeCollectionSerializers.COLLECTIONS);
    kryo.addDefaultSerializer(Map.class, SafeCollectionSerializers.MAPS);
  }
}
