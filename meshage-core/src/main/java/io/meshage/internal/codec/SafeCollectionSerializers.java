package io.meshage.internal.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Function;

/**
 * Collection and map serializers for hostile input: a count is checked against the bytes left
 * (every element takes at least one byte, its class id), nothing is pre-sized beyond {@link
 * SafeArraySerializers#PREALLOCATION_LIMIT}, and a failing {@code add} or {@code put} becomes a
 * {@link KryoException}.
 *
 * <p>Wire format: an optional comparator (sorted types and priority queues only, written with its
 * class, null for natural order), a varint element count, then each element (each key and value)
 * with its class.
 */
final class SafeCollectionSerializers {

  private SafeCollectionSerializers() {}

  /** Serializers for collections that have a no-argument constructor (or take a comparator). */
  static final SerializerFactory<Serializer<Collection<Object>>> COLLECTIONS =
      new SerializerFactory.BaseSerializerFactory<>() {
        @Override
        @SuppressWarnings("rawtypes") // SerializerFactory declares a raw Class
        public Serializer<Collection<Object>> newSerializer(Kryo kryo, Class type) {
          return new CollectionSerializer();
        }

        @Override
        @SuppressWarnings("rawtypes") // SerializerFactory declares a raw Class
        public boolean isSupported(Class type) {
          return Collection.class.isAssignableFrom(type)
              && !EnumSet.class.isAssignableFrom(type)
              && (takesComparator(type) || hasNoArgumentConstructor(type));
        }
      };

  /** Serializers for maps that have a no-argument constructor (or take a comparator). */
  static final SerializerFactory<Serializer<Map<Object, Object>>> MAPS =
      new SerializerFactory.BaseSerializerFactory<>() {
        @Override
        @SuppressWarnings("rawtypes") // SerializerFactory declares a raw Class
        public Serializer<Map<Object, Object>> newSerializer(Kryo kryo, Class type) {
          return new MapSerializer();
        }

        @Override
        @SuppressWarnings("rawtypes") // SerializerFactory declares a raw Class
        public boolean isSupported(Class type) {
          return Map.class.isAssignableFrom(type)
              && (takesComparator(type) || hasNoArgumentConstructor(type));
        }
      };

  /** {@code List.of}, {@code List.copyOf} and friends: read as a list, then copied. */
  static Serializer<Collection<Object>> immutableList() {
    return new CopyingCollectionSerializer(List::copyOf, true);
  }

  /** {@code Set.of} and friends: read as a linked set, then copied. */
  static Serializer<Collection<Object>> immutableSet() {
    return new CopyingCollectionSerializer(Set::copyOf, true);
  }

  /** {@code Arrays.asList}: read as a list, then wrapped. */
  static Serializer<Collection<Object>> arraysAsList() {
    return new CopyingCollectionSerializer(list -> Arrays.asList(list.toArray()), false);
  }

  /** {@code Map.of} and friends: read as a linked map, then copied. */
  static Serializer<Map<Object, Object>> immutableMap() {
    return new CopyingMapSerializer();
  }

  private static boolean takesComparator(Class<?> type) {
    return type == TreeSet.class
        || type == TreeMap.class
        || type == PriorityQueue.class
        || type == ConcurrentSkipListSet.class
        || type == ConcurrentSkipListMap.class;
  }

