package io.meshage.cli.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-event figures, computed from the samples of {@code timeline.csv} alone. An event's
 * baseline is the sample taken at its moment, just before it acts; its window is the samples
 * after that, up to and including the one taken just before the next later event (or at the end
 * of the run). Over the window: links lost and made (summed per sample), and the moment the mesh
 * settled, the first sample from which on the views agree and no link is lost or made; "one mesh"
 * adds that every live node sees every live node over connected links. MSAs and bytes are counted
 * from the baseline to that moment (to the window's end when it never came), and over the whole
 * window. Nothing changed and
 * the views agreed throughout: settled at once, +0.
 */
final class EventFigures {
  private EventFigures() {}

  /** One event's figures; {@code agreeAt} and {@code meshAt} are -1 when not within the window. */
  record Figure(
      long at,
      String label,
      int linksLost,
      int linksMade,
      long agreeAt,
      long meshAt,
      long msa,
      long bytes,
      long windowEnd,
      long windowMsa,
      long windowBytes) {}

  /** An event at {@code at} called {@code label}. */
  record Moment(long at, String label) {}

  /** The figures of each event, given the samples in time order (one at every event's moment). */
  static List<Figure> of(List<Moment> events, List<Sample> samples, long runEnd) {
    List<Figure> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Moment e = events.get(i);
      long end = runEnd;
      for (int j = i + 1; j < events.size(); j++) {
        if (events.get(j).at() > e.at()) {
          end = events.get(j).at();
          break;
        }
      }
      out.add(figure(e, window(samples, e.at(), end), end));
    }
    return out;
  }

  /** The baseline (the sample at {@code at}) and the samples after it up to {@code end}. */
  private static List<Sample> window(List<Sample> samples, long at, long end) {
    List<Sample> w = new ArrayList<>();
    for (Sample s : samples) {
      if (s.at() >= at && s.at() <= end) {
        w.add(s);
      }
    }
    if (w.isEmpty() || w.get(0).at() != at) {
      throw new IllegalStateException("no sample at the event's moment " + at);
    }
    return w;
  }

  private static Figure figure(Moment e, List<Sample> w, long end) {
    int lost = 0;
    int made = 0;
    int lastChange = 0;
    int lastDisagree = -1;
    int lastNotOne = -1;
    for (int k = 0; k < w.size(); k++) {
      Sample s = w.get(k);
      if (k > 0 && s.changed()) {
        lost += s.linksLost();
        made += s.linksMade();
        lastChange = k;
      }
      if (!s.agree()) {
        lastDisagree = k;
      }
      if (!s.oneMesh()) {
        lastNotOne = k;
      }
    }
    int agree = Math.max(lastChange, lastDisagree + 1);
    int mesh = Math.max(agree, lastNotOne + 1);
    Sample base = w.get(0);
    Sample until = w.get(Math.min(agree, w.size() - 1));
    return new Figure(e.at(), e.label(), lost, made,
        agree < w.size() ? w.get(agree).at() : -1,
        mesh < w.size() ? w.get(mesh).at() : -1,
        until.msa() - base.msa(), until.bytes() - base.bytes(), end,
        w.get(w.size() - 1).msa() - base.msa(), w.get(w.size() - 1).bytes() - base.bytes());
  }
}
