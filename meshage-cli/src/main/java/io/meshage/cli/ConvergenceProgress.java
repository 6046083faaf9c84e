package io.meshage.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows how many nodes know the whole mesh: a live progress bar on a terminal, otherwise one
 * plain text line each time the count changes (stable for scripts and logs).
 */
abstract class ConvergenceProgress implements AutoCloseable {
  /** Reports that {@code done} of the nodes now know the whole mesh. */
  abstract void update(int done);

  @Override
  public abstract void close();

  static ConvergenceProgress create(int total, boolean terminal, PrintStream console, PrintWriter out) {
    return terminal ? new Bar(total, console) : new TextLines(total, out);
  }

  /** The progressbar library; a fixed width so it never needs a terminal of its own. */
  private static final class Bar extends ConvergenceProgress {
    private final ProgressBar bar;

    Bar(int total, PrintStream console) {
      this.bar =
          new ProgressBarBuilder()
              .setTaskName("converging")
              .setInitialMax(total)
              .setUnit(" nodes", 1)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(100)
              .setConsumer(new ConsoleProgressBarConsumer(console, 78))
              .build();
    }

    @Override
    void update(int done) {
      bar.stepTo(done);
    }

    @Override
    public void close() {
      bar.close();
    }
  }

  /** {@code converging [#####...] 5/8 nodes}, printed when the count changes. */
  private static final class TextLines extends ConvergenceProgress {
    private static final int WIDTH = 20;
    private final int total;
    private final PrintWriter out;
    private int shown = -1;

    TextLines(int total, PrintWriter out) {
      this.total = total;
      this.out = out;
    }

    @Override
    void update(int done) {
      if (done == shown) {
        return;
      }
      shown = done;
      int filled = total == 0 ? WIDTH : done * WIDTH / total;
      out.println("converging [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
          + done + "/" + total + " nodes");
      out.flush();
    }

    @Override
    public void close() {
      out.flush();
    }
  }
}
