package io.meshage.cli.scenario;

import java.util.Locale;

/**
 * One row of {@code timeline.csv}: the mesh at one moment of virtual time. {@code links} counts
 * the true links (pairs of live nodes where either side holds the link); {@code linksLost} and
 * {@code linksMade} are the pairs gone and new since the previous sample.
 */
record Sample(
    long at,
    int live,
    int components,
    int largest,
    int smallestView,
    boolean agree,
    boolean oneMesh,
    int links,
    int linksLost,
    int linksMade,
    long msa,
    long bytes,
    long delivered,
    long timeout,
    long unreachable) {
  static final String HEADER = "t_s,live,components,largest_component,smallest_view,views_agree,one_mesh,"
      + "links,links_lost,links_made,msa_sent,bytes_out,delivered,timeout,unreachable";

  /** Whether links were lost or made since the previous sample. */
  boolean changed() {
    return linksLost + linksMade > 0;
  }

  String csv() {
    return String.format(Locale.ROOT, "%.3f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d", at / 1e9, live,
        components, largest, smallestView, agree ? 1 : 0, oneMesh ? 1 : 0, links, linksLost, linksMade, msa,
        bytes, delivered, timeout, unreachable);
  }
}