  private static boolean hasNoArgumentConstructor(Class<?> type) {
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      return false;
    }
    try {
      type.getDeclaredConstructor();
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static int initialCapacity(int count) {
    return Math.min(count, SafeArraySerializers.PREALLOCATION_LIMIT);
  }

  private static Comparator<?> comparatorOf(Object collectionOrMap) {
    if (collectionOrMap instanceof SortedSet<?> sorted) {
      return sorted.comparator();
    }
    if (collectionOrMap instanceof SortedMap<?, ?> sorted) {
      return sorted.comparator();
    }
    if (collectionOrMap instanceof PriorityQueue<?> queue) {
      return queue.comparator();
    }
    return null;
  }

  private static void writeComparatorIfAny(Kryo kryo, Output output, Object collectionOrMap) {
    Comparator<?> comparator = comparatorOf(collectionOrMap);
    if (takesComparator(collectionOrMap.getClass())) {
      kryo.writeClassAndObject(output, comparator);
    } else if (comparator != null) {
      throw new KryoException(
          "the comparator of a " + collectionOrMap.getClass().getName() + " cannot be sent");
    }
  }

  @SuppressWarnings("unchecked")
  private static Comparator<Object> readComparatorIfAny(Kryo kryo, Input input, Class<?> type) {
    if (!takesComparator(type)) {
      return null;
    }
    Object comparator = kryo.readClassAndObject(input);
    if (comparator != null && !(comparator instanceof Comparator)) {
      throw new KryoException("expected a comparator, got a " + comparator.getClass().getName());
    }
    return (Comparator<Object>) comparator;
  }

  @SuppressWarnings("unchecked")
  private static Collection<Object> newCollection(
      Kryo kryo, Class<?> type, int count, Comparator<Object> comparator) {
    int capacity = initialCapacity(count);
    if (type == ArrayList.class) {
      return new ArrayList<>(capacity);
    }
    if (type == HashSet.class) {
      return new HashSet<>(capacity * 4 / 3 + 1);
    }
    if (type == LinkedHashSet.class) {
      return new LinkedHashSet<>(capacity * 4 / 3 + 1);
    }
    if (type == ArrayDeque.class) {
      return new ArrayDeque<>(capacity);
    }
    if (type == TreeSet.class) {
      return new TreeSet<>(comparator);
    }
    if (type == PriorityQueue.class) {
      return new PriorityQueue<>(Math.max(1, capacity), comparator);
    }
    if (type == ConcurrentSkipListSet.class) {
      return new ConcurrentSkipListSet<>(comparator);
    }
    return (Collection<Object>) kryo.newInstance(type);
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> newMap(
      Kryo kryo, Class<?> type, int count, Comparator<Object> comparator) {
    int capacity = initialCapacity(count);
    if (type == HashMap.class) {
      return new HashMap<>(capacity * 4 / 3 + 1);
    }
    if (type == LinkedHashMap.class) {
      return new LinkedHashMap<>(capacity * 4 / 3 + 1);
    }
    if (type == ConcurrentHashMap.class) {
      return new ConcurrentHashMap<>(capacity);
    }
    if (type == TreeMap.class) {
      return new TreeMap<>(comparator);
    }
    if (type == ConcurrentSkipListMap.class) {
      return new ConcurrentSkipListMap<>(comparator);
    }
    return (Map<Object, Object>) kryo.newInstance(type);
  }

  private static void writeElements(Kryo kryo, Output output, Collection<?> collection) {
    output.writeVarInt(collection.size(), true);
    for (Object element : collection) {
      kryo.writeClassAndObject(output, element);
    }
  }

  private static void readElements(Kryo kryo, Input input, Collection<Object> into, int count) {
    for (int i = 0; i < count; i++) {
      Object element = kryo.readClassAndObject(input);
      try {
        into.add(element);
      } catch (RuntimeException e) {
        throw new KryoException("cannot add an element to a " + into.getClass().getName(), e);
      }
    }
  }

  private static void writeEntries(Kryo kryo, Output output, Map<?, ?> map) {
    output.writeVarInt(map.size(), true);
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      kryo.writeClassAndObject(output, entry.getKey());
      kryo.writeClassAndObject(output, entry.getValue());
    }
  }

  private static void readEntries(Kryo kryo, Input input, Map<Object, Object> into, int count) {
    for (int i = 0; i < count; i++) {
      Object key = kryo.readClassAndObject(input);
      Object value = kryo.readClassAndObject(input);
      try {
        into.put(key, value);
      } catch (RuntimeException e) {
        throw new KryoException("cannot put an entry in a " + into.getClass().getName(), e);
      }
    }
  }

  private static final class CollectionSerializer extends Serializer<Collection<Object>> {
    @Override
    public void write(Kryo kryo, Output output, Collection<Object> collection) {
      writeComparatorIfAny(kryo, output, collection);
      writeElements(kryo, output, collection);
    }

    @Override
    public Collection<Object> read(
        Kryo kryo, Input input, Class<? extends Collection<Object>> type) {
      Comparator<Object> comparator = readComparatorIfAny(kryo, input, type);
      int count = SafeInput.readCount(input, 1, type.getSimpleName());
      Collection<Object> collection = newCollection(kryo, type, count, comparator);
      kryo.reference(collection);
      readElements(kryo, input, collection, count);
      return collection;
    }
  }

  private static final class MapSerializer extends Serializer<Map<Object, Object>> {
    @Override
    public void write(Kryo kryo, Output output, Map<Object, Object> map) {
      writeComparatorIfAny(kryo, output, map);
      writeEntries(kryo, output, map);
    }

    @Override
    public Map<Object, Object> read(
        Kryo kryo, Input input, Class<? extends Map<Object, Object>> type) {
      Comparator<Object> comparator = readComparatorIfAny(kryo, input, type);
      int count = SafeInput.readCount(input, 2, type.getSimpleName());
      Map<Object, Object> map = newMap(kryo, type, count, comparator);
      kryo.reference(map);
      readEntries(kryo, input, map, count);
      return map;
    }
  }

  /** Reads into a mutable collection, then turns it into the (immutable) type that was sent. */
  private static final class CopyingCollectionSerializer extends Serializer<Collection<Object>> {
    private final Function<Collection<Object>, Collection<Object>> copy;

    CopyingCollectionSerializer(
        Function<Collection<Object>, Collection<Object>> copy, boolean immutable) {
      super(false, immutable);
      this.copy = copy;
    }

    @Override
    public void write(Kryo kryo, Output output, Collection<Object> collection) {
      writeElements(kryo, output, collection);
    }

    @Override
    public Collection<Object> read(
        Kryo kryo, Input input, Class<? extends Collection<Object>> type) {
      int count = SafeInput.readCount(input, 1, type.getSimpleName());
      List<Object> elements = new ArrayList<>(initialCapacity(count));
      readElements(kryo, input, elements, count);
      try {
        return copy.apply(elements);
      } catch (RuntimeException e) {
        throw new KryoException("cannot build a " + type.getName(), e);
      }
    }
  }

  private static final class CopyingMapSerializer extends Serializer<Map<Object, Object>> {
    CopyingMapSerializer() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, Map<Object, Object> map) {
      writeEntries(kryo, output, map);
    }

    @Override
    public Map<Object, Object> read(
        Kryo kryo, Input input, Class<? extends Map<Object, Object>> type) {
      int count = SafeInput.readCount(input, 2, type.getSimpleName());
      Map<Object, Object> entries = new LinkedHashMap<>(initialCapacity(count) * 4 / 3 + 1);
      readEntries(kryo, input, entries, count);
      try {
        return Map.copyOf(entries);
      } catch (RuntimeException e) {
        throw new KryoException("cannot build a " + type.getName(), e);
      }
    }
  }
}
