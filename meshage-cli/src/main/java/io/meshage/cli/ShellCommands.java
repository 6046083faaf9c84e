package io.meshage.cli;

import io.meshage.MeshNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The commands of the node shell (minimega's {@code mesh} commands): parses one line, runs it
 * against a {@link MeshNode} and returns the output lines. The same code answers lines that
 * other nodes send with {@code mesh send}.
 */
final class ShellCommands {
  /** First words of the shell, for help and tab completion. */
  static final List<String> COMMANDS = List.of("mesh", "rpc", "group", "shell", "echo", "help", "quit");
  /** Second words after {@code mesh}. */
  static final List<String> MESH_COMMANDS =
      List.of("status", "list", "degree", "dial", "hangup", "timeout", "dot", "send", "wait", "key");

  private static final List<String> HELP =
      List.of(
          "mesh status                  name, namespace, endpoints, status, degree, neighbours, mesh size, MSA period",
          "mesh list                    every known node and its neighbours: \"n1: n2 n3\"",
          "mesh degree [N]              show or set the degree",
          "mesh dial host:port          connect to a node",
          "mesh hangup NODE             drop the link to a neighbour",
          "mesh timeout [SECONDS]       show or set the MSA period",
          "mesh dot [FILE]              graphviz text to stdout or FILE (.svg/.png rendered by dot)",
          "mesh send <all|n1,n2> CMD    run CMD on those nodes; answers prefixed \"n2: \"",
          "mesh wait SIZE [SECONDS]     wait until the mesh has SIZE nodes (default 30 s)",
          KeyShell.HELP.get(0),
          KeyShell.HELP.get(1),
          KeyShell.HELP.get(2),
          RpcShell.HELP.get(0),
          RpcShell.HELP.get(1),
          "group list                   the groups this node knows: holder, members, member nodes",
          "shell CMD                    run an OS command (node started with --allow-shell)",
          "echo TEXT                    print TEXT (a marker for scripts)",
          "quit                         leave (BYE to the neighbours)");

  private final MeshNode node;
  private final boolean allowShell;
  private final MeshSend send;
  private final OsCommand os;
  private final RpcShell rpc;
  private final KeyShell keys;

  ShellCommands(MeshNode node, boolean allowShell, RemoteShell remote, Duration sendTimeout) {
    this.node = node;
    this.allowShell = allowShell;
    this.send =
        new MeshSend(
            node.name(), remote, line -> execute(line, true), node::broadcastRecipients, sendTimeout);
    this.os = new OsCommand(sendTimeout.dividedBy(2));
    this.rpc = new RpcShell(node, sendTimeout);
    this.keys = new KeyShell(node.keys());
  }

  MeshNode node() {
    return node;
  }

  /**
   * Runs one command line. {@code remote} marks lines that came through {@code mesh send}: they
   * may not quit the node or send on themselves.
   */
  Reply execute(String line, boolean remote) {
    String trimmed = line == null ? "" : line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return Reply.empty();
    }
    Words w = new Words(trimmed);
    String first = w.next();
    try {
      return switch (first) {
        case "mesh" -> mesh(w, remote);
        case "rpc" -> remote
            ? Reply.error("rpc is refused through mesh send (it would hold the node's handler)")
            : rpc.execute(w.rest());
        case "group" -> "list".equals(w.next())
            ? w.noMore("group list").groupList()
            : Reply.error("group needs a command: list");
        case "shell" -> shell(w.rest());
        case "echo" -> Reply.of(w.rest());
        case "help" -> Reply.of(HELP);
        case "quit", "exit" -> remote
            ? Reply.error("quit is refused through mesh send; stop the node on its own shell")
            : Reply.leave();
        default -> Reply.error("unknown command '" + first + "' (try help)");
      };
    } catch (IllegalArgumentException e) {
      return Reply.error(e.getMessage());
    } catch (RuntimeException e) {
      return Reply.error(first + " failed: " + e.getMessage());
    }
  }

  private Reply mesh(Words w, boolean remote) {
    String sub = w.next();
    return switch (sub) {
      case "status" -> w.noMore("mesh status").status();
      case "list" -> w.noMore("mesh list").list();
      case "degree" -> degree(w);
      case "dial" -> dial(w);
      case "hangup" -> hangup(w);
      case "timeout" -> timeout(w);
      case "dot" -> dot(w);
      case "key" -> keys.execute(w.rest(), remote);
      case "send" -> remote
          ? Reply.error("mesh send is refused through mesh send (no relays of relays)")
          : send(w);
      case "wait" -> remote
          ? Reply.error("mesh wait is refused through mesh send (it would hold the node's handler)")
          : waitFor(w);
      case "" -> Reply.error("mesh needs a command: " + String.join(", ", MESH_COMMANDS));
      default -> Reply.error("unknown mesh command '" + sub + "' (try help)");
    };
  }

  private Reply groupList() {
    return GroupList.of(node);
  }

  private Reply status() {
    Map<String, Set<String>> mesh = node.mesh();
    List<String> out = new ArrayList<>();
    out.add("name: " + node.name());
    out.add("namespace: " + node.namespace());
    out.add("listening: " + hostPort(node));
    out.add("mesh endpoint: " + node.cluster().meshEndpoint());
    String endpoint = node.cluster().endpoint();
    out.add("endpoint: " + (endpoint == null ? "-" : endpoint));
    out.add("status: " + node.cluster().status().name().toLowerCase(Locale.ROOT));
    out.add("degree: " + node.degree());
    out.add("neighbours: " + String.join(" ", new TreeSet<>(node.neighbors())));
    out.add("mesh size: " + mesh.size());
    out.add("msa period: " + Durations.format(node.msaPeriod()));
    StringBuilder counters = new StringBuilder("counters:");
    node.stats()
        .snapshot()
        .forEach(
            (counter, value) -> {
              if (value != 0) {
                counters.append(' ').append(counter.name().toLowerCase(Locale.ROOT)).append('=').append(value);
              }
            });
    out.add(counters.toString());
    return Reply.of(out);
  }

  private Reply list() {
    List<String> out = new ArrayList<>();
    new TreeMap<>(node.mesh())
        .forEach(
            (name, neighbours) ->
                out.add((name + ": " + String.join(" ", new TreeSet<>(neighbours))).strip()));
    return Reply.of(out);
  }

  private Reply degree(Words w) {
    String arg = w.next();
    w.noMore("mesh degree [N]");
    if (arg.isEmpty()) {
      return Reply.of(String.valueOf(node.degree()));
    }
    int degree = parseInt(arg, "degree");
    node.setDegree(degree);
    return Reply.of("degree " + degree);
  }

  private Reply dial(Words w) {
    String address = w.next();
    w.noMore("mesh dial host:port");
    if (address.isEmpty()) {
      return Reply.error("mesh dial needs host:port");
    }
    try {
      return Reply.of("connected to " + node.dial(address));
    } catch (IOException e) {
      return Reply.error("dial " + address + ": " + e.getMessage());
    }
  }

  private Reply hangup(Words w) {
    String peer = w.next();
    w.noMore("mesh hangup NODE");
    if (peer.isEmpty()) {
      return Reply.error("mesh hangup needs a neighbour's name");
    }
    return node.hangup(peer)
        ? Reply.of("hung up " + peer)
        : Reply.error("no link to " + peer + " (neighbours: "
            + String.join(" ", new TreeSet<>(node.neighbors())) + ")");
  }

  /**
   * Blocks until the mesh has exactly SIZE nodes, woken by topology changes, for scripts that
   * must wait for convergence (or for a node to be dropped) instead of polling.
   */
  private Reply waitFor(Words w) {
    String sizeArg = w.next();
    String secondsArg = w.next();
    w.noMore("mesh wait SIZE [SECONDS]");
    if (sizeArg.isEmpty()) {
      return Reply.error("mesh wait needs the mesh size to wait for");
    }
    int size = parseInt(sizeArg, "mesh size");
    Duration max = secondsArg.isEmpty() ? Duration.ofSeconds(30) : Durations.parse(secondsArg, "wait");
    java.util.concurrent.Semaphore changed = new java.util.concurrent.Semaphore(0);
    long deadline = System.nanoTime() + max.toNanos();
    io.meshage.Subscription sub = node.onTopologyChange(m -> changed.release());
    try {
      for (int seen = node.mesh().size(); seen != size; seen = node.mesh().size()) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !changed.tryAcquire(left, java.util.concurrent.TimeUnit.NANOSECONDS)) {
          seen = node.mesh().size();
          if (seen == size) {
            break;
          }
          return Reply.error("mesh size is " + seen + ", not " + size + ", after " + Durations.format(max));
        }
        changed.drainPermits();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Reply.error("interrupted");
    } finally {
      sub.close();
    }
    return Reply.of("mesh size " + size);
  }

  private Reply timeout(Words w) {
    String arg = w.next();
    w.noMore("mesh timeout [SECONDS]");
    if (arg.isEmpty()) {
      return Reply.of(Durations.format(node.msaPeriod()));
    }
    Duration period = Durations.parse(arg, "MSA period");
    node.setMsaPeriod(period);
    return Reply.of("msa period " + Durations.format(period));
  }

  private Reply dot(Words w) {
    String file = w.rest();
    String text = node.dot();
    if (file.isEmpty()) {
      return Reply.of(List.of(text.split("\n")));
    }
    try {
      return Reply.of(DotFiles.write(text, java.nio.file.Path.of(file)));
    } catch (IOException e) {
      return Reply.error("mesh dot " + file + ": " + e.getMessage());
    }
  }

  private Reply send(Words w) {
    String targets = w.next();
    String command = w.rest();
    if (targets.isEmpty() || command.isEmpty()) {
      return Reply.error("usage: mesh send <all|n1,n2> CMD");
    }
    return Reply.of(send.send(targets, command));
  }

  private Reply shell(String command) {
    if (!allowShell) {
      return Reply.error(
          "shell commands are disabled on " + node.name() + " (start it with --allow-shell)");
    }
    if (command.isEmpty()) {
      return Reply.error("shell needs a command");
    }
    return os.run(command);
  }

  static String hostPort(MeshNode node) {
    return node.listenAddress().getAddress().getHostAddress() + ":" + node.listenAddress().getPort();
  }

  private static int parseInt(String text, String what) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a whole number, got '" + text + "'");
    }
  }

  /** Splits a command line word by word; the rest of the line stays available as typed. */
  private final class Words {
    private String remaining;

    Words(String line) {
      this.remaining = line.strip();
    }

    /** The next word, or "" at the end. */
    String next() {
      if (remaining.isEmpty()) {
        return "";
      }
      int space = indexOfSpace(remaining);
      String word = space < 0 ? remaining : remaining.substring(0, space);
      remaining = space < 0 ? "" : remaining.substring(space).strip();
      return word;
    }

    /** Everything not read yet, as typed. */
    String rest() {
      String r = remaining;
      remaining = "";
      return r;
    }

    /** Refuses extra words: a bad argument is an error, not ignored. */
    ShellCommands noMore(String usage) {
      if (!remaining.isEmpty()) {
        throw new IllegalArgumentException("unexpected '" + remaining + "'; usage: " + usage);
      }
      return ShellCommands.this;
    }

    private int indexOfSpace(String s) {
      for (int i = 0; i < s.length(); i++) {
        if (Character.isWhitespace(s.charAt(i))) {
          return i;
        }
      }
      return -1;
    }
  }
}
