package io.meshage.file;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a node serves and fetches files ({@code node.files()}): the folder it serves, the folder
 * downloads land in, the part size, how many parts are in flight, a disk quota and the part
 * timeout. Immutable; built and checked by {@link Builder}, whose messages name the bad field.
 *
 * <p>Defaults: downloads land in the served folder (so a node serves what it fetched), 256 KiB
 * parts, 16 parts in flight per transfer and at most 2 of them per source, no quota beyond the
 * free space of the download folder's file system, a part timeout of 10 s, and a transfer that
 * no node can serve for 60 s fails (its parts stay on disk and a later get resumes it).
 *
 * <p>The part size is what a node serving a file uses for it. A file has at most 131072 parts
 * (32 GiB in 256 KiB parts): a larger one is served in the smallest power of two above the
 * part size that keeps it within that many parts, up to {@link #MAX_PART_SIZE} (a file of 1 TiB)
 * and 64 KiB below {@code maxFrameSize}. The source's manifest carries the part size of each
 * file; a receiver refuses one whose part size is outside {@link #MIN_PART_SIZE} and its own
 * bound before it allocates anything for it.
 */
public final class FileConfig {
  /**
   * The default part size, 256 KiB (smaller parts than 1 MiB keep each part out of G1's humongous
   * objects and were faster in the files rig).
   */
  public static final int DEFAULT_PART_SIZE = 256 * 1024;
  /** Smallest and largest part size. */
  public static final int MIN_PART_SIZE = 4 * 1024;

  public static final int MAX_PART_SIZE = 8 << 20;

  private final Path folder;
  private final Path downloads;
  private final int partSize;
  private final int partsInFlight;
  private final int partsPerSource;
  private final long quota;
  private final Duration partTimeout;
  private final Duration stallTimeout;
  private final boolean verifyWholeFile;

  private FileConfig(Builder b) {
    this.folder = b.folder;
    this.downloads = b.downloads == null ? b.folder : b.downloads;
    this.partSize = b.partSize;
    this.partsInFlight = b.partsInFlight;
    this.partsPerSource = b.partsPerSource;
    this.verifyWholeFile = b.verifyWholeFile;
    this.quota = b.quota;
    this.partTimeout = b.partTimeout;
    this.stallTimeout = b.stallTimeout;
  }

  /** Serves {@code folder} and downloads into it, with the defaults. */
  public static FileConfig of(Path folder) {
    return builder(folder).build();
  }

  public static Builder builder(Path folder) {
    return new Builder(folder);
  }

  /** The folder this node serves. */
  public Path folder() {
    return folder;
  }

  /** Where fetched files land (the served folder by default); they are served too. */
  public Path downloads() {
    return downloads;
  }

  /** The part size of files up to 131072 parts long; larger files get larger parts (see above). */
  public int partSize() {
    return partSize;
  }

  /** Most parts of one transfer requested at once. */
  public int partsInFlight() {
    return partsInFlight;
  }

  /** Most parts of one transfer requested from one source at once. */
  public int partsPerSource() {
    return partsPerSource;
  }

  /** Most bytes the download folder may hold; {@link Long#MAX_VALUE} for no quota. */
  public long quota() {
    return quota;
  }

  /** How long one part may take before it is asked of another source. */
  public Duration partTimeout() {
    return partTimeout;
  }

  /** How long a transfer may find no source for the parts it lacks before it fails. */
  public Duration stallTimeout() {
    return stallTimeout;
  }

  /**
   * Whether a download also computes the SHA-256 of the whole file (one more pass over every byte)
   * before it moves the file into place. Off by default: every part is checked against its
   * SHA-256 as it comes, and the part hashes are those every offering node agrees on along with
   * the whole file's SHA-256, so the parts together are that file (see the README's files
   * section).
   */
  public boolean verifyWholeFile() {
    return verifyWholeFile;
  }

  @Override
  public String toString() {
    return "FileConfig[folder=" + folder + ", downloads=" + downloads + ", partSize=" + partSize
        + ", partsInFlight=" + partsInFlight + ", partsPerSource=" + partsPerSource + ", quota="
        + (quota == Long.MAX_VALUE ? "none" : quota) + ", partTimeout=" + partTimeout + ", stallTimeout="
        + stallTimeout + ", verifyWholeFile=" + verifyWholeFile + "]";
  }

  /** Builds a {@link FileConfig}; {@link #build()} checks every field and names a bad one. */
  public static final class Builder {
    private final Path folder;
    private Path downloads;
    private int partSize = DEFAULT_PART_SIZE;
    private int partsInFlight = 16;
    private int partsPerSource = 2;
    private long quota = Long.MAX_VALUE;
    private Duration partTimeout = Duration.ofSeconds(10);
    private Duration stallTimeout = Duration.ofSeconds(60);
    private boolean verifyWholeFile;

    private Builder(Path folder) {
      this.folder = Objects.requireNonNull(folder, "files.folder");
    }

    public Builder downloads(Path downloads) {
      this.downloads = downloads;
      return this;
    }

    public Builder partSize(int bytes) {
      this.partSize = bytes;
      return this;
    }

    public Builder partsInFlight(int parts) {
      this.partsInFlight = parts;
      return this;
    }

    public Builder partsPerSource(int parts) {
      this.partsPerSource = parts;
      return this;
    }

    public Builder quota(long bytes) {
      this.quota = bytes;
      return this;
    }

    public Builder partTimeout(Duration timeout) {
      this.partTimeout = timeout;
      return this;
    }

    public Builder stallTimeout(Duration timeout) {
      this.stallTimeout = timeout;
      return this;
    }

    /** See {@link FileConfig#verifyWholeFile()}; off by default. */
    public Builder verifyWholeFile(boolean verify) {
      this.verifyWholeFile = verify;
      return this;
    }

    public FileConfig build() {
      if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
        throw new IllegalArgumentException(
            "files.partSize must be " + MIN_PART_SIZE + "-" + MAX_PART_SIZE + " bytes, got " + partSize);
      }
      if (partsInFlight < 1 || partsInFlight > 256) {
        throw new IllegalArgumentException("files.partsInFlight must be 1-256, got " + partsInFlight);
      }
      if (partsPerSource < 1 || partsPerSource > partsInFlight) {
        throw new IllegalArgumentException(
            "files.partsPerSource must be 1-partsInFlight (" + partsInFlight + "), got " + partsPerSource);
      }
      if (quota <= 0) {
        throw new IllegalArgumentException("files.quota must be positive, got " + quota);
      }
      checkPositive(partTimeout, "files.partTimeout");
      checkPositive(stallTimeout, "files.stallTimeout");
      return new FileConfig(this);
    }

    private static void checkPositive(Duration d, String field) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(field + " must be positive, got " + d);
      }
    }
  }
}
