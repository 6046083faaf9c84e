package io.meshage;

import java.util.List;

/**
 * A message seen by a handler: who sent it, to whom, its id, its decoded body, and the route it
 * has taken so far (origin first, the observing node last).
 */
public interface Message {
  String source();

  /** The recipients it was addressed to; empty for a broadcast. */
  List<String> recipients();

  long id();

  /** Whether it is a broadcast. */
  boolean isBroadcast();

  /** The body: {@code byte[]}, {@code String} or an instance of a registered type. */
  Object body();

  /** Number of hops taken to reach the observing node. */
  int hops();

  /** The nodes it passed, origin first (for {@code snoop}, up to the observing node). */
  List<String> route();
}
