package io.meshage;

import static io.meshage.ConfigChecks.checkRange;

/** Bounds on what a peer can make a node hold: frame size, frames queued per link, body nesting. */
record LimitSettings(int maxFrameSize, int linkQueueFrames, int maxBodyDepth) {

  LimitSettings {
    checkRange(maxFrameSize, 1024, 1 << 30, "maxFrameSize");
    checkRange(linkQueueFrames, 16, 1 << 24, "linkQueueFrames");
    checkRange(maxBodyDepth, 1, 64, "maxBodyDepth");
  }

  /** The builder's mutable half of {@link LimitSettings}, holding the defaults. */
  static final class Draft {
    int maxFrameSize = MeshConfig.DEFAULT_MAX_FRAME;
    int linkQueueFrames = 65_536;
    int maxBodyDepth = 32;

    Draft() {}

    Draft(LimitSettings s) {
      maxFrameSize = s.maxFrameSize;
      linkQueueFrames = s.linkQueueFrames;
      maxBodyDepth = s.maxBodyDepth;
    }

    LimitSettings build() {
      return new LimitSettings(maxFrameSize, linkQueueFrames, maxBodyDepth);
    }
  }
}
