package io.meshage.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PayloadsTest {
  private static final Map<String, Object> DATA = data();

  private static Map<String, Object> data() {
    Map<String, Object> data = new HashMap<>();
    data.put("s", "text");
    data.put("c", 'x');
    data.put("b", true);
    data.put("byte", (byte) 7);
    data.put("i", 42);
    data.put("big", 300);
    data.put("l", 5L);
    data.put("huge", Long.MAX_VALUE);
    data.put("f", 1.5f);
    data.put("d", 0.1);
    data.put("bytes", new byte[] {1});
    data.put("list", List.of("a", "b"));
    data.put("mixed", List.of("a", 1));
    data.put("map", Map.of("x", 1));
    data.put("badMap", Map.of(1, 1));
    data.put("nothing", null);
    return data;
  }

  @Test
  void gettersReturnValuesOfTheirType() {
    assertThat(Payloads.getString(DATA, "s")).isEqualTo("text");
    assertThat(Payloads.getString(DATA, "c")).isEqualTo("x");
    assertThat(Payloads.getBool(DATA, "b")).isTrue();
    assertThat(Payloads.getInt(DATA, "i")).isEqualTo(42);
    assertThat(Payloads.getDouble(DATA, "d")).isEqualTo(0.1);
    assertThat(Payloads.getFloat(DATA, "f")).isEqualTo(1.5f);
    assertThat(Payloads.getBytes(DATA, "bytes")).containsExactly(1);
    assertThat(Payloads.getList(DATA, "list")).containsExactly("a", "b");
    assertThat(Payloads.getList(DATA, "list", String.class)).containsExactly("a", "b");
    assertThat(Payloads.getMap(DATA, "map")).containsEntry("x", 1);
    assertThat(Payloads.has(DATA, "s")).isTrue();
    assertThat(Payloads.has(DATA, "nothing")).isFalse();
  }

  @Test
  void integralValuesConvertWhenTheyFit() {
    assertThat(Payloads.getLong(DATA, "i")).isEqualTo(42L);
    assertThat(Payloads.getInt(DATA, "l")).isEqualTo(5);
    assertThat(Payloads.getShort(DATA, "byte")).isEqualTo((short) 7);
    assertThat(Payloads.getByte(DATA, "l")).isEqualTo((byte) 5);
    assertThat(Payloads.getDouble(DATA, "i")).isEqualTo(42.0);
    assertThat(Payloads.getDouble(DATA, "f")).isEqualTo(1.5);
    assertThat(Payloads.getFloat(DATA, "l")).isEqualTo(5f);

    assertThatThrownBy(() -> Payloads.getByte(DATA, "big"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key 'big' is an Integer (300), out of range for byte");
    assertThatThrownBy(() -> Payloads.getInt(DATA, "huge"))
        .hasMessageContaining("out of range for int");
    assertThatThrownBy(() -> Payloads.getDouble(DATA, "huge"))
        .hasMessageContaining("not exactly representable as double");
    assertThatThrownBy(() -> Payloads.getFloat(DATA, "d"))
        .hasMessageContaining("not exactly representable as float");
    assertThatThrownBy(() -> Payloads.getInt(DATA, "d"))
        .hasMessage("key 'd' is a Double (0.1), expected int");
  }

  @Test
  void wrongTypesMissingAndNullKeysSayWhatIsWrong() {
    assertThatThrownBy(() -> Payloads.getInt(DATA, "s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key 's' is a String, expected int");
    assertThatThrownBy(() -> Payloads.getString(DATA, "absent"))
        .hasMessage("key 'absent' is missing, expected String");
    assertThatThrownBy(() -> Payloads.getLong(DATA, "nothing"))
        .hasMessage("key 'nothing' is null, expected long");
    assertThatThrownBy(() -> Payloads.getBool(DATA, "i"))
        .hasMessage("key 'i' is an Integer (42), expected boolean");
    assertThatThrownBy(() -> Payloads.getBytes(DATA, "s"))
        .hasMessage("key 's' is a String, expected byte[]");
    assertThatThrownBy(() -> Payloads.getList(DATA, "mixed", String.class))
        .hasMessage("key 'mixed'[1] is an Integer (1), expected String");
    assertThatThrownBy(() -> Payloads.getMap(DATA, "badMap"))
        .hasMessageContaining("expected String keys");
    assertThatThrownBy(() -> Payloads.getMap(DATA, "list"))
        .hasMessage("key 'list' is a List, expected Map");
  }

  @Test
  void defaultsApplyOnlyToMissingOrNullKeys() {
    assertThat(Payloads.getInt(DATA, "absent", -1)).isEqualTo(-1);
    assertThat(Payloads.getInt(DATA, "nothing", -1)).isEqualTo(-1);
    assertThat(Payloads.getInt(DATA, "i", -1)).isEqualTo(42);
    assertThat(Payloads.getString(DATA, "absent", "dflt")).isEqualTo("dflt");
    assertThat(Payloads.getBool(DATA, "absent", true)).isTrue();
    assertThat(Payloads.getList(DATA, "absent", List.of())).isEmpty();
    assertThat(Payloads.getMap(DATA, "absent", Map.of())).isEmpty();
    assertThatThrownBy(() -> Payloads.getInt(DATA, "s", 0))
        .hasMessage("key 's' is a String, expected int");
  }
}
