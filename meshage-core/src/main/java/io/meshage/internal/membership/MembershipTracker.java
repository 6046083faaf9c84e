package io.meshage.internal.membership;

import io.meshage.MembershipEvent;
import io.meshage.MembershipEvent.Type;
import io.meshage.Subscription;
import io.meshage.internal.NodeContext;
import io.meshage.routing.Msa;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns what the node learns (MSAs accepted, routes recomputed, its own links going up and down)
 * into typed {@link MembershipEvent}s. Owned by the event loop; listeners run on the handler
 * threads, each in the order its events happened ({@link EventSink}). It tracks the membership
 * only while someone listens, so a node nobody watches pays nothing.
 */
public final class MembershipTracker {
  /** Metadata key of the last MSA a closing node floods (with no neighbours): it left on purpose. */
  public static final String BYE_KEY = "m.bye";
  /** Metadata keys of a node's tags: {@code t.role} = {@code web}. */
  public static final String TAG_PREFIX = "t.";
  /** Shared data (ClusterInfo's {@code d.} entries) is cluster-wide, not an attribute of a node. */
  private static final String SHARED_PREFIX = "d.";

  private final NodeContext node;
  private final Function<String, Msa> msaOf;
  private final Supplier<Set<String>> reachable;
  private final List<EventSink> sinks = new CopyOnWriteArrayList<>();
  /**
   * Neighbours' addresses (kept while linked, and while a listener still knows the node) and why
   * their link last went down; loop-owned.
   */
  private final Map<String, Neighbour> neighbours = new HashMap<>();
  /** The reachable nodes as last reported; null while nobody listens; loop-owned. */
  private Map<String, Known> known;

  private record Known(long instance, Map<String, String> attributes, boolean bye) {}

  private record Neighbour(String address, String downReason) {}

  /**
   * @param msaOf the MSA held for a node, or null
   * @param reachable every other node with a route now
   */
  public MembershipTracker(NodeContext node, Function<String, Msa> msaOf, Supplier<Set<String>> reachable) {
    this.node = node;
    this.msaOf = msaOf;
    this.reachable = reachable;
  }

  /**
   * Adds a listener (on the loop); its first events are the changes after this call. The returned
   * subscription may be closed from any thread.
   */
  public Subscription subscribe(Consumer<MembershipEvent> listener) {
    EventSink sink = new EventSink(node.self(), listener, node.handlers());
    if (known == null) {
      known = new HashMap<>();
      for (String n : reachable.get()) {
        known.put(n, knownOf(n, false));
      }
    }
    sinks.add(sink);
    return () -> {
      sink.close();
      node.loop().execute(
          () -> {
            sinks.remove(sink);
            if (sinks.isEmpty()) {
              known = null;
            }
          });
    };
  }

  /** A new MSA of another node was accepted (loop). */
  public void msaAccepted(Msa msa) {
    if (known == null || msa.origin().equals(node.self())) {
      return;
    }
    Known before = known.get(msa.origin());
    if (before == null) {
      return;
    }
    boolean bye = msa.metadata().containsKey(BYE_KEY);
    Map<String, String> attributes = attributes(msa.metadata());
    known.put(msa.origin(), new Known(msa.instance(), attributes, bye));
    if (before.instance() != msa.instance()) {
      emit(Type.RESTARTED, msa.origin(), "new instance " + msa.instance());
    } else if (!before.attributes().equals(attributes)) {
      emit(Type.UPDATED, msa.origin(), "changed " + String.join(",", changedKeys(before.attributes(), attributes)));
    }
  }

  /** Routes were recomputed and the part changed (loop). */
  public void recomputed() {
    if (known == null) {
      return;
    }
    Set<String> now = reachable.get();
    for (Iterator<Map.Entry<String, Known>> it = known.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Known> e = it.next();
      String name = e.getKey();
      if (!now.contains(name)) {
        Known k = e.getValue();
        boolean bye = k.bye() || byeHeld(name);
        Neighbour n = neighbours.get(name);
        String reason = bye ? "said bye" : n != null && n.downReason() != null ? "link down: " + n.downReason() : "unreachable";
        emit(bye ? Type.LEFT : Type.FAILED, name, reason);
        it.remove();
        if (n != null && n.downReason() != null) {
          neighbours.remove(name);
        }
      }
    }
    for (String name : now) {
      if (!known.containsKey(name)) {
        known.put(name, knownOf(name, false));
        emit(Type.JOINED, name, "");
      }
    }
  }

  /** A link to a new peer came up (loop). */
  public void linkUp(String peer, String address) {
    neighbours.put(peer, new Neighbour(address, null));
    if (known != null) {
      emit(Type.LINK_UP, peer, "");
    }
  }

  /** A link went down (loop). */
  public void linkDown(String peer, String reason) {
    if (known == null) {
      neighbours.remove(peer);
      return;
    }
    Neighbour n = neighbours.get(peer);
    neighbours.put(peer, new Neighbour(n == null ? "" : n.address(), reason));
    emit(Type.LINK_DOWN, peer, reason);
    if (!known.containsKey(peer)) {
      neighbours.remove(peer);
    }
  }

  private boolean byeHeld(String name) {
    Msa m = msaOf.apply(name);
    return m != null && m.metadata().containsKey(BYE_KEY);
  }

  private Known knownOf(String name, boolean bye) {
    Msa m = msaOf.apply(name);
    return m == null ? new Known(0, Map.of(), bye) : new Known(m.instance(), attributes(m.metadata()), bye);
  }

  private void emit(Type type, String name, String reason) {
    Msa m = msaOf.apply(name);
    Neighbour n = neighbours.get(name);
    MembershipEvent e =
        new MembershipEvent(
            type, name, m == null ? 0 : m.instance(), n == null ? "" : n.address(),
            m == null ? Map.of() : tags(m.metadata()), reason);
    for (EventSink s : sinks) {
      s.offer(e);
    }
  }

  /** A node's tags from its MSA metadata. */
  public static Map<String, String> tags(Map<String, String> metadata) {
    Map<String, String> tags = new TreeMap<>();
    metadata.forEach(
        (k, v) -> {
          if (k.startsWith(TAG_PREFIX)) {
            tags.put(k.substring(TAG_PREFIX.length()), v);
          }
        });
    return tags;
  }

  private static Map<String, String> attributes(Map<String, String> metadata) {
    Map<String, String> a = new HashMap<>();
    metadata.forEach(
        (k, v) -> {
          if (!k.startsWith(SHARED_PREFIX) && !k.equals(BYE_KEY)) {
            a.put(k, v);
          }
        });
    return a;
  }

  private static List<String> changedKeys(Map<String, String> before, Map<String, String> after) {
    Set<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    List<String> changed = new ArrayList<>();
    for (String k : keys) {
      if (!java.util.Objects.equals(before.get(k), after.get(k))) {
        changed.add(describe(k));
      }
    }
    return changed;
  }

  /** A metadata key as a user reads it: {@code tag role}, {@code status}, {@code value ccu}. */
  private static String describe(String key) {
    if (key.startsWith(TAG_PREFIX)) {
      return "tag " + key.substring(TAG_PREFIX.length());
    }
    return switch (key) {
      case "c.s" -> "status";
      case "c.t" -> "type";
      case "c.e" -> "endpoint";
      default -> key.startsWith("v.") ? "value " + key.substring(2) : key;
    };
  }
}
