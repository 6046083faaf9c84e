package io.meshage.cli;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one place that says which shell commands a node runs for other nodes ({@code mesh send}):
 * an allowlist of read-only commands, plus {@code shell} on a node started with {@code
 * --allow-shell}. A command missing here is refused remotely, with one line naming it, so a new
 * shell command is remote-safe only once someone adds it here. An entry says whether the command
 * may take arguments remotely: {@code mesh degree} shows the degree but does not set it, {@code
 * mesh dot} prints to standard output but writes no file. One entry writes: {@code file get}, into
 * the node's download folder only ({@link Arguments#ONE_PATH}); {@code file delete} stays refused.
 */
final class RemoteCommands {
  /** How a command may be called through {@code mesh send}. */
  enum Arguments {
    /** Only bare: with arguments it would change the node or write a file. */
    NONE,
    /** At most one argument without {@code =}: {@code mesh tag KEY} shows, {@code KEY=VALUE} would set. */
    ONE_WITHOUT_EQUALS,
    /** With any arguments: it reads only, whatever they are. */
    ANY,
    /**
     * Exactly one argument, a mesh path: {@code file get} writes, but only a file fetched from the
     * mesh into the node's own download folder (paths checked, the quota applies), and it is how an
     * operator fans a file out ({@code mesh send all file get x.img}).
     */
    ONE_PATH
  }

  /** Command name (its first words, as typed) to what it may take remotely; read-only but {@code file get}. */
  static final Map<String, Arguments> READ_ONLY =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("mesh status", Arguments.NONE),
              Map.entry("mesh list", Arguments.ANY),
              Map.entry("mesh degree", Arguments.NONE),
              Map.entry("mesh timeout", Arguments.NONE),
              Map.entry("mesh msa", Arguments.NONE),
              Map.entry("mesh tag", Arguments.ONE_WITHOUT_EQUALS),
              Map.entry("mesh dot", Arguments.NONE),
              Map.entry("mesh key list", Arguments.NONE),
              Map.entry("rpc methods", Arguments.NONE),
              Map.entry("group list", Arguments.NONE),
              Map.entry("file list", Arguments.ANY),
              Map.entry("file status", Arguments.NONE),
              Map.entry("file get", Arguments.ONE_PATH),
              Map.entry("echo", Arguments.ANY),
              Map.entry("help", Arguments.NONE)));

  /** Commands named by their first two words (and {@code mesh key} by three). */
  private static final List<String> GROUPS = List.of("mesh", "rpc", "group", "file");

  private RemoteCommands() {}

  /**
   * Why {@code line} (trimmed, not empty) must not run on {@code node} for another node, or null
   * when it may.
   */
  static String refusal(String line, boolean allowShell, String node) {
    String[] words = line.strip().split("\\s+");
    String name = name(words);
    int named = name.split(" ").length;
    if (name.equals("shell")) {
      return allowShell ? null : "shell commands are disabled on " + node + " (start it with --allow-shell)";
    }
    Arguments rule = READ_ONLY.get(name);
    if (rule == null) {
      return "'" + name + "' is refused through mesh send: remote commands are read-only (allowed: "
          + String.join(", ", READ_ONLY.keySet()) + ", and shell where started with --allow-shell)";
    }
    int args = words.length - named;
    boolean changes = switch (rule) {
      case NONE -> args > 0;
      case ONE_WITHOUT_EQUALS -> args > 1 || (args == 1 && words[named].contains("="));
      case ANY -> false;
      case ONE_PATH -> args != 1;
    };
    if (changes) {
      if (rule == Arguments.ONE_PATH) {
        return "'" + name + "' takes one path through mesh send";
      }
      return "'" + name + "' with " + (rule == Arguments.NONE ? "arguments" : "KEY=VALUE")
          + " is refused through mesh send: remotely it only shows, "
          + "it does not change the node or write a file";
    }
    return null;
  }

  /** The command's name: its first word, two for {@code mesh}, {@code rpc}, {@code group} and {@code file}, three for {@code mesh key}. */
  static String name(String[] words) {
    if (words.length == 0) {
      return "";
    }
    if (!GROUPS.contains(words[0]) || words.length == 1) {
      return words[0];
    }
    if (words[0].equals("mesh") && words[1].equals("key") && words.length > 2) {
      return "mesh key " + words[2];
    }
    return words[0] + " " + words[1];
  }
}
