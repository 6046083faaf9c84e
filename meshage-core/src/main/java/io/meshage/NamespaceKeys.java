package io.meshage;

import io.meshage.internal.keys.Keyring;
import java.util.List;

/**
 * The namespace keys of a running node, for rotation without downtime: {@link #install} the new
 * key on every node, {@link #use} it on every node, then {@link #remove} the old one. Keys are
 * named by an 8-hex-digit id that reveals nothing about them. Links already up keep the keys they
 * derived at their handshake; a change applies to new links and to beacons. Thread-safe. Get it
 * from {@code node.keys()}.
 */
public interface NamespaceKeys {

  /** Whether the node is keyed. Keys can only be rotated on a node started with a key. */
  boolean keyed();

  /** Ids of the accepted keys, in install order. */
  List<String> ids();

  /** The id of the key used for sending, or null on a keyless node. */
  String primary();

  /** The id {@code key} would have. */
  static String idOf(byte[] key) {
    Keyring.checkKey(key, "key");
    return Keyring.idOf(key);
  }

  /**
   * Accepts {@code key} (16-64 bytes) from now on; returns its id.
   *
   * @throws IllegalStateException on a node started without a key
   */
  String install(byte[] key);

  /** Sends with the installed key {@code id} from now on. */
  void use(String id);

  /** Stops accepting key {@code id}; the primary cannot be removed. */
  void remove(String id);

  /** {@code "1a2b3c4d primary"}, {@code "9f8e7d6c"}: one line per key. */
  List<String> describe();
}
