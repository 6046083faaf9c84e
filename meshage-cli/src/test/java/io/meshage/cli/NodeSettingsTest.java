package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code meshage node --config FILE} and MESHAGE_* variables: precedence, every option, errors. */
class NodeSettingsTest {
  @TempDir Path dir;
  private final Map<String, String> env = new HashMap<>();

  private NodeCommand parse(String... args) {
    NodeCommand node = new NodeCommand();
    CommandLine cl = new CommandLine(node);
    cl.setDefaultValueProvider(new NodeSettings(env::get));
    cl.parseArgs(args);
    return node;
  }

  private Path file(String... lines) throws Exception {
    return Files.write(dir.resolve("node.conf"), List.of(lines));
  }

  @Test
  void flagsBeatTheEnvironmentWhichBeatsTheFile() throws Exception {
    Path f = file("# a lab node", "name = n1", "degree = 5", "msa = 2s", "", "dial = 10.0.0.1:1", "dial = 10.0.0.2:2, 10.0.0.3:3");
    NodeCommand fromFile = parse("--config", f.toString());
    assertThat(fromFile.name).isEqualTo("n1");
    assertThat(fromFile.degree).isEqualTo(5);
    assertThat(fromFile.msa).isEqualTo(Duration.ofSeconds(2));
    assertThat(fromFile.dial).containsExactly("10.0.0.1:1", "10.0.0.2:2", "10.0.0.3:3");
    assertThat(fromFile.namespace).isEqualTo("meshage");

    env.put("MESHAGE_DEGREE", "6");
    env.put("MESHAGE_DISCOVERY_PORT", "9100");
    NodeCommand withEnv = parse("--config", f.toString());
    assertThat(withEnv.degree).isEqualTo(6);
    assertThat(withEnv.discoveryPort).isEqualTo(9100);

    NodeCommand withFlags = parse("--config", f.toString(), "--degree", "7", "--dial", "10.0.0.9:9");
    assertThat(withFlags.degree).isEqualTo(7);
    assertThat(withFlags.dial).containsExactly("10.0.0.9:9");
    assertThat(withFlags.name).isEqualTo("n1");
  }

  /** Every option of the command, also one added later, can be set in the file. */
  @Test
  void everyOptionIsAKey() throws Exception {
    CommandLine.Model.CommandSpec spec = new CommandLine(new NodeCommand()).getCommandSpec();
    StringBuilder lines = new StringBuilder();
    int keys = 0;
    for (OptionSpec o : spec.options()) {
      if (List.of("--config", "--help", "--version").contains(o.longestName())) {
        continue;
      }
      lines.append(NodeSettings.key(o)).append(" = ").append(sample(o)).append('\n');
      keys++;
    }
    Path f = Files.writeString(dir.resolve("all.conf"), lines);
    NodeCommand node = new NodeCommand();
    CommandLine cl = new CommandLine(node);
    NodeSettings settings = new NodeSettings(env::get);
    cl.setDefaultValueProvider(settings);
    cl.parseArgs("--config", f.toString());
    int fromFile = 0;
    for (OptionSpec o : cl.getCommandSpec().options()) {
      String origin = settings.describe(o);
      if (origin != null) {
        assertThat(origin).startsWith(f + ":").endsWith("key '" + NodeSettings.key(o) + "'");
        fromFile++;
      }
    }
    assertThat(fromFile).isEqualTo(keys).isGreaterThan(10);
  }

  /** A valid value for any option, by its type. */
  private static String sample(OptionSpec o) {
    Class<?> type = o.type();
    if (type == boolean.class || type == Boolean.class) {
      return "false";
    }
    if (type == int.class || type == Integer.class || type == long.class) {
      return "1";
    }
    if (type == Duration.class) {
      return "3s";
    }
    if (List.class.isAssignableFrom(type)) {
      return "127.0.0.1:1";
    }
    return o.defaultValue() != null ? o.defaultValue() : "x";
  }

  @Test
  void mistakesNameTheFileTheLineAndTheKey() throws Exception {
    Path f = file("name = n1", "", "degree = five");
    assertThat(errorOf("--config", f.toString())).isEqualTo(f + ":3: key 'degree': Invalid value for option "
        + "'--degree': 'five' is not an int");
    f = file("name = n1", "colour = blue");
    assertThat(errorOf("--config", f.toString())).startsWith(f + ":2: unknown key 'colour'; keys are");
    f = file("name n1");
    assertThat(errorOf("--config", f.toString())).isEqualTo(f + ":1: expected 'key = value', got 'name n1'");
    f = file("name = a", "name = b");
    assertThat(errorOf("--config", f.toString())).isEqualTo(f + ":2: key 'name' given again (first on line 1)");
    f = file("name = n1", "tag = a=1", "tag = b=2");
    assertThat(errorOf("--config", f.toString())).startsWith(f + ":3: key 'tag' given again (first on line 2)");
    f = file("name = n1", "degree = 5000");
    NodeCommand tooMany = new NodeCommand();
    CommandLine cl = new CommandLine(tooMany);
    cl.setDefaultValueProvider(new NodeSettings(env::get));
    cl.parseArgs("--config", f.toString());
    CommandLine.ParameterException checked =
        org.assertj.core.api.Assertions.catchThrowableOfType(tooMany::config, CommandLine.ParameterException.class);
    assertThat(Main.withOrigin(checked)).isEqualTo(f + ":2: key 'degree': degree must be in [0, 1024], got 5000");
    f = file("config = other.conf");
    assertThat(errorOf("--config", f.toString())).startsWith(f + ":1: unknown key 'config'");
    assertThat(errorOf("--config", dir.resolve("missing.conf").toString()))
        .isEqualTo("--config " + dir.resolve("missing.conf") + ": no such file");
    env.put("MESHAGE_PORT", "abc");
    assertThat(errorOf("--name", "n")).isEqualTo(
        "environment variable MESHAGE_PORT: Invalid value for option '--port': 'abc' is not an int");
  }

  private String errorOf(String... args) {
    NodeCommand node = new NodeCommand();
    CommandLine cl = new CommandLine(node);
    cl.setDefaultValueProvider(new NodeSettings(env::get));
    try {
      cl.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      return Main.withOrigin(e);
    }
    throw new AssertionError("no error for " + List.of(args));
  }

  @Test
  void environmentNamesFollowTheOptions() {
    OptionSpec o = new CommandLine(new NodeCommand()).getCommandSpec().findOption("--discovery-port");
    assertThat(NodeSettings.envName(o)).isEqualTo("MESHAGE_DISCOVERY_PORT");
    assertThatThrownBy(() -> parse()).isInstanceOf(CommandLine.MissingParameterException.class);
  }

  @Test
  void filesVerifyWholeReachesTheFileConfigAndIsOffByDefault() throws Exception {
    Path folder = dir.resolve("served");
    assertThat(parse("--name", "n1", "--files", folder.toString()).config().files().verifyWholeFile()).isFalse();
    assertThat(parse("--name", "n1", "--files", folder.toString(), "--files-verify-whole").config().files().verifyWholeFile())
        .isTrue();
    Path f = file("name = n1", "files = " + folder, "files-verify-whole = true");
    assertThat(parse("--config", f.toString()).config().files().verifyWholeFile()).isTrue();
  }
}
