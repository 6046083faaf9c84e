package io.meshage;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The verdict of one {@code set} or {@code broadcast}: which recipients confirmed delivery with
 * an end-to-end ACK and which failed, and why ({@link Failure}). Every recipient is in exactly one
 * of the two. Delivered means the recipient node got the message and its handlers get it, unless
 * its process dies first (the ACK leaves on arrival, before the handlers run); a message that
 * arrives before the node's first handler is held for that handler.
 */
public final class Delivery {
  private final long id;
  private final Set<String> delivered;
  private final Map<String, Failure> failed;

  public Delivery(long id, java.util.Collection<String> delivered, Map<String, Failure> failed) {
    this.id = id;
    this.delivered = delivered.size() != 1 ? Set.copyOf(delivered)
        : Set.of(delivered instanceof java.util.List<String> l ? l.get(0) : delivered.iterator().next());
    this.failed = failed.isEmpty() ? Map.of() : Map.copyOf(failed);
  }

  /** The message id. */
  public long id() {
    return id;
  }

  /** Recipients whose ACK arrived. */
  public Set<String> delivered() {
    return delivered;
  }

  /** Recipients that did not confirm, with the reason. */
  public Map<String, Failure> failed() {
    return failed;
  }

  /** Whether every recipient confirmed. */
  public boolean isComplete() {
    return failed.isEmpty();
  }

  @Override
  public String toString() {
    return "Delivery{id=" + id + ", delivered=" + new TreeSet<>(delivered) + ", failed="
        + new TreeMap<>(failed) + "}";
  }
}
