package io.meshage;

import io.meshage.internal.keys.Keyring;
import java.util.List;

/**
 * The namespace keys of a running node, for rotation without downtime: {@link #install} the new
 * key on every node, {@link #use} it on every node, then {@link #remove} the old one. Keys are
 * named by an 8-hex-digit id that reveals nothing about them. Links already up keep the keys they
 * derived at their handshake; a change applies to new links and to beacons. Thread-safe.
 */
public final class NamespaceKeys {
  private final Keyring ring;

  NamespaceKeys(Keyring ring) {
    this.ring = ring;
  }

  /** Whether the node is keyed. Keys can only be rotated on a node started with a key. */
  public boolean keyed() {
    return !ring.isEmpty();
  }

  /** Ids of the accepted keys, in install order. */
  public List<String> ids() {
    return ring.ids();
  }

  /** The id of the key used for sending, or null on a keyless node. */
  public String primary() {
    return ring.primary();
  }

  /** The id {@code key} would have. */
  public static String idOf(byte[] key) {
    Keyring.checkKey(key, "key");
    return Keyring.idOf(key);
  }

  /** Accepts {@code key} (16-64 bytes) from now on; returns its id. */
  public String install(byte[] key) {
    requireKeyed("install");
    return ring.install(key);
  }

  /** Sends with the installed key {@code id} from now on. */
  public void use(String id) {
    requireKeyed("use");
    ring.use(id);
  }

  /** Stops accepting key {@code id}; the primary cannot be removed. */
  public void remove(String id) {
    requireKeyed("remove");
    ring.remove(id);
  }

  /** {@code "1a2b3c4d primary"}, {@code "9f8e7d6c"}: one line per key. */
  public List<String> describe() {
    return ring.describe();
  }

  private void requireKeyed(String what) {
    if (ring.isEmpty()) {
      throw new IllegalStateException(
          "cannot " + what + " a key: this node started without a namespace key (its links are not encrypted)");
    }
  }
}
