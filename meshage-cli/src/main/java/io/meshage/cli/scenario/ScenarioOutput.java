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
  private final java.util.Map<String, String> texts = new java.util.HashMap<>();
  private ReplayReport replay;
  private String replayTitle;

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

  /** Also writes the run as one self-contained HTML replay to {@code file} (see {@link ReplayReport}). */
  public ScenarioOutput html(Path file, String title) {
    this.replay = new ReplayReport(file);
    this.replayTitle = title;
    return this;
  }

  /** The true topology at a sample, for the HTML replay (kept only when it changed). */
  void frame(long at, java.util.Map<String, java.util.Set<String>> truth) {
    if (replay != null) {
      replay.frame(at, truth);
    }
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
      List<Plots.Marker> markers = new ArrayList<>();
      for (EventFigures.Figure f : figures) {
        markers.add(new Plots.Marker(f.at() / 1e9, f.label(), f.agreeAt() < 0 ? Double.NaN : f.agreeAt() / 1e9));
      }
      Plots.mesh(rows, markers, dir.resolve("mesh.png"));
      written.add("mesh.png");
      Plots.latency(verdicts, markers, dir.resolve("latency.png"));
      written.add("latency.png");
    }
    writeReplay();
  }

  private void writeReplay() throws IOException {
    if (replay != null) {
      replay.write(replayTitle, texts.get("timeline.csv"), texts.get("events.csv"), texts.get("verdicts.csv"));
      written.add(replay.file().toString());
    }
  }

  private static String after(long when, long at) {
    return when < 0 ? "" : String.format(Locale.ROOT, "%.3f", (when - at) / 1e9);
  }

  private void write(String name, String text) throws IOException {
    texts.put(name, text);
    Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    written.add(name);
  }

  /** The folder and the files written, for the report. */
  String describe() {
    return dir + ": " + String.join(", ", written);
  }
}
