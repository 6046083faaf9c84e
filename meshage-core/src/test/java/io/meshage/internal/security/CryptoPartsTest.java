package io.meshage.internal.security;

import io.meshage.internal.keys.Hkdf;
import io.meshage.internal.keys.Keyring;
import io.meshage.Seeds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.ProtocolException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HKDF against RFC 5869, records, sealed beacons and the keyring, without sockets. */
@Timeout(30)
class CryptoPartsTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void hkdfMatchesRfc5869TestCase1() {
    byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    byte[] salt = HEX.parseHex("000102030405060708090a0b0c");
    byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");
    assertThat(HEX.formatHex(Hkdf.extract(salt, ikm)))
        .isEqualTo("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
    assertThat(HEX.formatHex(Hkdf.derive(salt, ikm, info, 42)))
        .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  }

  @Test
  void hkdfMatchesRfc5869TestCase3WithoutSaltAndInfo() {
    byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    assertThat(HEX.formatHex(Hkdf.derive(new byte[0], ikm, new byte[0], 42)))
        .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
  }

  @Test
  void recordsOpenInOrderAndFailWhenAlteredReplayedOrUnderAnotherKey() {
    byte[][] keys = SecureHandshake.recordKeys(new byte[32], new byte[32], new byte[32]);
    RecordCipher sender = new RecordCipher(keys[0]);
    RecordCipher receiver = new RecordCipher(keys[0]);
    byte[] plain = "two frames' worth of bytes".getBytes();
    byte[] first = body(sender, plain);
    byte[] second = body(sender, plain);
    assertThat(first).isNotEqualTo(second);
    assertThat(receiver.open(first, first.length)).isEqualTo(plain);
    assertThatThrownBy(() -> receiver.open(first, first.length))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("failed authentication");
    RecordCipher fresh = new RecordCipher(keys[0]);
    byte[] altered = first.clone();
    altered[3] ^= 1;
    assertThatThrownBy(() -> fresh.open(altered, altered.length)).isInstanceOf(ProtocolException.class);
    RecordCipher other = new RecordCipher(keys[1]);
    assertThatThrownBy(() -> other.open(first, first.length)).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> new RecordCipher(keys[0]).open(new byte[8], 8))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("shorter than its tag");
  }

  @Test
  void bothDirectionsDeriveDifferentKeysFromBothNonces() {
    byte[] key = new byte[32];
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    b[0] = 1;
    byte[][] k1 = SecureHandshake.recordKeys(key, a, b);
    byte[][] k2 = SecureHandshake.recordKeys(key, a, a);
    assertThat(k1[0]).isNotEqualTo(k1[1]);
    assertThat(k1[0]).isNotEqualTo(k2[0]);
  }

  /** The record without its length prefix, as the reader sees it. */
  private static byte[] body(RecordCipher c, byte[] plain) {
    int n = c.seal(plain, 0, plain.length);
    byte[] out = new byte[n - 4];
    System.arraycopy(c.sealed(), 4, out, 0, n - 4);
    return out;
  }

  @Test
  void beaconsAreAcceptedOnceAndOnlyInsideTheWindow() {
    byte[] key = new byte[32];
    new Random(5).nextBytes(key);
    AtomicLong clock = new AtomicLong(1_000_000);
    Keyring ring = new Keyring(List.of(key));
    BeaconSealer sender = new BeaconSealer("s", ring, new SecureRandom(), clock::get, 30_000);
    BeaconSealer receiver = new BeaconSealer("r", ring, new SecureRandom(), clock::get, 30_000);
    byte[] beacon = "a beacon".getBytes();
    byte[] sealed = sender.seal(beacon);
    assertThat(receiver.open(sealed, 0, sealed.length, "test")).isEqualTo(beacon);
    assertThatThrownBy(() -> receiver.open(sealed, 0, sealed.length, "test"))
        .isInstanceOf(BeaconSealer.ReplayException.class).hasMessageContaining("replayed");
    byte[] old = sender.seal(beacon);
    clock.addAndGet(30_001);
    assertThatThrownBy(() -> receiver.open(old, 0, old.length, "test"))
        .isInstanceOf(BeaconSealer.ReplayException.class).hasMessageContaining("replay window");
    byte[] altered = sender.seal(beacon);
    altered[altered.length - 1] ^= 1;
    assertThatThrownBy(() -> receiver.open(altered, 0, altered.length, "test"))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("failed authentication");
    byte[] other = new byte[32];
    BeaconSealer stranger = new BeaconSealer("x", new Keyring(List.of(other)), new SecureRandom(), clock::get, 30_000);
    byte[] foreign = stranger.seal(beacon);
    assertThatThrownBy(() -> receiver.open(foreign, 0, foreign.length, "test"))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("unknown key " + Keyring.idOf(other));
    assertThatThrownBy(() -> receiver.open(beacon, 0, beacon.length, "test"))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("unsealed");
  }

  @Test
  void fuzzedBeaconsOnlyEverThrowProtocolExceptions() {
    long seed = Seeds.forTest();
    Random random = new Random(seed);
    byte[] key = new byte[32];
    Keyring ring = new Keyring(List.of(key));
    BeaconSealer sealer = new BeaconSealer("f", ring, new SecureRandom(), () -> 0, 30_000);
    for (int i = 0; i < 2000; i++) {
      byte[] b = sealer.seal(new byte[random.nextInt(100)]);
      int flips = 1 + random.nextInt(3);
      for (int k = 0; k < flips; k++) {
        b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
      }
      int length = random.nextInt(b.length + 1);
      assertThatThrownBy(() -> sealer.open(b, 0, length, "fuzz")).as("seed " + seed + " try " + i)
          .isInstanceOf(ProtocolException.class);
    }
  }

  @Test
  void keyringRotatesAndRefusesBadChanges() {
    byte[] k1 = new byte[16];
    byte[] k2 = new byte[32];
    k2[0] = 1;
    Keyring ring = new Keyring(List.of(k1));
    String id1 = Keyring.idOf(k1);
    String id2 = ring.install(k2);
    assertThat(ring.install(k2)).isEqualTo(id2);
    assertThat(ring.describe()).containsExactly(id1 + " primary", id2);
    assertThatThrownBy(() -> ring.remove(id1)).hasMessageContaining("primary");
    ring.use(id2);
    ring.remove(id1);
    assertThat(ring.ids()).containsExactly(id2);
    assertThatThrownBy(() -> ring.use("00000000")).hasMessageContaining("not installed");
    assertThatThrownBy(() -> ring.install(new byte[15])).hasMessageContaining("16-64 bytes");
    assertThat(id1).hasSize(8).isNotEqualTo(id2);
  }
}
