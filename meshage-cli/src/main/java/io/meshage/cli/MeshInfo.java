package io.meshage.cli;

import io.meshage.MembershipEvent;
import io.meshage.MeshNode;
import io.meshage.Subscription;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The shell's views of the membership: {@code mesh status}, {@code mesh list}, {@code mesh tag}
 * and {@code mesh watch}, as text or one JSON object per line.
 */
final class MeshInfo {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private final MeshNode node;
  private final boolean json;

  MeshInfo(MeshNode node, boolean json) {
    this.node = node;
    this.json = json;
  }

  Reply status(Duration sendTimeout) {
    Map<String, Set<String>> mesh = node.mesh();
    Map<String, Long> counters = new TreeMap<>();
    node.stats().snapshot().forEach((c, v) -> {
      if (v != 0) {
        counters.put(c.name().toLowerCase(Locale.ROOT), v);
      }
    });
    Map<String, String> tags = node.tags();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("name", node.name());
      o.put("namespace", node.namespace());
      o.put("listening", ShellCommands.hostPort(node));
      o.put("meshEndpoint", node.cluster().meshEndpoint());
      o.put("endpoint", node.cluster().endpoint());
      o.put("status", node.cluster().status().name().toLowerCase(Locale.ROOT));
      o.put("degree", node.degree());
      o.put("neighbours", new TreeSet<>(node.neighbors()));
      o.put("tags", new TreeMap<>(tags));
      o.put("meshSize", mesh.size());
      o.put("msaPeriodMillis", node.msaPeriod().toMillis());
      o.put("sendTimeoutMillis", sendTimeout.toMillis());
      o.put("counters", counters);
      return Reply.of(Json.of(o));
    }
    List<String> out = new ArrayList<>();
    out.add("name: " + node.name());
    out.add("namespace: " + node.namespace());
    out.add("listening: " + ShellCommands.hostPort(node));
    out.add("mesh endpoint: " + node.cluster().meshEndpoint());
    String endpoint = node.cluster().endpoint();
    out.add("endpoint: " + (endpoint == null ? "-" : endpoint));
    out.add("status: " + node.cluster().status().name().toLowerCase(Locale.ROOT));
    out.add("degree: " + node.degree());
    out.add("neighbours: " + String.join(" ", new TreeSet<>(node.neighbors())));
    out.add(("tags: " + tagText(tags)).strip());
    out.add("mesh size: " + mesh.size());
    out.add("msa period: " + Durations.format(node.msaPeriod()));
    out.add("send timeout: " + Durations.formatLimit(sendTimeout));
    StringBuilder line = new StringBuilder("counters:");
    counters.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    out.add(line.toString());
    return Reply.of(out);
  }

  /** {@code mesh list}: the adjacency list; {@code all}: every node's name; {@code peers}: all but this one. */
  Reply list(String which) {
    if (which.equals("all") || which.equals("peers")) {
      Set<String> names = new TreeSet<>(Targets::natural);
      names.addAll(node.mesh().keySet());
      if (which.equals("peers")) {
        names.remove(node.name());
      }
      return Reply.of(json ? List.of(Json.of(new ArrayList<>(names))) : new ArrayList<>(names));
    }
    if (!which.isEmpty()) {
      return Reply.error("usage: mesh list [all|peers]");
    }
    List<String> out = new ArrayList<>();
    Map<String, Set<String>> mesh = new TreeMap<>(Targets::natural);
    mesh.putAll(node.mesh());
    mesh.forEach(
        (name, neighbours) -> {
          Set<String> sorted = new TreeSet<>(Targets::natural);
          sorted.addAll(neighbours);
          Map<String, String> tags = node.tagsOf(name);
          if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("node", name);
            o.put("neighbours", sorted);
            o.put("tags", new TreeMap<>(tags));
            out.add(Json.of(o));
          } else {
            String line = (name + ": " + String.join(" ", sorted)).strip();
            out.add(tags.isEmpty() ? line : line + " [" + tagText(tags) + "]");
          }
        });
    return Reply.of(out);
  }

  /** {@code mesh tag} lists, {@code mesh tag KEY} shows, {@code KEY=VALUE} sets, {@code KEY=} removes. */
  Reply tag(String arg, boolean remote) {
    if (arg.isEmpty()) {
      List<String> out = new ArrayList<>();
      new TreeMap<>(node.tags()).forEach((k, v) -> out.add(k + "=" + v));
      return Reply.of(out);
    }
    int eq = arg.indexOf('=');
    if (eq < 0) {
      String v = node.tags().get(arg);
      return v == null ? Reply.error("no tag " + arg) : Reply.of(arg + "=" + v);
    }
    if (remote) {
      return Reply.error("mesh tag KEY=VALUE is refused through mesh send; set tags on the node's own shell");
    }
    String key = arg.substring(0, eq);
    String value = arg.substring(eq + 1);
    node.setTag(key, value.isEmpty() ? null : value);
    return Reply.of(value.isEmpty() ? "removed tag " + key : "tag " + key + "=" + value);
  }

  /** Prints membership events as they happen until {@code max} passes or the thread is interrupted. */
  Reply watch(Duration max, Consumer<String> out) {
    Subscription sub = node.onMembership(e -> out.accept(format(e)));
    try {
      if (max.isZero()) {
        Thread.sleep(Long.MAX_VALUE);
      } else {
        Thread.sleep(max.toMillis());
      }
    } catch (InterruptedException e) {
      // Ctrl-C: the watch ends, the shell goes on
    } finally {
      sub.close();
    }
    return Reply.empty();
  }

  String format(MembershipEvent e) {
    String time = LocalTime.now().format(CLOCK);
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("time", time);
      o.put("event", e.type().name());
      o.put("node", e.node());
      o.put("address", e.address());
      o.put("tags", new TreeMap<>(e.tags()));
      o.put("reason", e.reason());
      return Json.of(o);
    }
    return time + " " + MembershipLog.describe(e);
  }

  static String tagText(Map<String, String> tags) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(tags).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return sb.toString();
  }
}
