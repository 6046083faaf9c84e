package io.meshage;

import io.meshage.internal.keys.Keyring;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The rules and defensive copies of {@link MeshConfig}'s namespace keys. */
final class KeyList {
  private KeyList() {}

  /** Throws IllegalArgumentException naming {@code keys[i]} for a bad or repeated key. */
  static void check(List<byte[]> keys) {
    if (keys == null) {
      throw new IllegalArgumentException("keys must not be null (an empty list means no key)");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      byte[] k = keys.get(i);
      Keyring.checkKey(k, "keys[" + i + "]");
      if (!ids.add(Keyring.idOf(k))) {
        throw new IllegalArgumentException("keys[" + i + "] is listed twice");
      }
    }
  }

  /** A deep copy (arrays cloned), immutable. */
  static List<byte[]> copy(List<byte[]> keys) {
    List<byte[]> out = new ArrayList<>();
    for (byte[] k : keys) {
      out.add(k == null ? null : k.clone());
    }
    return List.copyOf(out);
  }
}
