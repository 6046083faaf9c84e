package io.meshage.cli.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The files of one run in one folder: {@code timeline.csv} (one row per sample),
 * {@code events.csv} (convergence per event), {@code verdicts.csv} (one row per recipient
 * verdict), {@code mesh.png} and {@code latency.png}, and {@code snapshot-T.dot} files.
 */
public final class ScenarioOutput {
  private final Path dir;
  private final boolean plots;
  private final StringBuilder timeline = new StringBuilder(Sample.HEADER + "\n");
  final List<double[]> rows = new ArrayList<>();
  private final List<String> written = new ArrayList<>();

  /** Writes into {@code dir} (created if needed); {@code plots} false skips the PNG files. */
  public ScenarioOutput(Path dir, boolean plots) throws IOException {
    this.dir = dir;
    this.plots = plots;
    Files.createDirectories(dir);
  }

  void sample(Sample s) {
    timeline.append(s.csv()).append('\n');
    rows.add(new double[] {s.at() / 1e9, s.live(), s.components(), s.largest(), s.smallestView(),
        s.agree() ? 1 : 0, s.oneMesh() ? 1 : 0});
  }

  Path snapshot(long at, String dot) throws IOException {
    Path f = dir.resolve(String.format(Locale.ROOT, "snapshot-%.3fs.dot", at / 1e9));
    Files.writeString(f, dot, StandardCharsets.UTF_8);
    return f.getFileName();
  }

  void finish(List<EventFigures.Figure> figures, List<TrafficLog.Verdict> verdicts) throws IOException {
    write("timeline.csv", timeline.toString());
    StringBuilder ev = new StringBuilder(
        "t_s,event,links_lost,links_made,agree_after_s,one_mesh_after_s,msa_sent,bytes_out,window_s,"
            + "window_msa_sent,window_bytes_out\n");
    for (EventFigures.Figure f : figures) {
      ev.append(String.format(Locale.ROOT, "%.3f,\"%s\",%d,%d,%s,%s,%d,%d,%.3f,%d,%d%n", f.at() / 1e9,
          f.label().replace("\"", "'"), f.linksLost(), f.linksMade(), after(f.agreeAt(), f.at()),
          after(f.meshAt(), f.at()), f.msa(), f.bytes(), (f.windowEnd() - f.at()) / 1e9, f.windowMsa(),
          f.windowBytes()));
    }
    write("events.csv", ev.toString());
    StringBuilder vs = new StringBuilder("sent_s,id,kind,recipient,verdict,latency_ms\n");
    for (TrafficLog.Verdict v : verdicts) {
      vs.append(String.format(Locale.ROOT, "%.6f,%d,%s,%s,%s,%.3f%n", v.sentAt() / 1e9, v.id(), v.kind(),
          v.recipient(), v.verdict(), v.latencyNanos() / 1e6));
    }
    write("verdicts.csv", vs.toString());
    if (plots) {
      Plots.mesh(rows, figures, dir.resolve("mesh.png"));
      written.add("mesh.png");
      Plots.latency(verdicts, dir.resolve("latency.png"));
      written.add("latency.png");
    }
  }

  private static String after(long when, long at) {
    return when < 0 ? "" : String.format(Locale.ROOT, "%.3f", (when - at) / 1e9);
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    written.add(name);
  }

  /** The folder and the files written, for the report. */
  String describe() {
    return dir + ": " + String.join(", ", written);
  }
}
