package io.meshage.internal.membership;

import java.util.Map;

/** What a tag may be: the checks behind {@code MeshNode.setTag}, with messages that say what is allowed. */
public final class TagRules {
  /** Longest tag key, in characters. */
  public static final int MAX_KEY = 64;
  /** Longest tag value, in characters. */
  public static final int MAX_VALUE = 256;
  /** Most tags on one node. */
  public static final int MAX_TAGS = 32;

  private TagRules() {}

  /**
   * Checks {@code key=value} (value null = removal) against the node's current tags.
   *
   * @throws IllegalArgumentException saying what is allowed
   */
  public static void check(String key, String value, Map<String, String> current) {
    if (key == null || key.isEmpty() || key.length() > MAX_KEY || !key.chars().allMatch(TagRules::keyChar)) {
      throw new IllegalArgumentException(
          "tag key must be 1 to " + MAX_KEY + " characters of A-Z, a-z, 0-9, '.', '_' or '-', got '" + key + "'");
    }
    if (value == null) {
      return;
    }
    if (value.length() > MAX_VALUE || !value.chars().allMatch(c -> c > ' ' && c != 0x7f)) {
      throw new IllegalArgumentException(
          "tag value must be at most " + MAX_VALUE + " characters without spaces or control characters, got '"
              + value + "'");
    }
    if (!current.containsKey(key) && current.size() >= MAX_TAGS) {
      throw new IllegalArgumentException("a node has at most " + MAX_TAGS + " tags");
    }
  }

  private static boolean keyChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '.' || c == '_' || c == '-';
  }
}
