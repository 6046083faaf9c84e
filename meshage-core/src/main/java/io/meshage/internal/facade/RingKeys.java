package io.meshage.internal.facade;

import io.meshage.NamespaceKeys;
import io.meshage.internal.keys.Keyring;
import java.util.List;

/** {@link NamespaceKeys} over the node's keyring; refuses rotation on a node started without a key. */
final class RingKeys implements NamespaceKeys {
  private final Keyring ring;

  RingKeys(Keyring ring) {
    this.ring = ring;
  }

  @Override
  public boolean keyed() {
    return !ring.isEmpty();
  }

  @Override
  public List<String> ids() {
    return ring.ids();
  }

  @Override
  public String primary() {
    return ring.primary();
  }

  @Override
  public String install(byte[] key) {
    requireKeyed("install");
    return ring.install(key);
  }

  @Override
  public void use(String id) {
    requireKeyed("use");
    ring.use(id);
  }

  @Override
  public void remove(String id) {
    requireKeyed("remove");
    ring.remove(id);
  }

  @Override
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
