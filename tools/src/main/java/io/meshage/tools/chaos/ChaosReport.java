package io.meshage.tools.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a {@link VerdictChaos} run showed: every verdict set beside what the recipients' handlers
 * printed. Counted as wrong: UNREACHABLE for a message that arrived; DELIVERED for one that never
 * reached the handler of a recipient that was not killed afterwards; a message handled twice by one
 * process; a message handled by a node it was not sent to; no verdict from a sender still alive
 * (a hang). Reported beside them: DELIVERED where the recipient was SIGKILLed before its handler
 * ran (the ACK goes out on arrival), and UNCONFIRMED or TIMEOUT of messages that did arrive (their
 * fate was unknown to the sender, as those verdicts say).
 */
record ChaosReport(int nodes, int seconds, int rate, double loss, int faults, int sends, Map<String, Integer> verdicts,
    int unreachableButReceived, int deliveredNotReceived, int deliveredThenKilled, int duplicates,
    int handledByAnotherInstance, int misdelivered, int hangs, int senderKilled, int unknownButReceived,
    List<String> examples) {

  /** One line a child printed, or one action of the driver, with its time and process. */
  record Event(long millis, String node, int instance, String line) {}

  private record Send(long millis, String node, int instance, List<String> targets) {}

  static ChaosReport of(List<Event> events, int nodes, int seconds, int rate, double loss, int faults) {
    Map<Long, Send> sends = new HashMap<>();
    Map<String, List<String>> verdictsOf = new HashMap<>(); // "id target" -> verdicts
    Map<String, Integer> handled = new HashMap<>(); // "id node instance" -> count
    Map<String, Set<Integer>> handledBy = new HashMap<>(); // "id node" -> instances
    Map<String, Long> killed = new HashMap<>(); // "node instance" -> time
    List<String> examples = new ArrayList<>();
    int misdelivered = 0;
    for (Event e : events) {
      String[] w = e.line().split(" ");
      switch (w[0]) {
        case "send" -> sends.put(Long.parseLong(w[1]), new Send(e.millis(), e.node(), e.instance(), List.of(w[2].split(","))));
        case "V" -> verdictsOf.computeIfAbsent(w[1] + " " + w[2], k -> new ArrayList<>()).add(w[3]);
        case "F" -> verdictsOf.computeIfAbsent(w[1] + " *", k -> new ArrayList<>()).add("FAILED:" + w[2]);
        case "R" -> {
          handled.merge(w[1] + " " + e.node() + " " + e.instance(), 1, Integer::sum);
          handledBy.computeIfAbsent(w[1] + " " + e.node(), k -> new HashSet<>()).add(e.instance());
        }
        case "kill" -> killed.put(e.node() + " " + e.instance(), e.millis());
        default -> { }
      }
    }
    Map<String, Integer> counts = new TreeMap<>();
    int unreachableButReceived = 0;
    int deliveredNotReceived = 0;
    int deliveredThenKilled = 0;
    int hangs = 0;
    int senderKilled = 0;
    int unknownButReceived = 0;
    for (Map.Entry<Long, Send> s : sends.entrySet()) {
      long id = s.getKey();
      Send send = s.getValue();
      for (String t : send.targets()) {
        List<String> vs = verdictsOf.getOrDefault(id + " " + t, verdictsOf.get(id + " *"));
        boolean received = handledBy.containsKey(id + " " + t);
        if (vs == null || vs.isEmpty()) {
          if (killed.containsKey(send.node() + " " + send.instance())) {
            senderKilled++;
          } else {
            hangs++;
            example(examples, "no verdict: " + id + " from " + send.node() + " to " + t);
          }
          continue;
        }
        String v = vs.get(0);
        counts.merge(v, 1, Integer::sum);
        if (v.equals("UNREACHABLE") && received) {
          unreachableButReceived++;
          example(examples, "UNREACHABLE but received: " + id + " from " + send.node() + " at " + send.millis()
              + " ms to " + t);
        } else if (v.equals("DELIVERED") && !received) {
          if (killedAfter(killed, t, send.millis())) {
            deliveredThenKilled++;
          } else {
            deliveredNotReceived++;
            example(examples, "DELIVERED but not received: " + id + " from " + send.node() + " to " + t);
          }
        } else if ((v.equals("UNCONFIRMED") || v.equals("TIMEOUT")) && received) {
          unknownButReceived++;
        }
      }
    }
    int duplicates = 0;
    for (Map.Entry<String, Integer> h : handled.entrySet()) {
      if (h.getValue() > 1) {
        duplicates++;
        example(examples, "handled " + h.getValue() + " times: " + h.getKey());
      }
    }
    int anotherInstance = 0;
    for (Map.Entry<String, Set<Integer>> h : handledBy.entrySet()) {
      String[] k = h.getKey().split(" ");
      Send send = sends.get(Long.parseLong(k[0]));
      if (send == null || !send.targets().contains(k[1])) {
        misdelivered++;
        example(examples, "handled by a node it was not sent to: " + h.getKey());
      } else if (h.getValue().size() > 1) {
        anotherInstance++;
      }
    }
    return new ChaosReport(nodes, seconds, rate, loss, faults, sends.size(), counts, unreachableButReceived,
        deliveredNotReceived, deliveredThenKilled, duplicates, anotherInstance, misdelivered, hangs, senderKilled,
        unknownButReceived, examples);
  }

  private static boolean killedAfter(Map<String, Long> killed, String node, long millis) {
    for (Map.Entry<String, Long> k : killed.entrySet()) {
      if (k.getKey().startsWith(node + " ") && k.getValue() >= millis) {
        return true;
      }
    }
    return false;
  }

  private static void example(List<String> examples, String line) {
    if (examples.size() < 10) {
      examples.add(line);
    }
  }

  /** Nothing wrong: no verdict contradicted what the handlers saw, no duplicate, no hang. */
  boolean clean() {
    return sends > 0 && unreachableButReceived == 0 && deliveredNotReceived == 0 && duplicates == 0
        && misdelivered == 0 && hangs == 0;
  }

  List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add(String.format(Locale.ROOT, "verdict chaos: %d node processes, %d s, %d sends/s, loss %.0f%%, %d faults",
        nodes, seconds, rate, loss * 100, faults));
    out.add(String.format(Locale.ROOT, "  sends %,d; verdicts %s", sends, verdicts));
    out.add(String.format(Locale.ROOT, "  UNREACHABLE but received       %,d", unreachableButReceived));
    out.add(String.format(Locale.ROOT, "  DELIVERED but never handled    %,d (and %,d whose recipient was SIGKILLed"
        + " before its handler ran)", deliveredNotReceived, deliveredThenKilled));
    out.add(String.format(Locale.ROOT, "  handled twice by one process   %,d (by two instances of a name: %,d)",
        duplicates, handledByAnotherInstance));
    out.add(String.format(Locale.ROOT, "  handled by a non-recipient     %,d", misdelivered));
    out.add(String.format(Locale.ROOT, "  no verdict (hang)              %,d (senders SIGKILLed before their verdict: %,d)",
        hangs, senderKilled));
    out.add(String.format(Locale.ROOT, "  UNCONFIRMED or TIMEOUT, in fact received %,d", unknownButReceived));
    for (String e : examples) {
      out.add("  e.g. " + e);
    }
    out.add(clean() ? "  verdicts true" : "  VERDICTS WRONG");
    return out;
  }
}
