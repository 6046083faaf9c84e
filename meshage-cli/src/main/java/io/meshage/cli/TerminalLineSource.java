package io.meshage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive shell on a terminal: JLine line editing, history in {@code
 * $HOME/.meshage/history/NODE} (one file per node name) and tab completion of commands and node
 * names. At the prompt Ctrl-D and Ctrl-C end the shell like {@code quit}; while a command runs,
 * Ctrl-C cancels it.
 */
final class TerminalLineSource implements LineSource {
  private final Terminal terminal;
  private final LineReader reader;
  private final String prompt;

  private TerminalLineSource(Terminal terminal, LineReader reader, String prompt) {
    this.terminal = terminal;
    this.reader = reader;
    this.prompt = prompt;
  }

  /** Opens the system terminal; {@code nodeNames} feeds completion of node names. */
  static TerminalLineSource open(String nodeName, Supplier<Set<String>> nodeNames)
      throws IOException {
    Terminal terminal = TerminalBuilder.builder().name("meshage").system(true).build();
    LineReader reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("meshage")
            .completer(new ShellCompleter(nodeNames))
            .variable(LineReader.HISTORY_FILE, historyFile(nodeName))
            .build();
    return new TerminalLineSource(terminal, reader, "meshage " + nodeName + "> ");
  }

  /** {@code $HOME/.meshage/history/NODE} ({@code user.home} when HOME is not set). */
  static Path historyFile(String nodeName) {
    String home = System.getenv("HOME");
    Path dir = Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home, ".meshage", "history");
    try {
      java.nio.file.Files.createDirectories(dir);
    } catch (IOException e) {
      // no history then: JLine reports nothing and the shell works without it
    }
    return dir.resolve(nodeName);
  }

  @Override
  public Interrupts onInterrupt(Runnable cancel) {
    Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> cancel.run());
    return () -> terminal.handle(Terminal.Signal.INT, previous);
  }

  @Override
  public String readLine() {
    try {
      return reader.readLine(prompt);
    } catch (UserInterruptException | EndOfFileException e) {
      return null;
    }
  }

  @Override
  public PrintWriter out() {
    return terminal.writer();
  }

  @Override
  public void close() {
    try {
      reader.getHistory().save();
    } catch (IOException e) {
      // history is a convenience; losing it is not worth a message
    }
    try {
      terminal.close();
    } catch (IOException e) {
      // closing at exit
    }
  }

  /** Completes the first word, the {@code mesh} sub-command, and node names where one fits. */
  static final class ShellCompleter implements Completer {
    private final Supplier<Set<String>> nodeNames;

    ShellCompleter(Supplier<Set<String>> nodeNames) {
      this.nodeNames = nodeNames;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
      for (String word : candidates(line.words(), line.wordIndex())) {
        candidates.add(new Candidate(word));
      }
    }

    /** The words that fit at {@code index} of {@code words}. */
    List<String> candidates(List<String> words, int index) {
      if (index == 0) {
        return ShellCommands.COMMANDS;
      }
      if (!words.get(0).equals("mesh")) {
        return List.of();
      }
      if (index == 1) {
        return ShellCommands.MESH_COMMANDS;
      }
      String sub = words.get(1);
      if (index == 2 && sub.equals("hangup")) {
        return List.copyOf(nodeNames.get());
      }
      if (index == 2 && sub.equals("send")) {
        List<String> targets = new java.util.ArrayList<>(List.of("all"));
        targets.addAll(nodeNames.get());
        return targets;
      }
      if (sub.equals("send") && index >= 3) {
        return candidates(words.subList(3, words.size()), index - 3);
      }
      return List.of();
    }
  }
}
