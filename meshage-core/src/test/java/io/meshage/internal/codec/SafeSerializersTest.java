package io.meshage.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.meshage.Seeds;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SafeSerializersTest {

  /** A user body with the field types the brief names. */
  static final class Body {
    String name;
    List<String> tags;
    Map<String, Integer> counts;
    int[] numbers;
    Object anything;
  }

  private static final int ARRAY_LIST = wireId(ArrayList.class);
  private static final int HASH_MAP = wireId(HashMap.class);
  private static final int OBJECT_ARRAY = wireId(Object[].class);
  private static final int STRING = 1 + 2;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Built by hand the way SafeSerializers.newKryo() builds it. */
  private static Kryo codecKryo() {
    Kryo kryo = new Kryo(SafeSerializers.classResolver(), null);
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false);
    kryo.setMaxDepth(32);
    SafeSerializers.install(kryo);
    kryo.register(Body.class);
    return kryo;
  }

  private static Kryo safeKryo() {
    Kryo kryo = SafeSerializers.newKryo();
    kryo.register(Body.class);
    return kryo;
  }

  private static int wireId(Class<?> type) {
    return SafeSerializers.FIRST_ID + SafeSerializers.PREREGISTERED.indexOf(type) + 2;
  }

  private static byte[] bytes(Consumer<Output> writer) {
    Output output = new Output(64, -1);
    writer.accept(output);
    return output.toBytes();
  }

  private static void writeVarInts(Output output, int... values) {
    for (int value : values) {
      output.writeVarInt(value, true);
    }
  }

  private static byte[] varints(int... values) {
    return bytes(o -> writeVarInts(o, values));
  }

  private static Object decode(Kryo kryo, byte[] bytes) {
    return kryo.readClassAndObject(SafeSerializers.input(bytes));
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(Kryo kryo, T value) {
    Output output = new Output(256, -1);
    kryo.writeClassAndObject(output, value);
    return (T) decode(kryo, output.toBytes());
  }

  /**
   * Decoding {@code bytes} fails fast, cleanly, and allocates little (measured on a second decode
   * so that class loading and the first string concatenation are not counted).
   */
  private static void assertRejected(Kryo kryo, byte[] bytes) {
    assertThatThrownBy(() -> decode(kryo, bytes))
        .isInstanceOfAny(KryoException.class, IllegalArgumentException.class);
    long before = THREADS.getCurrentThreadAllocatedBytes();
    long start = THREADS.getCurrentThreadCpuTime(); // CPU time: other builds on the machine do not count
    assertThatThrownBy(() -> decode(kryo, bytes))
        .isInstanceOfAny(KryoException.class, IllegalArgumentException.class);
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    assertThat(THREADS.getCurrentThreadCpuTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
    assertThat(allocated).isLessThan(1_000_000L + 64L * bytes.length);
  }

  @Test
  void listHeaderClaimingHundredMillionElementsIsRejected() {
    byte[] list = varints(ARRAY_LIST, 100_000_000);
    byte[] map = varints(HASH_MAP, 100_000_000);
    byte[] array = varints(OBJECT_ARRAY, 100_000_001);
    for (Kryo kryo : List.of(codecKryo(), safeKryo())) {
      assertRejected(kryo, list);
      assertRejected(kryo, map);
      assertRejected(kryo, array);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MAX_VALUE, 1 << 30, Integer.MAX_VALUE - 1, -2})
  void hugeArrayAndStringLengthsAreRejected(int length) {
    Kryo kryo = codecKryo();
    for (Class<?> type :
        List.of(byte[].class, int[].class, long[].class, double[].class, char[].class,
            String[].class, Object[].class)) {
      assertRejected(kryo, varints(wireId(type), length + 1));
    }
    assertRejected(
        kryo,
        bytes(
            o -> {
              o.writeVarInt(STRING, true);
              o.writeVarIntFlag(true, length + 1, true);
            }));
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MAX_VALUE, 1 << 30, 1000})
  void hugeStringFieldIsRejected(int length) {
    int bodyId = SafeSerializers.FIRST_USER_ID + 2;
    byte[] body =
        bytes(
            o -> {
              o.writeVarInt(bodyId, true);
              o.writeVarIntFlag(true, length + 1, true);
            });
    assertRejected(codecKryo(), body);
  }

  @Test
  void hugeLengthsInsideTheInputItselfAreRejected() {
    Input input = SafeSerializers.input(new byte[16]);
    assertThatThrownBy(() -> input.readBytes(1 << 30)).isInstanceOf(KryoException.class);
    assertThatThrownBy(() -> input.readInts(Integer.MAX_VALUE)).isInstanceOf(KryoException.class);
    assertThatThrownBy(() -> input.readLongs(3)).isInstanceOf(KryoException.class);
    assertThatThrownBy(() -> input.readBytes(-1)).isInstanceOf(KryoException.class);
    assertThat(input.readBytes(16)).hasSize(16);
  }

  @ParameterizedTest
  @ValueSource(strings = {"list", "array", "map"})
  void tenThousandLevelsOfNestingAreRejected(String kind) {
    byte[] nested =
        bytes(
            o -> {
              for (int i = 0; i < 10_000; i++) {
                switch (kind) {
                  case "list" -> writeVarInts(o, ARRAY_LIST, 1);
                  case "array" -> writeVarInts(o, OBJECT_ARRAY, 2);
                  default -> writeVarInts(o, HASH_MAP, 1);
                }
              }
              o.writeVarInt(0, true);
            });
    for (Kryo kryo : List.of(codecKryo(), safeKryo())) {
      assertThatThrownBy(() -> decode(kryo, nested))
          .isInstanceOf(KryoException.class)
          .hasMessageContaining("Max depth");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"list", "array", "map"})
  void nestedClaimsOfTheWholeMessageDoNotMultiply(String kind) {
    int padding = 4 << 20;
    byte[] nested =
        bytes(
            o -> {
              for (int i = 0; i < 30; i++) {
                switch (kind) {
                  case "list" -> writeVarInts(o, ARRAY_LIST, padding);
                  case "array" -> writeVarInts(o, OBJECT_ARRAY, padding + 1);
                  default -> writeVarInts(o, HASH_MAP, padding / 2);
                }
              }
              o.writeBytes(new byte[padding]); // nulls: enough for the innermost level only
            });
    assertRejected(codecKryo(), nested);
  }

  @Test
  void deepNestingWithinTheLimitStillDecodes() {
    Object value = "leaf";
    for (int i = 0; i < 30; i++) {
      value = new ArrayList<>(List.of(value));
    }
    assertThat(roundTrip(codecKryo(), value)).isEqualTo(value);
  }

  @Test
  void aKryoThatReadsClassNamesIsRefused() {
    assertThatThrownBy(() -> SafeSerializers.install(new Kryo()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("newKryo");
  }

  @Test
  void classNamesAreRefusedByTheSafeResolver() {
    byte[] named =
        bytes(
            o -> {
              writeVarInts(o, 1, 7);
              o.writeString("java.lang.Thread");
            });
    assertThatThrownBy(() -> decode(safeKryo(), named)).isInstanceOf(KryoException.class);
    assertRejected(codecKryo(), new byte[] {1, -1, 0, -128}); // NullPointerException in new Kryo()
  }

  @Test
  void pojoWithListAndMapFieldsRoundTrips() {
    for (Kryo kryo : List.of(codecKryo(), safeKryo())) {
      Body body = new Body();
      body.name = "n\u00e9\u4e16";
      body.tags = new ArrayList<>(List.of("a", "", "\u00e9t\u00e9"));
      body.tags.add(null);
      body.counts = new HashMap<>(Map.of("x", 1, "y", -7));
      body.numbers = new int[] {1, -1, Integer.MAX_VALUE};
      body.anything = new TreeMap<>(Map.of("k", List.of(1L, 2L)));
      assertThat(roundTrip(kryo, body)).usingRecursiveComparison().isEqualTo(body);
    }
  }

  @Test
  void arraysStringsAndJdkCollectionsRoundTrip() {
    Kryo kryo = codecKryo();
    List<Object> values =
        List.of(
            "",
            "plain ascii",
            "x".repeat(100_000),
            "\u20ac".repeat(5000),
            new ArrayList<>(Arrays.asList(1, null, "two", 3.0)),
            new LinkedList<>(List.of('c', (short) 2, (byte) 3)),
            new LinkedHashMap<>(Map.of(1, "one")),
            new TreeSet<>(Set.of("b", "a")),
            List.of(),
            List.of(1),
            List.of(1, 2, 3),
            Set.of("s"),
            Set.of(),
            Map.of("a", 1),
            Map.of(),
            Arrays.asList("p", "q"));
    for (Object value : values) {
      assertThat(roundTrip(kryo, value)).isEqualTo(value);
    }
    assertThat(roundTrip(kryo, new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
    assertThat(roundTrip(kryo, new long[] {Long.MIN_VALUE, 0})).containsExactly(Long.MIN_VALUE, 0);
    assertThat(roundTrip(kryo, new double[] {0.5, -1})).containsExactly(0.5, -1);
    assertThat(roundTrip(kryo, new char[] {'a', '\u20ac'})).containsExactly('a', '\u20ac');
    assertThat(roundTrip(kryo, new boolean[] {true, false})).containsExactly(true, false);
    assertThat(roundTrip(kryo, new String[] {"a", null})).containsExactly("a", null);
    assertThat(roundTrip(kryo, new Object[] {1, "b", new int[] {3}}))
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactly(1, "b", new int[] {3});
    Object[] big = new Object[5000];
    Arrays.fill(big, "e");
    assertThat(roundTrip(kryo, big)).containsExactly(big);
    assertThat(roundTrip(kryo, (Object) null)).isNull();
  }

  @Test
  void registrationIdsAreFixed() {
    Kryo kryo = codecKryo();
    int id = SafeSerializers.FIRST_ID;
    for (Class<?> type : SafeSerializers.PREREGISTERED) {
      assertThat(kryo.getRegistration(type).getId()).as(type.getName()).isEqualTo(id++);
    }
    assertThat(kryo.getRegistration(Body.class).getId()).isEqualTo(SafeSerializers.FIRST_USER_ID);
    assertThat(kryo.getRegistration(String.class).getId()).isEqualTo(1);
  }

  @Test
  void elementsOfTheWrongTypeAreRejected() {
    byte[] stringArrayWithInt =
varints(wireId(String[].class), 2, 0 + 2, 5);
    assertRejected(codecKryo(), stringArrayWithInt);
    byte[] treeSetOfMixed =
        bytes(
            o -> {
              writeVarInts(o, wireId(TreeSet.class), 0, 2, 0 + 2, 5, STRING);
              o.writeString("x");
            });
    assertRejected(codecKryo(), treeSetOfMixed);
  }

  // --- fuzzing over seeded generators (see Seeds); each try asserts its own time bound ---------

  private static final Kryo FUZZ_KRYO = codecKryo();

  @RepeatedTest(10)
  void randomBytesFailOnlyWithKryoOrArgumentErrors(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 300, random -> decodeAnything(Seeds.bytes(random, 300)));
  }

  @RepeatedTest(10)
  void mutatedBodiesFailOnlyWithKryoOrArgumentErrors(RepetitionInfo rep) throws Exception {
    byte[] valid = validBody();
    Seeds.check(rep, 300, random -> decodeAnything(mutated(valid, random)));
  }

  private static byte[] validBody() {
    Body body = new Body();
    body.name = "name";
    body.tags = new ArrayList<>(List.of("a", "b"));
    body.counts = new HashMap<>(Map.of("x", 1));
    body.numbers = new int[] {1, 2};
    body.anything = new Object[] {List.of(1), new TreeMap<>(Map.of("k", 2L)), new byte[] {9}};
    Output output = new Output(256, -1);
    FUZZ_KRYO.writeClassAndObject(output, body);
    return output.toBytes();
  }

  /** {@code valid} with up to 4 random bytes overwritten. */
  private static byte[] mutated(byte[] valid, Random random) {
    byte[] m = valid.clone();
    for (int i = random.nextInt(5); i > 0; i--) {
      m[random.nextInt(m.length)] = (byte) random.nextInt();
    }
    return m;
  }

  private static void decodeAnything(byte[] bytes) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();
    try {
      decode(FUZZ_KRYO, bytes);
    } catch (KryoException | IllegalArgumentException expected) {
      // the only acceptable failures
    } catch (Throwable other) {
      fail("decoding " + Arrays.toString(bytes) + " threw " + other, other);
    }
    assertThat(THREADS.getCurrentThreadAllocatedBytes() - before)
        .as("bytes allocated decoding %s", Arrays.toString(bytes))
        .isLessThan(1_000_000L + 64L * bytes.length);
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
  }
}
