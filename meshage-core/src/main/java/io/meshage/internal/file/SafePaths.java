package io.meshage.internal.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The names files have on the mesh and where they live on disk: a mesh path is relative, uses
 * {@code /}, and has no empty, {@code .} or {@code ..} segment, no backslash, no NUL and no
 * segment starting with {@link #TEMP_PREFIX} (transfers in progress). Resolving one against a
 * folder also follows symbolic links and refuses any that lead outside it, on the serving side
 * (reads) and the fetching side (writes) alike.
 */
final class SafePaths {
  /** Names of transfers in progress start with this; they are never listed or served whole. */
  static final String TEMP_PREFIX = ".meshage-";
  static final int MAX_PATH = 1024;

  private SafePaths() {}

  /** Returns {@code path} when it is a valid mesh path; otherwise throws, saying why. */
  static String check(String path) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("file path must not be empty");
    }
    if (path.length() > MAX_PATH) {
      throw new IllegalArgumentException("file path longer than " + MAX_PATH + " characters");
    }
    if (path.startsWith("/") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0
        || (path.length() > 1 && path.charAt(1) == ':')) {
      throw new IllegalArgumentException("file path must be relative with / separators: " + path);
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("file path has an empty, . or .. segment: " + path);
      }
      if (segment.startsWith(TEMP_PREFIX)) {
        throw new IllegalArgumentException("file path names a transfer in progress: " + path);
      }
    }
    return path;
  }

  /**
   * The regular file {@code path} names inside {@code folder}, after every link is followed;
   * null when there is none there (or it is not a regular file).
   *
   * @throws IOException when a link leads outside the folder
   */
  static Path existing(Path folder, String path) throws IOException {
    Path file = folder.resolve(check(path));
    if (!Files.exists(file)) {
      return null;
    }
    Path real = file.toRealPath();
    if (!real.startsWith(folder.toRealPath())) {
      throw new IOException("file " + path + " leads outside " + folder);
    }
    return Files.isRegularFile(real) ? real : null;
  }

  /**
   * Where a download of {@code path} goes inside {@code folder}, with its parent folders made;
   * refuses a parent that a link leads outside the folder and a target that is a link.
   */
  static Path forWrite(Path folder, String path) throws IOException {
    Path target = folder.resolve(check(path)).normalize();
    Path root = folder.toRealPath();
    Files.createDirectories(target.getParent());
    if (!target.getParent().toRealPath().startsWith(root)) {
      throw new IOException("file " + path + " leads outside " + folder);
    }
    if (Files.isSymbolicLink(target) || (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS))) {
      throw new IOException("file " + path + " exists in " + folder + " and is not a regular file");
    }
    return target.getParent().toRealPath().resolve(target.getFileName());
  }

  /** The temporary name of a download of {@code target}, beside it (so that the move is atomic). */
  static Path temp(Path target) {
    return target.resolveSibling(TEMP_PREFIX + target.getFileName() + ".part");
  }
}
