package io.meshage.internal.cluster;

import io.meshage.command.ClusterInfo;
import io.meshage.internal.codec.FrameCodec;
import io.meshage.internal.codec.Utf8;

/** The limits on what {@link ClusterInfo} puts into MSA metadata, checked on the caller's thread. */
final class MetadataLimits {
  private MetadataLimits() {}

  /** MSA metadata is UTF-8 ({@link Utf8} policy) of at most {@link FrameCodec#MAX_STRING} bytes. */
  static void checkLength(String what, String s) {
    int bytes = Utf8.encodedLength(s, what);
    if (bytes > FrameCodec.MAX_STRING) {
      throw new IllegalArgumentException(
          what + " takes " + bytes + " bytes in UTF-8; MSA metadata holds at most "
              + FrameCodec.MAX_STRING);
    }
  }

  /** A shared-data key: not empty, at most {@link ClusterInfo#MAX_SHARED_KEY_LENGTH} characters, valid Unicode. */
  static void checkSharedKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("shared data key must not be empty");
    }
    if (key.length() > LocalCluster.MAX_SHARED_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "shared data key '" + key + "' has " + key.length() + " characters; at most "
              + LocalCluster.MAX_SHARED_KEY_LENGTH + " are allowed");
    }
    Utf8.encodedLength(key, "shared data key");
  }
}
