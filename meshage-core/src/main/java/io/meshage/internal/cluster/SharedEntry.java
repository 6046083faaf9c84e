package io.meshage.internal.cluster;

import java.util.Comparator;

/**
 * One write of a shared-data key: its Lamport stamp, the node that wrote it, and the value (null
 * for a removal, a tombstone). The greater entry wins: higher stamp first, then the greater writer
 * name. Carried in MSA metadata as {@code stamp:writer:value} or {@code stamp:writer:-}.
 */
record SharedEntry(long stamp, String writer, Short value) implements Comparable<SharedEntry> {
  private static final Comparator<SharedEntry> ORDER =
      Comparator.comparingLong(SharedEntry::stamp).thenComparing(SharedEntry::writer);

  boolean isTombstone() {
    return value == null;
  }

  @Override
  public int compareTo(SharedEntry o) {
    return ORDER.compare(this, o);
  }

  String encode() {
    return stamp + ":" + writer + ":" + (value == null ? "-" : value.toString());
  }

  /** Parses an encoded entry; null when it is malformed (a hostile or foreign MSA). */
  static SharedEntry decode(String s) {
    int first = s.indexOf(':');
    int last = s.lastIndexOf(':');
    if (first <= 0 || last <= first) {
      return null;
    }
    try {
      long stamp = Long.parseLong(s.substring(0, first));
      String writer = s.substring(first + 1, last);
      String v = s.substring(last + 1);
      return new SharedEntry(stamp, writer, v.equals("-") ? null : Short.valueOf(v));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
