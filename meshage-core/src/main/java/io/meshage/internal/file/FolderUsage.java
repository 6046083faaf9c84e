package io.meshage.internal.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/** The bytes the regular files under a folder take (for the download quota). */
final class FolderUsage {
  private FolderUsage() {}

  static long bytes(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> s = Files.find(folder, 32, (p, a) -> a.isRegularFile())) {
      return s.mapToLong(p -> {
        try {
          return Files.readAttributes(p, BasicFileAttributes.class).size();
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    }
  }
}
