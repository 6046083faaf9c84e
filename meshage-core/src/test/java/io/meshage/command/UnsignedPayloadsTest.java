package io.meshage.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Diarkis' GetUint8/16/32/64: range checks at both ends, and a uint64 above Long.MAX_VALUE readable. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class UnsignedPayloadsTest {
  @Test
  void eachGetterTakesItsWholeRangeAndNothingOutside() {
    Map<String, Object> d = Map.of("zero", (byte) 0, "u8", 255, "u16", 65535L, "u32", 4294967295L,
        "neg", -1, "over8", 256, "over16", 65536, "over32", 4294967296L);
    assertThat(Payloads.getUint8(d, "zero")).isZero();
    assertThat(Payloads.getUint8(d, "u8")).isEqualTo(255);
    assertThat(Payloads.getUint16(d, "u16")).isEqualTo(65535);
    assertThat(Payloads.getUint32(d, "u32")).isEqualTo(4294967295L);
    assertThatThrownBy(() -> Payloads.getUint8(d, "over8")).hasMessageContaining("out of range for uint8");
    assertThatThrownBy(() -> Payloads.getUint16(d, "over16")).hasMessageContaining("out of range for uint16");
    assertThatThrownBy(() -> Payloads.getUint32(d, "over32")).hasMessageContaining("out of range for uint32");
    assertThatThrownBy(() -> Payloads.getUint8(d, "neg")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> Payloads.getUint16(d, "neg")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> Payloads.getUint32(d, "neg")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> Payloads.getUint64(d, "neg")).hasMessageContaining("out of range");
  }

  @Test
  void aUint64AboveLongMaxTravelsAsItsBitsAndReadsBackUnsigned() {
    long max = Long.parseUnsignedLong("18446744073709551615");
    Map<String, Object> d = RequestData.decode(RequestData.encode(Map.of("u64", max, "small", 7)));
    long read = Payloads.getUint64(d, "u64");
    assertThat(Long.toUnsignedString(read)).isEqualTo("18446744073709551615");
    assertThat(Long.compareUnsigned(read, Long.MAX_VALUE)).isPositive();
    assertThat(Payloads.getUint64(d, "small")).isEqualTo(7);
    assertThatThrownBy(() -> Payloads.getUint64(Map.of("s", "x"), "s")).hasMessageContaining("expected uint64");
    assertThatThrownBy(() -> Payloads.getUint8(Map.of(), "none")).hasMessageContaining("missing");
  }
}
