package io.meshage.internal.facade;

import io.meshage.MeshNode;
import java.util.concurrent.CountDownLatch;

/** Test access to {@link LocalNode#freeze}: a silent node, for failure tests on real sockets. */
public final class Freezing {
  private Freezing() {}

  /** Freezes {@code node}'s event loop until {@code release} opens. */
  public static void freeze(MeshNode node, CountDownLatch release) {
    ((LocalNode) node).freeze(release);
  }
}
