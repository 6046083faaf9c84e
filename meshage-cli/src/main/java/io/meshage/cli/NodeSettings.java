package io.meshage.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Values of {@code meshage node} options that were not given on the command line: a
 * {@code MESHAGE_*} environment variable ({@code MESHAGE_DISCOVERY_PORT} for
 * {@code --discovery-port}), else the {@code --config} file, else the option's own default. It
 * works from the command's picocli model, so every option of the command is covered, also ones
 * added later. Each value remembers where it came from, so that a value picocli cannot convert is
 * reported with its file, line and key ({@link #describe}).
 *
 * <p>The file: one {@code key = value} a line, the key an option's long name without its dashes;
 * blank lines and lines starting with {@code #} are skipped; a comma-separated option
 * ({@code dial}) may appear on several lines (the values add up); another repeatable one
 * ({@code tag}) once, as picocli reads one default value of it; a switch takes {@code true} or
 * {@code false}.
 */
final class NodeSettings implements CommandLine.IDefaultValueProvider {
  static final String CONFIG_OPTION = "--config";
  static final String ENV_PREFIX = "MESHAGE_";
  /** Options that make no sense in a file or the environment. */
  private static final List<String> NOT_SETTINGS = List.of(CONFIG_OPTION, "--help", "--version");

  private final UnaryOperator<String> env;
  private Path loadedFrom;
  private Map<String, Value> file = Map.of();
  /** Where each option's value came from, for error messages. */
  private final Map<OptionSpec, String> origins = new LinkedHashMap<>();

  /** A value from the file: its text and where it stands. */
  private record Value(String text, int line) {}

  NodeSettings() {
    this(System::getenv);
  }

  NodeSettings(UnaryOperator<String> env) {
    this.env = env;
  }

  /** The environment variable of an option: {@code --discovery-port} is {@code MESHAGE_DISCOVERY_PORT}. */
  static String envName(OptionSpec option) {
    return ENV_PREFIX + key(option).toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** The option's key in a file: its long name without the dashes. */
  static String key(OptionSpec option) {
    return option.longestName().replaceFirst("^-+", "");
  }

  @Override
  public String defaultValue(ArgSpec arg) throws IOException {
    if (!(arg instanceof OptionSpec option) || NOT_SETTINGS.contains(option.longestName())) {
      return null;
    }
    String fromEnv = env.apply(envName(option));
    if (fromEnv != null) {
      origins.put(option, "environment variable " + envName(option));
      return listed(option, fromEnv);
    }
    load(option.command());
    Value v = file.get(key(option));
    if (v == null) {
      return null;
    }
    origins.put(option, loadedFrom + ":" + v.line() + ": key '" + key(option) + "'");
    return listed(option, v.text());
  }

  /** A comma-separated option's values without the blanks around its commas ("a, b" is a and b). */
  private static String listed(OptionSpec option, String value) {
    return option.isMultiValue() && !option.splitRegex().isEmpty()
        ? value.strip().replaceAll("\\s*,\\s*", ",")
        : value;
  }

  /**
   * Where the value of {@code arg} came from ("FILE:LINE: key 'degree'" or "environment variable
   * MESHAGE_DEGREE"), or null when it was given on the command line or is the built-in default.
   */
  String describe(ArgSpec arg) {
    return arg instanceof OptionSpec o ? origins.get(o) : null;
  }

  /** Reads the {@code --config} file once, checking every key against the command's options. */
  private void load(CommandSpec command) throws IOException {
    OptionSpec config = command.findOption(CONFIG_OPTION);
    Path path = config == null ? null : config.getValue();
    if (path == null || path.equals(loadedFrom)) {
      return;
    }
    loadedFrom = path;
    file = parse(path, command);
  }

  private static Map<String, Value> parse(Path path, CommandSpec command) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CommandLine.ParameterException(command.commandLine(), CONFIG_OPTION + " " + path + ": no such file");
    } catch (IOException e) {
      throw new CommandLine.ParameterException(
          command.commandLine(), CONFIG_OPTION + " " + path + ": cannot read it (" + e + ")");
    }
    Map<String, Value> values = new LinkedHashMap<>();
    Map<String, List<String>> repeated = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int lineNo = i + 1;
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw error(command, path, lineNo, "expected 'key = value', got '" + line + "'");
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      OptionSpec option = command.findOption("--" + key);
      if (key.isEmpty() || option == null || NOT_SETTINGS.contains(option.longestName())
          || !key(option).equals(key)) {
        throw error(command, path, lineNo, "unknown key '" + key + "'; keys are the long options of 'meshage "
            + command.name() + "' without dashes: " + String.join(", ", keys(command)));
      }
      if (value.isEmpty()) {
        throw error(command, path, lineNo, "key '" + key + "' has no value");
      }
      if (option.isMultiValue() && !option.splitRegex().isEmpty()) {
        repeated.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        values.putIfAbsent(key, new Value(value, lineNo));
      } else if (values.containsKey(key)) {
        if (option.isMultiValue()) {
          throw error(command, path, lineNo, "key '" + key + "' given again (first on line "
              + values.get(key).line() + "): a file holds one value of it; give more with --" + key);
        }
        throw error(command, path, lineNo, "key '" + key + "' given again (first on line "
            + values.get(key).line() + ")");
      } else {
        values.put(key, new Value(value, lineNo));
      }
    }
    repeated.forEach((key, all) -> values.put(key, new Value(String.join(",", all), values.get(key).line())));
    return values;
  }

  private static List<String> keys(CommandSpec command) {
    List<String> keys = new ArrayList<>();
    for (OptionSpec o : command.options()) {
      if (!NOT_SETTINGS.contains(o.longestName())) {
        keys.add(key(o));
      }
    }
    return keys;
  }

  private static CommandLine.ParameterException error(CommandSpec command, Path path, int line, String what) {
    return new CommandLine.ParameterException(command.commandLine(), path + ":" + line + ": " + what);
  }
}
