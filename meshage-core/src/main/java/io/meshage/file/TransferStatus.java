package io.meshage.file;

import java.util.List;

/**
 * Where one transfer stands: its state, the bytes it holds of the file's size, its rate over the
 * last seconds, the nodes it fetches from, and how many parts came corrupted (and were fetched
 * again). {@code error} says why a failed transfer failed; null otherwise.
 */
public record TransferStatus(
    String path,
    State state,
    long size,
    long bytesDone,
    long bytesPerSecond,
    List<String> sources,
    int partsTotal,
    int partsDone,
    int partsCorrupt,
    String error) {

  /** The states of a transfer. */
  public enum State {
    /** Asking the mesh who has the file, or checking parts kept from an earlier try. */
    STARTING,
    /** Fetching parts. */
    RUNNING,
    /** Every part is in: checking the whole file. */
    VERIFYING,
    DONE,
    FAILED
  }

  /** The fraction of the file held, 0 to 1. */
  public double progress() {
    return size == 0 ? (state == State.DONE ? 1 : 0) : (double) bytesDone / size;
  }
}
