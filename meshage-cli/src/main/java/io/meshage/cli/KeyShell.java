package io.meshage.cli;

import io.meshage.NamespaceKeys;
import java.util.List;

/**
 * The shell's {@code mesh key} commands over {@code node.keys()}: list, install, use and remove
 * namespace keys, for a rotation without downtime (install everywhere, use everywhere, remove).
 */
final class KeyShell {
  static final List<String> HELP =
      List.of(
          "mesh key list                the namespace keys by id, the one used for sending marked primary",
          "mesh key install BASE64      accept a new key (prints its id); then 'mesh key use ID' on every node",
          "mesh key use ID              send with key ID; mesh key remove ID drops an old key");

  private final NamespaceKeys keys;

  KeyShell(NamespaceKeys keys) {
    this.keys = keys;
  }

  /** Runs the words after {@code mesh key}; {@code remote} lines may only list. */
  Reply execute(String args, boolean remote) {
    String[] w = args.isBlank() ? new String[0] : args.strip().split("\\s+");
    if (w.length == 1 && w[0].equals("list")) {
      return keys.keyed() ? Reply.of(keys.describe()) : Reply.of("no namespace key (links are not encrypted)");
    }
    if (w.length == 2 && List.of("install", "use", "remove").contains(w[0])) {
      if (remote) {
        return Reply.error("mesh key " + w[0] + " is refused through mesh send; run it on the node's own shell");
      }
      switch (w[0]) {
        case "install" -> {
          return Reply.of("installed " + keys.install(KeyFile.decode(w[1], "the key")));
        }
        case "use" -> {
          keys.use(w[1]);
          return Reply.of("using " + w[1]);
        }
        default -> {
          keys.remove(w[1]);
          return Reply.of("removed " + w[1]);
        }
      }
    }
    return Reply.error("usage: mesh key list | mesh key install BASE64 | mesh key use ID | mesh key remove ID");
  }
}
