package io.meshage.cli;

import java.util.Collection;

/** "did you mean" for a mistyped word: the closest known word within two edits. */
final class Suggest {
  private Suggest() {}

  /** {@code " (did you mean 'status'?)"}, or {@code " (try help)"} when nothing is close. */
  static String hint(String typed, Collection<String> known) {
    String best = closest(typed, known);
    return best == null ? " (try help)" : " (did you mean '" + best + "'?)";
  }

  /** The known word closest to {@code typed} within two edits, or null. */
  static String closest(String typed, Collection<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String k : known) {
      int d = distance(typed, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
