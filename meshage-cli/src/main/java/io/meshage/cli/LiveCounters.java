package io.meshage.cli;

import io.meshage.MeshNode;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the live page gets the counters of a node other than the one serving it, asked once per
 * click on that node ({@code /api/counters/NAME}), never polled: from the node object itself when
 * it runs in this process ({@code demo}), else by {@code mesh send NAME mesh status} through the
 * shell (the node answers in its own format, text or JSON; both are read).
 */
interface LiveCounters {
  /**
   * The non-zero counters of {@code node}, by lower-case name.
   *
   * @throws IllegalStateException with what went wrong, for the page to show
   */
  Map<String, Long> of(String node);

  /** Counters of nodes in this process. */
  static LiveCounters inProcess(Collection<MeshNode> nodes) {
    List<MeshNode> list = List.copyOf(nodes);
    return name -> {
      for (MeshNode n : list) {
        if (n.name().equals(name)) {
          Map<String, Long> counters = new TreeMap<>();
          n.stats().snapshot().forEach((c, v) -> {
            if (v != 0) {
              counters.put(c.name().toLowerCase(Locale.ROOT), v);
            }
          });
          return counters;
        }
      }
      throw new IllegalStateException(name + " is not in this process");
    };
  }

  /** Counters asked with {@code mesh send NAME mesh status} on {@code commands}. */
  static LiveCounters viaShell(ShellCommands commands) {
    return name -> {
      Reply r = commands.execute("mesh send " + name + " mesh status", false);
      for (String line : r.lines()) {
        Map<String, Long> counters = parse(name, line);
        if (counters != null) {
          return counters;
        }
      }
      throw new IllegalStateException(r.lines().isEmpty() ? name + " did not answer" : String.join("; ", r.lines()));
    };
  }

  Pattern JSON_COUNTER = Pattern.compile("\"([a-z_0-9]+)\":(\\d+)");

  /** The counters in one answer line of {@code mesh status} from {@code name}; null when the line has none. */
  static Map<String, Long> parse(String name, String line) {
    String text = name + ": counters:";
    if (line.startsWith(text)) {
      Map<String, Long> counters = new TreeMap<>();
      for (String kv : line.substring(text.length()).strip().split(" ")) {
        int eq = kv.indexOf('=');
        if (eq > 0 && kv.substring(eq + 1).matches("\\d{1,18}")) {
          counters.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
        }
      }
      return counters;
    }
    int at = line.indexOf("\"counters\":{");
    if (line.startsWith(name + ": {") && at > 0) {
      int end = line.indexOf('}', at);
      Map<String, Long> counters = new TreeMap<>();
      Matcher m = JSON_COUNTER.matcher(line.substring(at + "\"counters\":{".length(), end < 0 ? line.length() : end));
      while (m.find()) {
        if (m.group(2).length() <= 18) {
          counters.put(m.group(1), Long.parseLong(m.group(2)));
        }
      }
      return counters;
    }
    return null;
  }
}
