package io.meshage.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The targets of {@code mesh send}, as minimega writes them: {@code all} (every other node), names
 * and comma lists {@code n1,n3}, ranges {@code n[1-40]} and {@code kn[1-2,5]} (a leading zero
 * pads: {@code n[01-10]}), {@code tag:KEY=VALUE} (every node with that tag, this one included),
 * and mixes such as {@code n[1-3],db1,tag:role=web}.
 */
final class Targets {
  /** Most names one target list may expand to. */
  static final int MAX_NAMES = 10_000;

  private Targets() {}

  /**
   * The names {@code spec} selects, in the order written, each once.
   *
   * @param self this node's name
   * @param others every other reachable node
   * @param tagsOf the tags a node announced
   * @throws IllegalArgumentException saying what is wrong with {@code spec}
   */
  static List<String> resolve(
      String spec, String self, Set<String> others, Function<String, Map<String, String>> tagsOf) {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    for (String item : split(spec)) {
      if (item.equals("all")) {
        others.stream().sorted(Targets::natural).forEach(names::add);
      } else if (item.startsWith("tag:")) {
        String kv = item.substring(4);
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("a tag target is tag:KEY=VALUE, got '" + item + "'");
        }
        String key = kv.substring(0, eq);
        String value = kv.substring(eq + 1);
        List<String> candidates = new ArrayList<>(others);
        candidates.add(self);
        candidates.sort(Targets::natural);
        for (String n : candidates) {
          if (value.equals(tagsOf.apply(n).get(key))) {
            names.add(n);
          }
        }
      } else {
        expand(item, names);
      }
      if (names.size() > MAX_NAMES) {
        throw new IllegalArgumentException("targets expand to more than " + MAX_NAMES + " names");
      }
    }
    return new ArrayList<>(names);
  }

  /** Splits on commas outside brackets: {@code kn[1-2,5],n7} is two items. */
  static List<String> split(String spec) {
    List<String> items = new ArrayList<>();
    int depth = 0;
    StringBuilder cur = new StringBuilder();
    for (char c : spec.toCharArray()) {
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
        if (depth < 0) {
          throw new IllegalArgumentException("']' without '[' in targets '" + spec + "'");
        }
      }
      if (c == ',' && depth == 0) {
        add(items, cur);
      } else {
        cur.append(c);
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("'[' without ']' in targets '" + spec + "'");
    }
    add(items, cur);
    if (items.isEmpty()) {
      throw new IllegalArgumentException("mesh send needs targets: all, n1,n2, n[1-4] or tag:KEY=VALUE");
    }
    return items;
  }

  private static void add(List<String> items, StringBuilder cur) {
    String s = cur.toString().strip();
    if (!s.isEmpty()) {
      items.add(s);
    }
    cur.setLength(0);
  }

  private static void expand(String item, Set<String> names) {
    int open = item.indexOf('[');
    if (open < 0) {
      names.add(item);
      return;
    }
    int close = item.indexOf(']', open);
    String prefix = item.substring(0, open);
    String suffix = item.substring(close + 1);
    if (suffix.contains("[")) {
      throw new IllegalArgumentException("one range per name, got '" + item + "'");
    }
    for (String part : item.substring(open + 1, close).split(",")) {
      String p = part.strip();
      int dash = p.indexOf('-');
      String from = dash < 0 ? p : p.substring(0, dash);
      String to = dash < 0 ? p : p.substring(dash + 1);
      long a = number(from, item);
      long b = number(to, item);
      if (b < a) {
        throw new IllegalArgumentException("range " + p + " runs backwards in '" + item + "'");
      }
      if (b - a >= MAX_NAMES) {
        throw new IllegalArgumentException("targets expand to more than " + MAX_NAMES + " names");
      }
      int width = from.length() > 1 && from.startsWith("0") ? from.length() : 0;
      for (long i = a; i <= b; i++) {
        String digits = Long.toString(i);
        while (digits.length() < width) {
          digits = "0" + digits;
        }
        names.add(prefix + digits + suffix);
      }
    }
  }

  private static long number(String s, String item) {
    if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(
          "a range holds numbers such as [1-40] or [1-2,5], got '" + item + "'");
    }
    return Long.parseLong(s);
  }

  /** Orders n2 before n10: digit runs compare as numbers. */
  static int natural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String da = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String db = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        int c = da.length() != db.length() ? Integer.compare(da.length(), db.length()) : da.compareTo(db);
        if (c != 0) {
          return c;
        }
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    int c = Integer.compare(a.length() - i, b.length() - j);
    return c != 0 ? c : a.compareTo(b);
  }
}
