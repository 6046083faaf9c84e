package io.meshage.cli.scenario;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a parsed scenario's events against each other in time order: a crash of more nodes than
 * can be live, a crash, freeze or flap of a node crashed by name before (and not restarted), an
 * unfreeze of a node not frozen, traffic to more recipients than the topology has, a partition
 * that leaves one set. It keeps an upper bound on the live nodes: random crashes make the state of
 * every node that was live uncertain, so only what is sure is reported.
 */
final class ScenarioChecks {
  private enum State { LIVE, MAYBE_DOWN, DOWN }

  private final Topology topology;
  private final Map<String, State> state = new HashMap<>();
  private final Map<String, Integer> crashedOnLine = new HashMap<>();
  private final Set<String> frozen = new HashSet<>();
  private int liveAtMost;

  private ScenarioChecks(Topology topology) {
    this.topology = topology;
    topology.names().forEach(n -> state.put(n, State.LIVE));
    liveAtMost = topology.names().size();
  }

  /** Throws a {@link ScenarioException} for the first mistake, naming its line and field. */
  static void check(Topology topology, List<Scenario.Event> sorted) {
    ScenarioChecks c = new ScenarioChecks(topology);
    sorted.forEach(c::apply);
  }

  private void apply(Scenario.Event e) {
    int line = e.line();
    String when = " at " + Units.format(e.atNanos());
    Action a = e.action();
    if (a instanceof Action.Crash c) {
      if (c.names().isEmpty()) {
        if (c.count() > liveAtMost) {
          throw new ScenarioException(line, "crash", c.count() + " nodes, but at most " + liveAtMost
              + " are live" + when);
        }
        liveAtMost -= c.count();
        state.replaceAll((n, s) -> s == State.LIVE ? State.MAYBE_DOWN : s);
        frozen.clear();
        return;
      }
      for (String n : c.names()) {
        notCrashed(line, "crash", n, when);
        if (state.get(n) == State.LIVE) {
          liveAtMost--;
        }
        state.put(n, State.DOWN);
        crashedOnLine.put(n, line);
        frozen.remove(n);
      }
    } else if (a instanceof Action.Restart r) {
      List<String> who = r.names().isEmpty() ? topology.names() : r.names();
      for (String n : who) {
        if (state.get(n) != State.LIVE) {
          liveAtMost++;
        }
        state.put(n, State.LIVE);
        frozen.remove(n);
      }
    } else if (a instanceof Action.Freeze f) {
      for (String n : f.names()) {
        notCrashed(line, "freeze", n, when);
        frozen.add(n);
      }
    } else if (a instanceof Action.Unfreeze u) {
      for (String n : u.names()) {
        if (!frozen.remove(n) && state.get(n) == State.LIVE) {
          throw new ScenarioException(line, "unfreeze", "node '" + n + "' is not frozen" + when);
        }
      }
    } else if (a instanceof Action.Flap f) {
      notCrashed(line, "flap", f.a(), when);
      notCrashed(line, "flap", f.b(), when);
    } else if (a instanceof Action.Traffic t && t.kind() == Action.Traffic.Kind.SET
        && t.recipients() > topology.names().size() - 1) {
      throw new ScenarioException(line, "to", t.recipients() + " recipients, but the topology has only "
          + topology.names().size() + " nodes (at most " + (topology.names().size() - 1) + " besides the sender)");
    } else if (a instanceof Action.Partition p) {
      int named = p.sets().stream().mapToInt(Set::size).sum();
      if (p.sets().size() == 1 && named == topology.names().size()) {
        throw new ScenarioException(line, "partition", "all nodes are in one set: nothing is split"
            + " (name a subset, or several sets separated by '|')");
      }
    }
  }

  private void notCrashed(int line, String field, String n, String when) {
    if (state.get(n) == State.DOWN) {
      throw new ScenarioException(line, field, "node '" + n + "' is crashed" + when + " (crashed on line "
          + crashedOnLine.get(n) + ", not restarted since)");
    }
  }
}
