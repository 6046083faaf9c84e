package io.meshage.internal.keys;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The namespace keys a node accepts, one of them (the primary) used for what it sends, so keys
 * rotate without downtime: install the new key everywhere, use it everywhere, remove the old one.
 * Thread-safe: changes swap an immutable snapshot that readers take without locking.
 */
public final class Keyring {
  /** Shortest and longest key accepted, in bytes. */
  public static final int MIN_KEY = 16;

  public static final int MAX_KEY = 64;

  private static final byte[] ID_LABEL = "meshage key id".getBytes(StandardCharsets.US_ASCII);

  /** One immutable state: keys by id in install order, and the primary's id (null when empty). */
  public record State(Map<String, byte[]> keys, String primary) {
    public byte[] primaryKey() {
      return primary == null ? null : keys.get(primary);
    }
  }

  private volatile State state = new State(Map.of(), null);

  /** A keyring holding {@code keys}; the first is the primary. Empty means "no key". */
  public Keyring(List<byte[]> keys) {
    for (byte[] k : keys) {
      install(k);
    }
  }

  /**
   * The public name of a key: the first 4 bytes of HMAC-SHA256(key, "meshage key id") in hex. It
   * tells which key a peer uses without revealing anything about the key.
   */
  public static String idOf(byte[] key) {
    return HexFormat.of().formatHex(Hkdf.hmac(key, ID_LABEL), 0, 4);
  }

  /** Throws IllegalArgumentException naming {@code field} when {@code key} has a bad length. */
  public static void checkKey(byte[] key, String field) {
    if (key == null || key.length < MIN_KEY || key.length > MAX_KEY) {
      throw new IllegalArgumentException(
          field + " must be " + MIN_KEY + "-" + MAX_KEY + " bytes, got "
              + (key == null ? "null" : key.length + " bytes"));
    }
  }

  public State state() {
    return state;
  }

  public boolean isEmpty() {
    return state.primary == null;
  }

  /** Key ids in install order. */
  public List<String> ids() {
    return List.copyOf(state.keys.keySet());
  }

  /** The id of the key used for sending, or null when the ring is empty. */
  public String primary() {
    return state.primary;
  }

  /** Adds {@code key} (the primary when it is the first); returns its id. Idempotent. */
  public synchronized String install(byte[] key) {
    checkKey(key, "key");
    String id = idOf(key);
    Map<String, byte[]> keys = new LinkedHashMap<>(state.keys);
    keys.putIfAbsent(id, key.clone());
    state = new State(Collections.unmodifiableMap(keys), state.primary == null ? id : state.primary);
    return id;
  }

  /** Makes the installed key {@code id} the primary. */
  public synchronized void use(String id) {
    if (!state.keys.containsKey(id)) {
      throw new IllegalArgumentException("key " + id + " is not installed (installed: " + ids() + ")");
    }
    state = new State(state.keys, id);
  }

  /** Removes key {@code id}; the primary cannot be removed (use another key first). */
  public synchronized void remove(String id) {
    if (!state.keys.containsKey(id)) {
      throw new IllegalArgumentException("key " + id + " is not installed (installed: " + ids() + ")");
    }
    if (id.equals(state.primary)) {
      throw new IllegalArgumentException("key " + id + " is the primary: use another key before removing it");
    }
    Map<String, byte[]> keys = new LinkedHashMap<>(state.keys);
    keys.remove(id);
    state = new State(Collections.unmodifiableMap(keys), state.primary);
  }

  /** Lines for {@code mesh key list}: {@code "1a2b3c4d primary"}, {@code "9f8e7d6c"}. */
  public List<String> describe() {
    State s = state;
    List<String> out = new ArrayList<>();
    for (String id : s.keys.keySet()) {
      out.add(id.equals(s.primary) ? id + " primary" : id);
    }
    return out;
  }
}
