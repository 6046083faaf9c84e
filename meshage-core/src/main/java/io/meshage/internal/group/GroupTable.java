package io.meshage.internal.group;

import io.meshage.MeshNode;
import io.meshage.command.ClusterInfo;
import io.meshage.group.GroupCounter;
import io.meshage.group.GroupView;
import io.meshage.group.Member;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The groups one node knows (those it holds, those it has members in, the static ones) and the
 * groups of each local member. Every method runs under this object's lock; no user code runs
 * under it. Static group membership is published as the node value {@value #STATIC_KEY}.
 */
final class GroupTable {
  /** The node value listing the static groups with members on a node. */
  static final String STATIC_KEY = "group.static";

  final String self;
  final GroupCounters stats = new GroupCounters();
  private final MeshNode node;
  private final ClusterInfo cluster;
  private final Map<String, GroupState> groups = new HashMap<>();
  private final Map<String, LinkedHashSet<String>> byUid = new HashMap<>();
  private List<String> published = List.of();

  GroupTable(MeshNode node) {
    this.node = node;
    this.self = node.name();
    this.cluster = node.cluster();
  }

  synchronized GroupState get(String id) {
    return groups.get(id);
  }

  synchronized void put(GroupState st) {
    groups.put(st.id, st);
  }

  synchronized List<GroupState> all() {
    return new ArrayList<>(groups.values());
  }

  /** Forgets a group here: its timers stop and its local members lose it. */
  synchronized void remove(GroupState st) {
    if (groups.get(st.id) != st) {
      return;
    }
    groups.remove(st.id);
    st.discarded = true;
    stats.increment(GroupCounter.DISCARDED);
    if (st.ttlCancel != null) {
      st.ttlCancel.run();
      st.ttlCancel = null;
    }
    st.ticks.forEach(Runnable::run);
    st.ticks.clear();
    for (String uid : st.local.keySet()) {
      unindex(uid, st.id);
    }
  }

  synchronized void addLocal(GroupState st, Member m) {
    st.local.put(m.uid(), m);
    LinkedHashSet<String> ids = byUid.computeIfAbsent(m.uid(), k -> new LinkedHashSet<>());
    ids.remove(st.id); // re-adding moves it to the end: the latest group
    ids.add(st.id);
    if (st.isStatic) {
      publishStatic();
    }
  }

  synchronized void removeLocal(GroupState st, String uid) {
    if (st.local.remove(uid) != null) {
      unindex(uid, st.id);
      if (st.isStatic) {
        publishStatic();
      }
    }
  }

  private void unindex(String uid, String id) {
    LinkedHashSet<String> ids = byUid.get(uid);
    if (ids != null) {
      ids.remove(id);
      if (ids.isEmpty()) {
        byUid.remove(uid);
      }
    }
  }

  /** The groups of a local member, oldest first. */
  synchronized List<String> groupsOf(String uid) {
    LinkedHashSet<String> ids = byUid.get(uid);
    return ids == null ? List.of() : List.copyOf(ids);
  }

  /** Nodes with members of {@code st}, this node included when it has some; sorted. */
  synchronized Set<String> memberNodes(GroupState st) {
    if (!st.isStatic) {
      return Collections.unmodifiableSet(st.rosterNodes(self));
    }
    Set<String> out = new TreeSet<>();
    if (!st.local.isEmpty()) {
      out.add(self);
    }
    for (String n : node.broadcastRecipients()) {
      if (cluster.nodeValue(n, STATIC_KEY) instanceof List<?> ids && ids.contains(st.id)) {
        out.add(n);
      }
    }
    return Collections.unmodifiableSet(out);
  }

  /** The other nodes reachable now. */
  Set<String> reachable() {
    return node.broadcastRecipients();
  }

  private void publishStatic() {
    List<String> ids = new ArrayList<>();
    for (GroupState st : groups.values()) {
      if (st.isStatic && !st.local.isEmpty()) {
        ids.add(st.id);
      }
    }
    Collections.sort(ids);
    if (!ids.equals(published)) {
      published = List.copyOf(ids);
      cluster.setNodeValue(STATIC_KEY, ids.isEmpty() ? null : new ArrayList<Object>(ids));
    }
  }

  /** The group as this node knows it. */
  synchronized Optional<GroupView> view(String groupId) {
    GroupState st = groups.get(groupId);
    if (st == null) {
      return Optional.empty();
    }
    Map<String, String> sids = new TreeMap<>();
    Map<String, String> nodes = new TreeMap<>();
    for (GroupState.Entry e : st.present()) {
      sids.put(e.uid(), e.sid());
      nodes.put(e.uid(), e.node());
    }
    for (Member m : st.local.values()) {
      sids.put(m.uid(), m.sid());
      nodes.put(m.uid(), self);
    }
    return Optional.of(new GroupView(st.id, st.isStatic, st.allowEmpty,
        Duration.ofMillis(st.ttlMillis), Duration.ofMillis(st.intervalMillis), st.holder,
        memberNodes(st), sids, nodes, new TreeSet<>(st.local.keySet())));
  }
}
