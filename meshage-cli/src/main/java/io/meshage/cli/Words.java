package io.meshage.cli;

/** Splits a command line word by word; the rest of the line stays available as typed. */
final class Words {
  private String remaining;

  Words(String line) {
    this.remaining = line.strip();
  }

  /** The next word, or "" at the end. */
  String next() {
    if (remaining.isEmpty()) {
      return "";
    }
    int space = indexOfSpace(remaining);
    String word = space < 0 ? remaining : remaining.substring(0, space);
    remaining = space < 0 ? "" : remaining.substring(space).strip();
    return word;
  }

  /** Everything not read yet, as typed. */
  String rest() {
    String r = remaining;
    remaining = "";
    return r;
  }

  /** Refuses extra words: a bad argument is an error, not ignored. */
  void noMore(String usage) {
    if (!remaining.isEmpty()) {
      throw new IllegalArgumentException("unexpected '" + remaining + "'; usage: " + usage);
    }
  }

  private static int indexOfSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
