package io.meshage.cli;

import io.meshage.MeshNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The commands of the node shell (minimega's {@code mesh} commands): parses one line, runs it
 * against a {@link MeshNode} and returns the output lines. The same code answers lines that
 * other nodes send with {@code mesh send}.
 */
final class ShellCommands {
  /** First words of the shell, for help and tab completion. */
  static final List<String> COMMANDS = List.of("mesh", "rpc", "group", "file", "shell", "echo", "help", "quit");
  /** Second words after {@code mesh}. */
  static final List<String> MESH_COMMANDS =
      List.of("status", "list", "degree", "dial", "undial", "dials", "hangup", "timeout", "msa", "tag", "dot", "send",
          "watch", "wait", "key");

  private static final List<String> HELP =
      List.of(
          "mesh status                  name, namespace, endpoints, status, degree, neighbours, tags, mesh size, MSA period",
          "mesh list [all|peers]        every known node, its neighbours and tags: \"n1: n2 n3 [role=web]\";",
          "                             all: every node's name, peers: all but this one",
          "mesh degree [N]              show or set the degree",
          DialShell.HELP.get(0),
          DialShell.HELP.get(1),
          DialShell.HELP.get(2),
          "mesh hangup NODE             drop the link to a neighbour (and stop redialing it)",
          "mesh timeout [DURATION]      show or set how long mesh send waits (0 = until all answered)",
          "mesh msa [DURATION]          show or set the MSA period",
          "mesh tag [KEY[=VALUE]]       list, show or set this node's tags (KEY= removes one)",
          "mesh dot [FILE]              graphviz text to stdout or FILE (.svg/.png rendered by dot)",
          "mesh send TARGETS CMD        run CMD there, answers streamed as \"n2: ...\"; Ctrl-C cancels",
          "                             TARGETS: all (other nodes), n1,n2, n[1-40], kn[1-2,5], tag:K=V",
          "mesh watch [DURATION]        stream membership events until Ctrl-C (or DURATION)",
          "mesh wait SIZE [SECONDS]     wait until the mesh has SIZE nodes (default 30 s)",
          KeyShell.HELP.get(0),
          KeyShell.HELP.get(1),
          KeyShell.HELP.get(2),
          RpcShell.HELP.get(0),
          RpcShell.HELP.get(1),
          "group list                   the groups this node knows: holder, members, member nodes",
          FileShell.HELP.get(0),
          FileShell.HELP.get(1),
          FileShell.HELP.get(2),
          FileShell.HELP.get(3),
          FileShell.HELP.get(4),
          "shell CMD                    run an OS command, output streamed (node started with --allow-shell)",
          "echo TEXT                    print TEXT (a marker for scripts)",
          "quit                         leave (BYE to the neighbours)");

  private final MeshNode node;
  private final boolean allowShell;
  private final MeshSend send;
  private final OsCommand os;
  private final RpcShell rpc;
  private final KeyShell keys;
  private final DialShell dials;
  private final MeshInfo info;
  private final FileShell files;
  private final boolean json;

  ShellCommands(MeshNode node, ShellSettings settings, RemoteShell remote) {
    this.node = node;
    this.allowShell = settings.allowShell();
    this.json = settings.json();
    this.send = new MeshSend(node, remote, (line, out) -> run(line, true, out), settings.sendTimeout());
    this.os = new OsCommand(settings.shellTimeout());
    this.rpc = new RpcShell(node, Session.RPC_TIMEOUT);
    this.keys = new KeyShell(node.keys());
    this.dials = new DialShell(node);
    this.info = new MeshInfo(node, settings.json());
    this.files = new FileShell(node, Session.RPC_TIMEOUT, System.console() != null);
  }

  MeshNode node() {
    return node;
  }

  MeshInfo info() {
    return info;
  }

  /**
   * Runs one command line and returns all it printed, for callers that want the whole answer.
   * {@code remote} marks lines that came through {@code mesh send}: only those {@link
   * RemoteCommands} allows run (read-only ones, and {@code shell} with {@code --allow-shell}); a
   * new command is refused remotely until it is listed there.
   */
  Reply execute(String line, boolean remote) {
    List<String> printed = java.util.Collections.synchronizedList(new ArrayList<>());
    Reply r = run(line, remote, printed::add);
    List<String> all;
    synchronized (printed) {
      all = new ArrayList<>(printed);
    }
    all.addAll(r.lines());
    return new Reply(r.ok(), r.quit(), all);
  }

  /**
   * Runs one command line: commands that take long ({@code shell}, {@code mesh send}, {@code mesh
   * watch}) hand their lines to {@code out} as they come (from any thread), the others return
   * them in the reply. An interrupt of the calling thread cancels a long command.
   */
  Reply run(String line, boolean remote, Consumer<String> out) {
    String trimmed = line == null ? "" : line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return Reply.empty();
    }
    if (remote) {
      String refusal = RemoteCommands.refusal(trimmed, allowShell, node.name());
      if (refusal != null) {
        return Reply.error(refusal);
      }
    }
    Words w = new Words(trimmed);
    String first = w.next();
    try {
      return switch (first) {
        case "mesh" -> mesh(w, remote, out);
        case "rpc" -> remote
            ? Reply.error("rpc is refused through mesh send (it would hold the node's handler)")
            : rpc.execute(w.rest());
        case "group" -> groupList(w);
        case "file" -> files.execute(w, remote, out);
        case "shell" -> shell(w.rest(), out);
        case "echo" -> Reply.of(w.rest());
        case "help" -> Reply.of(HELP);
        case "quit", "exit" -> remote
            ? Reply.error("quit is refused through mesh send; stop the node on its own shell")
            : Reply.leave();
        default -> Reply.error("unknown command '" + first + "'" + Suggest.hint(first, COMMANDS));
      };
    } catch (IllegalArgumentException e) {
      return Reply.error(e.getMessage());
    } catch (RuntimeException e) {
      return Reply.error(first + " failed: " + e.getMessage());
    }
  }

  private Reply mesh(Words w, boolean remote, Consumer<String> out) {
    String sub = w.next();
    return switch (sub) {
      case "status" -> {
        w.noMore("mesh status");
        yield info.status(send.timeout());
      }
      case "list" -> info.list(one(w, "mesh list [all|peers]"));
      case "degree" -> degree(w);
      case "dial" -> dials.dial(one(w, "mesh dial host:port"));
      case "undial" -> dials.undial(one(w, "mesh undial host:port|NODE"));
      case "dials" -> {
        w.noMore("mesh dials");
        yield dials.list();
      }
      case "hangup" -> hangup(w);
      case "timeout" -> timeout(w);
      case "msa" -> msa(w);
      case "tag" -> info.tag(one(w, "mesh tag [KEY[=VALUE]]"), remote);
      case "dot" -> dot(w);
      case "key" -> keys.execute(w.rest(), remote);
      case "send" -> remote
          ? Reply.error("mesh send is refused through mesh send (no relays of relays)")
          : send(w, out);
      case "watch" -> remote
          ? Reply.error("mesh watch is refused through mesh send (it never ends by itself)")
          : watch(w, out);
      case "wait" -> remote
          ? Reply.error("mesh wait is refused through mesh send (it would hold the node's handler)")
          : waitFor(w);
      case "" -> Reply.error("mesh needs a command: " + String.join(", ", MESH_COMMANDS));
      default -> Reply.error("unknown mesh command '" + sub + "'" + Suggest.hint(sub, MESH_COMMANDS));
    };
  }

  private static String one(Words w, String usage) {
    String arg = w.next();
    w.noMore(usage);
    return arg;
  }

  private Reply groupList(Words w) {
    if (!"list".equals(w.next())) {
      return Reply.error("group needs a command: list");
    }
    w.noMore("group list");
    return GroupList.of(node);
  }

  private Reply degree(Words w) {
    String arg = one(w, "mesh degree [N]");
    if (arg.isEmpty()) {
      return Reply.of(String.valueOf(node.degree()));
    }
    int degree = parseInt(arg, "degree");
    node.setDegree(degree);
    return Reply.of("degree " + degree);
  }

  private Reply hangup(Words w) {
    String peer = one(w, "mesh hangup NODE");
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
      return Reply.error("mesh wait cancelled");
    } finally {
      sub.close();
    }
    return Reply.of("mesh size " + size);
  }

  /** minimega's {@code mesh timeout}: how long {@code mesh send} waits; 0 = until all answered. */
  private Reply timeout(Words w) {
    String arg = one(w, "mesh timeout [DURATION]");
    if (arg.isEmpty()) {
      return Reply.of(Durations.formatLimit(send.timeout()));
    }
    Duration d = Durations.parseLimit(arg, "mesh send timeout");
    send.timeout(d);
    return Reply.of("mesh send timeout " + Durations.formatLimit(d));
  }

  private Reply msa(Words w) {
    String arg = one(w, "mesh msa [DURATION]");
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

  private Reply send(Words w, Consumer<String> out) {
    String targets = w.next();
    String command = w.rest();
    if (targets.isEmpty() || command.isEmpty()) {
      return Reply.error("usage: mesh send TARGETS CMD (TARGETS: all, n1,n2, n[1-4], tag:KEY=VALUE)");
    }
    return send.send(targets, command, json ? MeshSend.Printer.json(out) : MeshSend.Printer.text(out));
  }

  private Reply watch(Words w, Consumer<String> out) {
    String arg = one(w, "mesh watch [DURATION]");
    return info.watch(arg.isEmpty() ? Duration.ZERO : Durations.parseLimit(arg, "watch"), out);
  }

  private Reply shell(String command, Consumer<String> out) {
    if (!allowShell) {
      return Reply.error(
          "shell commands are disabled on " + node.name() + " (start it with --allow-shell)");
    }
    if (command.isEmpty()) {
      return Reply.error("shell needs a command");
    }
    return os.run(command, out);
  }

  /** The listening address as scripts read it: {@code 0.0.0.0:40123}, {@code [::1]:40123}. */
  static String hostPort(MeshNode node) {
    return HostPort.format(node.listenAddress().getAddress(), node.listenAddress().getPort(),
        node.config().bindAddress());
  }

  private static int parseInt(String text, String what) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a whole number, got '" + text + "'");
    }
  }
}
