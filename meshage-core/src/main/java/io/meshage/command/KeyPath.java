package io.meshage.command;

import java.util.regex.Pattern;

/**
 * Where a walk through nested request data is, as {@code data.items[3].name}. Segments are recorded
 * without building strings; the path is only rendered for an error message.
 */
final class KeyPath {
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$\\-]*");

  /** Longer keys are cut in messages, so hostile input cannot blow up a log line. */
  private static final int MAX_SHOWN = 64;

  private final String[] keys;
  private final int[] indexes;
  private int level;

  KeyPath(int maxLevel) {
    keys = new String[maxLevel + 1];
    indexes = new int[maxLevel + 1];
  }

  /** Records that the walk is at map key {@code key} on {@code level} (1 for the root's keys). */
  void key(int level, String key) {
    keys[level] = key;
    this.level = level;
  }

  /** Records that the walk is at list index {@code index} on {@code level}. */
  void index(int level, int index) {
    keys[level] = null;
    indexes[level] = index;
    this.level = level;
  }

  /** Records that the walk went back up to {@code level}. */
  void leave(int level) {
    this.level = level;
  }

  /** The current path, for example {@code data.items[3]} or {@code data["a key"]}. */
  String render() {
    StringBuilder s = new StringBuilder("data");
    for (int i = 1; i <= level; i++) {
      if (keys[i] == null) {
        s.append('[').append(indexes[i]).append(']');
      } else if (keys[i].length() <= MAX_SHOWN && PLAIN_KEY.matcher(keys[i]).matches()) {
        s.append('.').append(keys[i]);
      } else {
        s.append("[\"").append(shown(keys[i])).append("\"]");
      }
    }
    return s.toString();
  }

  private static String shown(String key) {
    String cut = key.length() > MAX_SHOWN ? key.substring(0, MAX_SHOWN) + "..." : key;
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      if (c == '"' || c == '\\') {
        s.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7F) {
        s.append(String.format("\\u%04x", (int) c));
      } else {
        s.append(c);
      }
    }
    return s.toString();
  }
}
