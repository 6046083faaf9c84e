package io.meshage.cli;

import io.meshage.MeshNode;
import io.meshage.group.GroupView;
import io.meshage.group.Groups;
import java.util.ArrayList;
import java.util.List;

/**
 * The shell's {@code group list}: every group this node knows, one per line, sorted: {@code ID
 * holder=n1 members=12 local=3 nodes=n1,n4 [static]}, then the group counters that are not zero.
 */
final class GroupList {
  private GroupList() {}

  static Reply of(MeshNode node) {
    Groups groups = node.groups();
    List<String> out = new ArrayList<>();
    for (String id : groups.knownGroups()) {
      groups.group(id).ifPresent(v -> out.add(line(v)));
    }
    if (out.isEmpty()) {
      out.add("no groups on " + node.name());
    }
    StringBuilder counters = new StringBuilder("counters:");
    groups.stats().snapshot().forEach((c, n) -> {
      if (n != 0) {
        counters.append(' ').append(c.name().toLowerCase()).append('=').append(n);
      }
    });
    out.add(counters.toString());
    return Reply.of(out);
  }

  private static String line(GroupView v) {
    return v.id() + (v.isStatic() ? " static" : " holder=" + v.holder()) + " members=" + v.members().size()
        + " local=" + v.localMembers().size() + " nodes=" + String.join(",", v.memberNodes());
  }
}
