package io.meshage.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads a namespace key file: one base64 key per line (16-64 bytes; make one with {@code head -c
 * 32 /dev/urandom | base64}), the first used for sending, blank lines and {@code #} comments
 * ignored.
 */
final class KeyFile {
  private static final long MAX_FILE = 64 * 1024;

  private KeyFile() {}

  static List<byte[]> read(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE) {
      throw new IOException(file + " is larger than " + MAX_FILE + " bytes: not a key file");
    }
    List<byte[]> keys = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      keys.add(decode(line, file + " line " + (i + 1)));
    }
    if (keys.isEmpty()) {
      throw new IOException(file + " holds no key");
    }
    return keys;
  }

  /** Decodes one base64 key; the message of a bad one names {@code where}. */
  static byte[] decode(String text, String where) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + " is not base64: " + e.getMessage());
    }
  }
}
