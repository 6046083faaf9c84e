package io.meshage.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Writes the graphviz text of a mesh to a file: {@code .dot}/{@code .gv} (or no extension) as
 * text, {@code .svg}/{@code .png}/{@code .pdf} rendered by graphviz's {@code dot}; any other
 * extension is refused rather than filled with text under a misleading name.
 */
final class DotFiles {
  private DotFiles() {}

  /** Writes {@code dotText} to {@code file}; returns the line to print. */
  static String write(String dotText, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new IOException("folder " + parent + " does not exist");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1);
    String format = switch (ext) {
      case "svg", "png", "pdf" -> ext;
      case "", "dot", "gv" -> null;
      default -> throw new IOException(
          "cannot write ." + ext + ": use .dot or .gv (text), or .svg, .png or .pdf (rendered with graphviz)");
    };
    if (format == null) {
      Files.writeString(file, dotText, StandardCharsets.UTF_8);
      return "wrote " + file;
    }
    Path graphviz =
        graphviz()
            .orElseThrow(
                () -> new IOException(
                    "rendering ." + format + " needs graphviz's 'dot' on the PATH;"
                        + " write the text with a .dot name instead"));
    render(graphviz, format, dotText, file);
    return "wrote " + file;
  }

  /** The graphviz {@code dot} program on the PATH, if installed. */
  static Optional<Path> graphviz() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "dot");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static void render(Path dot, String format, String dotText, Path file) throws IOException {
    Process p =
        new ProcessBuilder(dot.toString(), "-T" + format, "-o", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(dotText.getBytes(StandardCharsets.UTF_8));
    }
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("graphviz's dot did not finish within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while rendering " + file);
    }
    if (p.exitValue() != 0) {
      throw new IOException("graphviz's dot failed with exit status " + p.exitValue());
    }
  }
}
