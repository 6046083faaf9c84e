package io.meshage.internal.group;

import io.meshage.group.Member;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One group as a node knows it: its settings, the holder of its record, the roster (with a stamp
 * per entry so updates may arrive in any order), this node's members and timers. Guarded by the
 * lock of {@link GroupTable}.
 */
final class GroupState {
  /** One roster entry; removed members stay as tombstones so a late add cannot revive them. */
  record Entry(String uid, String sid, String node, long stamp, boolean present) {}

  final String id;
  final boolean isStatic;
  boolean allowEmpty;
  long ttlMillis;
  long intervalMillis;
  String holder;
  long epoch;
  private long seq;
  final Map<String, Entry> roster = new HashMap<>();
  final Map<String, Member> local = new LinkedHashMap<>();
  /** Holder: nodes whose members were discarded because this node lost sight of them. */
  final Set<String> lostNodes = new HashSet<>();
  int pendingJoins;
  boolean failingOver;
  /** The epoch for which this node sent its members' rejoin messages. */
  long rejoinedEpoch;
  boolean discarded;
  Runnable ttlCancel;
  final List<Runnable> ticks = new ArrayList<>();
  final Outbox.Queue reliable = new Outbox.Queue();
  final Outbox.Queue unreliable = new Outbox.Queue();

  GroupState(String id, boolean isStatic) {
    this.id = id;
    this.isStatic = isStatic;
  }

  /** Applies an update; false when a newer one for that member is already here. */
  boolean apply(Entry e) {
    Entry old = roster.get(e.uid());
    if (old != null && old.stamp() >= e.stamp()) {
      return false;
    }
    roster.put(e.uid(), e);
    return true;
  }

  /** Holder only: a newly stamped entry. */
  Entry stamp(String uid, String sid, String node, boolean present) {
    Entry e = new Entry(uid, sid, node, (epoch << 32) | ++seq, present);
    roster.put(uid, e);
    return e;
  }

  /** Holder only: a new epoch, so its stamps beat every stamp of earlier holders. */
  void newEpoch(String self) {
    long highest = epoch;
    for (Entry e : roster.values()) {
      highest = Math.max(highest, e.stamp() >>> 32);
    }
    epoch = highest + 1;
    seq = 0;
    holder = self;
  }

  boolean isPresent(String uid) {
    Entry e = roster.get(uid);
    return e != null && e.present();
  }

  List<Entry> present() {
    List<Entry> out = new ArrayList<>();
    for (Entry e : roster.values()) {
      if (e.present()) {
        out.add(e);
      }
    }
    return out;
  }

  /** The nodes of present roster entries, and this node when it has members here. */
  Set<String> rosterNodes(String self) {
    Set<String> out = new TreeSet<>();
    for (Entry e : roster.values()) {
      if (e.present()) {
        out.add(e.node());
      }
    }
    if (!local.isEmpty()) {
      out.add(self);
    }
    return out;
  }

  boolean heldBy(String node) {
    return node.equals(holder);
  }
}
