package io.meshage.internal.security;

import io.meshage.internal.keys.Hkdf;
import io.meshage.internal.keys.Keyring;
import io.meshage.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Seals discovery beacons of a keyed node: {@code MSB1 | key id(4) | time ms(8) | nonce(12) |
 * AES-GCM(beacon)}, the header being associated data, under a beacon key derived by HKDF from the
 * namespace key. A beacon is accepted when its tag verifies, its time is within the replay window
 * of this node's clock, and its nonce was not seen within the window.
 */
public final class BeaconSealer {
  private static final Logger LOG = LogManager.getLogger(BeaconSealer.class);
  static final int MAGIC = 0x4D534231; // "MSB1"
  static final int HEADER = 16;
  static final int NONCE = 12;
  private static final int TAG = 16;
  private static final int MAX_REMEMBERED = 16_384;
  private static final byte[] INFO = "meshage beacon v1".getBytes(StandardCharsets.US_ASCII);

  private final String node;
  private final Keyring keyring;
  private final SecureRandom random;
  private final LongSupplier clockMillis;
  private final long windowMillis;
  /** Nonces seen, with the time they were seen; owned by the opening (discovery) thread. */
  private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();
  private final Set<String> reportedKeys = new HashSet<>();

  public BeaconSealer(String node, Keyring keyring, SecureRandom random, LongSupplier clockMillis, long windowMillis) {
    this.node = node;
    this.keyring = keyring;
    this.random = random;
    this.clockMillis = clockMillis;
    this.windowMillis = windowMillis;
  }

  /** Seals an encoded beacon with the primary key. */
  public byte[] seal(byte[] beacon) {
    Keyring.State ring = keyring.state();
    byte[] out = new byte[HEADER + NONCE + beacon.length + TAG];
    SecureHandshake.putInt(out, 0, MAGIC);
    SecureHandshake.putInt(out, 4, SecureHandshake.idBits(ring.primary()));
    long now = clockMillis.getAsLong();
    for (int i = 0; i < 8; i++) {
      out[8 + i] = (byte) (now >>> (56 - 8 * i));
    }
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    System.arraycopy(nonce, 0, out, HEADER, NONCE);
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, ring.primaryKey(), nonce);
      c.updateAAD(out, 0, HEADER);
      c.doFinal(beacon, 0, beacon.length, out, HEADER + NONCE);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM sealing failed", e);
    }
    return out;
  }

  /** Verifies a sealed datagram and returns the beacon inside; throws when it must be dropped. */
  public byte[] open(byte[] b, int offset, int length, String from) throws ProtocolException {
    if (length < HEADER + NONCE + TAG || readInt(b, offset) != MAGIC) {
      throw new ProtocolException("unsealed beacon (a node without the namespace key?)");
    }
    String id = SecureHandshake.idText(readInt(b, offset + 4));
    byte[] key = keyring.state().keys().get(id);
    if (key == null) {
      if (reportedKeys.size() < 64 && reportedKeys.add(id)) {
        LOG.warn("[{}] beacons from {} use namespace key {}, which this node does not hold (it holds {}): "
            + "one side missed a key rotation", node, from, id, keyring.ids());
      }
      throw new ProtocolException("beacon sealed with unknown key " + id);
    }
    long sent = 0;
    for (int i = 0; i < 8; i++) {
      sent = (sent << 8) | (b[offset + 8 + i] & 0xFF);
    }
    byte[] nonce = new byte[NONCE];
    System.arraycopy(b, offset + HEADER, nonce, 0, NONCE);
    byte[] beacon;
    try {
      Cipher c = cipher(Cipher.DECRYPT_MODE, key, nonce);
      c.updateAAD(b, offset, HEADER);
      beacon = c.doFinal(b, offset + HEADER + NONCE, length - HEADER - NONCE);
    } catch (AEADBadTagException e) {
      throw new ProtocolException("beacon failed authentication");
    } catch (GeneralSecurityException e) {
      throw new ProtocolException("beacon cannot be opened: " + e.getMessage());
    }
    long now = clockMillis.getAsLong();
    if (Math.abs(now - sent) > windowMillis) {
      throw new ReplayException("beacon sent at " + sent + " is outside the replay window of " + windowMillis + " ms (now " + now + ")");
    }
    forgetOld(now);
    if (seen.putIfAbsent(HexFormat.of().formatHex(nonce), now) != null) {
      throw new ReplayException("replayed beacon");
    }
    return beacon;
  }

  /** A beacon refused as a replay (authentic but old or seen before). */
  public static final class ReplayException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    ReplayException(String message) {
      super(message);
    }
  }

  private void forgetOld(long now) {
    Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Long> e = it.next();
      if (seen.size() < MAX_REMEMBERED && now - e.getValue() <= 2 * windowMillis) {
        break;
      }
      it.remove();
    }
  }

  private static Cipher cipher(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(Hkdf.derive(new byte[0], key, INFO, 32), "AES"), new GCMParameterSpec(TAG * 8, nonce));
    return c;
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
  }
}
