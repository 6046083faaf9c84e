package io.meshage.internal.sim;

import io.meshage.internal.codec.Frame;
import java.util.ArrayList;
import java.util.List;

/**
 * Every beacon that arrives at one moment, delivered by one simulator event: a beacon reaches
 * every node of the namespace (10,000 receptions each at that size; as one event apiece, beacon
 * delivery took a quarter of the simulation thread in a 10,000-node formation). The deliveries run in a seeded random order over all pairs of beacon
 * and hearer, as separate events with random tie-breaks would: each node hears the beacons of
 * that moment in its own order, and no node is always first. Owned by the partition's thread.
 */
final class BeaconFanout implements Runnable {
  private final Partition part;
  private final List<Frame.Beacon> beacons = new ArrayList<>();
  /** For each beacon of {@link #beacons}, at the same index, the nodes that hear it. */
  private final List<List<SimTransport>> hearers = new ArrayList<>();
  private int pairs;

  /** Deliveries run in {@code part}, the partition of every hearer. */
  BeaconFanout(Partition part) {
    this.part = part;
  }

  void add(Frame.Beacon beacon, List<SimTransport> heardBy) {
    beacons.add(beacon);
    hearers.add(heardBy);
    pairs += heardBy.size();
  }

  @Override
  public void run() {
    SimTransport[] to = new SimTransport[pairs];
    Frame.Beacon[] what = new Frame.Beacon[pairs];
    int k = 0;
    for (int b = 0; b < beacons.size(); b++) {
      for (SimTransport t : hearers.get(b)) {
        to[k] = t;
        what[k++] = beacons.get(b);
      }
    }
    for (int i = pairs - 1; i > 0; i--) {
      int j = part.tieBreak(i + 1);
      SimTransport t = to[i];
      to[i] = to[j];
      to[j] = t;
      Frame.Beacon w = what[i];
      what[i] = what[j];
      what[j] = w;
    }
    for (int i = 0; i < pairs; i++) {
      if (part.runsFor(to[i].owner())) {
        to[i].hear(what[i]);
      }
    }
  }
}
