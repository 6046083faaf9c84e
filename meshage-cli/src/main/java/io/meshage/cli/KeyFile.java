package io.meshage.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a namespace key file: one base64 key per line (16-64 bytes; make one with {@code head -c
 * 32 /dev/urandom | base64}), the first used for sending, blank lines and {@code #} comments
 * ignored. Checked as ssh checks a private key: a file that its group or others may read or write
 * is refused with the {@code chmod} that fixes it; a missing file, a directory, an empty file, bad
 * base64 and a wrong length each get a message that says which.
 */
final class KeyFile {
  private static final long MAX_FILE = 64 * 1024;
  private static final Set<PosixFilePermission> OPEN =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE);

  private KeyFile() {}

  static List<byte[]> read(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new IOException(file + " does not exist");
    }
    if (Files.isDirectory(file)) {
      throw new IOException(file + " is a directory, not a key file");
    }
    checkPermissions(file);
    long size = Files.size(file);
    if (size == 0) {
      throw new IOException(file + " is empty: put one base64 key per line (head -c 32 /dev/urandom | base64)");
    }
    if (size > MAX_FILE) {
      throw new IOException(file + " is larger than " + MAX_FILE + " bytes: not a key file");
    }
    List<byte[]> keys = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + (i + 1);
      byte[] key = decode(line, where);
      if (key.length < 16 || key.length > 64) {
        throw new IllegalArgumentException(where + " holds a key of " + key.length + " bytes; a key is 16-64 bytes");
      }
      keys.add(key);
    }
    if (keys.isEmpty()) {
      throw new IOException(file + " holds no key");
    }
    return keys;
  }

  /** Refuses a file others may read or write, as ssh does (skipped where the file system has no POSIX modes). */
  static void checkPermissions(Path file) throws IOException {
    Set<PosixFilePermission> perms;
    try {
      perms = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return;
    }
    EnumSet<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : perms) {
      if (OPEN.contains(p)) {
        open.add(p);
      }
    }
    if (!open.isEmpty()) {
      throw new IOException(
          file + " is accessible by others (" + java.nio.file.attribute.PosixFilePermissions.toString(perms)
              + "): a namespace key must be private; run: chmod 600 " + file);
    }
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
