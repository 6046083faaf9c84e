package io.meshage.internal.group;

import io.meshage.command.Payloads;
import io.meshage.group.GroupMessage;
import io.meshage.internal.codec.NameRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The group layer's commands on the mesh (reserved command ids) and the request maps they carry:
 * roster entries, snapshots and message batches. Decoding checks every field and throws
 * IllegalArgumentException (the command layer answers it as a handler error).
 */
final class GroupWire {
  /** A member node asks the holder to add a member. */
  static final int JOIN = 300;
  /** A member node tells the holder a member left. */
  static final int LEAVE = 301;
  /** A member node whose holder was lost re-registers its members at another node. */
  static final int REJOIN = 302;
  /** The holder sends roster changes to the member nodes. */
  static final int ROSTER = 303;
  /** A batch of group messages for the members on the receiving node. */
  static final int DELIVER = 304;
  /** Which node holds this group? */
  static final int LOCATE = 305;

  static final String OK = "OK";
  static final String REDIRECT = "REDIRECT";

  private static final int RANDOM_HEX = 24;

  private GroupWire() {}

  /** A new group id: 24 hex digits, a dash, the name of the node that created it. */
  static String newId(long random, int counter, String owner) {
    return String.format("%016x%08x-%s", random, counter, owner);
  }

  /** The creating node of a dynamic group id; null when {@code id} is not one. */
  static String ownerOf(String id) {
    if (id.length() <= RANDOM_HEX + 1 || id.charAt(RANDOM_HEX) != '-') {
      return null;
    }
    for (int i = 0; i < RANDOM_HEX; i++) {
      if (Character.digit(id.charAt(i), 16) < 0) {
        return null;
      }
    }
    return id.substring(RANDOM_HEX + 1);
  }

  static List<Object> entry(GroupState.Entry e) {
    return List.of(e.uid(), e.sid(), e.node(), e.stamp(), e.present());
  }

  static List<Object> entries(List<GroupState.Entry> es) {
    List<Object> out = new ArrayList<>(es.size());
    for (GroupState.Entry e : es) {
      out.add(entry(e));
    }
    return out;
  }

  static List<GroupState.Entry> entries(Map<String, ?> data, String key) {
    List<GroupState.Entry> out = new ArrayList<>();
    for (Object o : Payloads.getList(data, key)) {
      if (!(o instanceof List<?> l) || l.size() != 5 || !(l.get(0) instanceof String uid)
          || !(l.get(1) instanceof String sid) || !(l.get(2) instanceof String node)
          || !(l.get(3) instanceof Long stamp) || !(l.get(4) instanceof Boolean present)) {
        throw new IllegalArgumentException(key + ": a roster entry must be [uid, sid, node, stamp, present]");
      }
      if (!NameRule.valid(node)) {
        throw new IllegalArgumentException(key + ": roster node " + NameRule.quoted(node) + " is not a valid name");
      }
      out.add(new GroupState.Entry(uid, sid, node, stamp, present));
    }
    return out;
  }

  /** The holder's answer to a join or rejoin: the whole group. */
  static Map<String, Object> snapshot(GroupState st) {
    Map<String, Object> m = settings(st);
    m.put("s", OK);
    m.put("roster", entries(new ArrayList<>(st.roster.values())));
    return m;
  }

  /** Holder, epoch and settings of a group, for snapshots and roster updates. */
  static Map<String, Object> settings(GroupState st) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("g", st.id);
    m.put("holder", st.holder);
    m.put("epoch", st.epoch);
    m.put("allowEmpty", st.allowEmpty);
    m.put("ttl", st.ttlMillis);
    m.put("interval", st.intervalMillis);
    return m;
  }

  /**
   * Takes holder, epoch and settings from a snapshot or update when they take precedence: a
   * higher epoch wins; in one epoch (two nodes took a group over at once) the smaller holder name.
   */
  static boolean adopt(GroupState st, Map<String, ?> m) {
    long epoch = Payloads.getLong(m, "epoch");
    String holder = Payloads.getString(m, "holder");
    if (!NameRule.valid(holder)) {
      throw new IllegalArgumentException("group holder " + NameRule.quoted(holder) + " is not a valid name");
    }
    if (!precedes(epoch, holder, st)) {
      return false;
    }
    st.epoch = epoch;
    st.holder = holder;
    st.allowEmpty = Payloads.getBool(m, "allowEmpty");
    st.ttlMillis = Payloads.getLong(m, "ttl");
    st.intervalMillis = Payloads.getLong(m, "interval");
    return true;
  }

  /** Whether a holder claim (epoch, holder) is at least as strong as what {@code st} has. */
  static boolean precedes(long epoch, String holder, GroupState st) {
    if (st.epoch == 0 || st.holder == null || epoch > st.epoch) {
      return true;
    }
    return epoch == st.epoch && holder.compareTo(st.holder) <= 0;
  }

  static Map<String, Object> status(String status) {
    return Map.of("s", status);
  }

  static List<Object> item(Outbox.Item i) {
    return List.of(i.kind().ordinal(), i.ver(), i.cmd(), i.uid() == null ? "" : i.uid(), i.message());
  }

  static Outbox.Item item(Object o) {
    if (!(o instanceof List<?> l) || l.size() != 5 || !(l.get(0) instanceof Integer kind)
        || !(l.get(1) instanceof Integer ver) || !(l.get(2) instanceof Integer cmd)
        || !(l.get(3) instanceof String uid) || !(l.get(4) instanceof byte[] message)
        || kind < 0 || kind >= GroupMessage.Kind.values().length) {
      throw new IllegalArgumentException("a group message must be [kind, ver, cmd, uid, bytes]");
    }
    return new Outbox.Item(GroupMessage.Kind.values()[kind], uid.isEmpty() ? null : uid, ver, cmd,
        message, null);
  }
}
