package io.meshage.internal.sim;

import io.meshage.internal.keys.Keyring;
import io.meshage.internal.security.RecordCipher;
import io.meshage.internal.security.SecureHandshake;
import java.util.Random;

/**
 * The key step of simulated nodes: the same decisions as on TCP (who may link, what a refused
 * dialer is told, which beacons are dropped), and in wire mode per-link AES-GCM record ciphers
 * derived by the real HKDF from the key and two nonces drawn from the simulation's seeded RNG.
 */
final class SimKeys {
  private SimKeys() {}

  private static final Keyring NONE = new Keyring(java.util.List.of());

  /** The node's keyring (empty while it boots). */
  static Keyring keyring(SimNode n) {
    return n.core == null ? NONE : n.core.keyring();
  }

  /** Why the key step from {@code dialer} to {@code acceptor} fails, or null when it passes. */
  static String refusal(Keyring dialer, Keyring acceptor) {
    if (dialer.isEmpty() && acceptor.isEmpty()) {
      return null;
    }
    if (dialer.isEmpty()) {
      return "refused by peer: " + SecureHandshake.KEYLESS_REFUSAL;
    }
    if (acceptor.isEmpty()) {
      return "peer closed during the key step (does it hold a namespace key?)";
    }
    if (!acceptor.state().keys().containsKey(dialer.primary())) {
      return "key step failed: peer does not hold namespace key " + dialer.primary() + " (its primary key is "
          + acceptor.primary() + ")";
    }
    return null;
  }

  /** Whether a beacon of {@code sender} opens at {@code receiver} (same rule as sealed beacons). */
  static boolean beaconOpens(Keyring sender, Keyring receiver) {
    if (sender.isEmpty() || receiver.isEmpty()) {
      return sender.isEmpty() && receiver.isEmpty();
    }
    return receiver.state().keys().containsKey(sender.primary());
  }

  /** Gives both ends of a keyed link their record ciphers (wire mode only). */
  static void key(SimConnection dialerEnd, SimConnection acceptorEnd, Keyring dialer, Random random) {
    byte[] nonceC = new byte[32];
    byte[] nonceS = new byte[32];
    random.nextBytes(nonceC);
    random.nextBytes(nonceS);
    byte[][] keys = SecureHandshake.recordKeys(dialer.state().primaryKey(), nonceC, nonceS);
    dialerEnd.keyed(new RecordCipher(keys[0]), new RecordCipher(keys[1]));
    acceptorEnd.keyed(new RecordCipher(keys[1]), new RecordCipher(keys[0]));
  }
}
