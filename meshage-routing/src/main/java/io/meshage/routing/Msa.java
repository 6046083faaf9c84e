package io.meshage.routing;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One mesh state announcement: who {@code origin} is (name and per-start {@code instance}), how
 * fresh the announcement is (a {@link Lollipop} {@code sequence}), and which neighbours and
 * metadata it announces. Immutable: the neighbour set and the metadata are copied.
 */
public record Msa(
    String origin,
    long instance,
    int sequence,
    Set<String> neighbors,
    Map<String, String> metadata) {

  /** Validates every field and takes immutable copies of the collections. */
  public Msa {
    Objects.requireNonNull(origin, "origin");
    if (origin.isEmpty()) {
      throw new IllegalArgumentException("origin must not be empty");
    }
    if (!Lollipop.isValid(sequence)) {
      throw new IllegalArgumentException(
          "sequence " + sequence + " of " + origin + " is not a valid lollipop value");
    }
    Objects.requireNonNull(neighbors, "neighbors");
    Objects.requireNonNull(metadata, "metadata");
    neighbors = Set.copyOf(neighbors);
    metadata = Map.copyOf(metadata);
  }

  /**
   * Whether this announcement should replace {@code other} (assumed to come from the same origin):
   * a later instance wins; within one instance, {@link Lollipop#supersedes(int, int)} decides.
   */
  public boolean supersedes(Msa other) {
    Objects.requireNonNull(other, "other");
    return supersedes(instance, sequence, other.instance, other.sequence);
  }

  /**
   * The one "newer" rule for announcements of one origin, also used for database summaries that
   * carry only an instance and a sequence: a later instance wins; within one instance
   * {@link Lollipop#supersedes(int, int)} decides (not comparable counts as newer).
   */
  public static boolean supersedes(long instance, int sequence, long otherInstance, int otherSequence) {
    if (instance != otherInstance) {
      return instance > otherInstance;
    }
    return Lollipop.supersedes(sequence, otherSequence);
  }
}
