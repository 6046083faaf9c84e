package io.meshage.internal.codec;

import io.meshage.ProtocolException;

/**
 * The one rule for node names and namespaces, local configuration and wire alike: 1-64 ASCII
 * characters of {@code A-Z a-z 0-9 . _ : @ -}. A name from a frame or beacon that breaks it is a
 * {@link BadName}: the link closes, the datagram is dropped, and the reason is logged and counted
 * ({@code NAMES_REFUSED}). So no name that reaches a log line, {@code mesh list} or a dot file
 * holds a newline, a space or a quote.
 */
public final class NameRule {
  public static final int MAX_LENGTH = 64;
  /** The rule in words, for messages. */
  public static final String DESCRIPTION = "1-" + MAX_LENGTH + " ASCII characters of A-Z, a-z, 0-9 and . _ : @ -";

  private NameRule() {}

  public static boolean valid(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == ':' || c == '@' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Returns {@code s} when it is a valid name; else throws {@link BadName} naming {@code what}. */
  static String require(String s, String what) {
    if (!valid(s)) {
      throw new BadName(what + " " + quoted(s) + " is not a valid name (" + DESCRIPTION + ")");
    }
    return s;
  }

  /** {@code s} quoted for a log line, control characters escaped, at most 80 characters shown. */
  public static String quoted(String s) {
    StringBuilder b = new StringBuilder("'");
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7F || c == '\'' || c == '\\') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append(s.length() > 80 ? "'..." : "'").toString();
  }

  /** A frame or beacon that carries a name breaking the rule. */
  public static final class BadName extends ProtocolException {
    private static final long serialVersionUID = 1L;

    BadName(String message) {
      super(message);
    }
  }
}
