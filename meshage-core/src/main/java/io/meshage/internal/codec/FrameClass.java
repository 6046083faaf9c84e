package io.meshage.internal.codec;

/**
 * The sending class of a frame: a link writes every queued frame of a class before any of the
 * next one, so that keepalives, MSAs and ACKs never wait behind data, nor data behind bulk
 * transfers. The class follows from the frame (its type, and for DATA its channel), so every hop
 * of a relayed message classifies it alike with nothing added to the wire.
 */
public enum FrameClass {
  /** HELLO, MSA, PING, BYE, SUMMARY: what keeps links and routes alive. */
  CONTROL,
  /** End-to-end verdicts. */
  ACK,
  /** Messages, commands, RPCs. */
  DATA,
  /** DATA on {@link Frame#BULK}: file parts and other large transfers; sent last. */
  BULK;

  private static final FrameClass[] VALUES = values();

  /** The class of {@code frame}. */
  public static FrameClass of(Frame frame) {
    if (frame instanceof Frame.Data d) {
      return d.channel() == Frame.BULK ? BULK : DATA;
    }
    return frame instanceof Frame.Ack ? ACK : CONTROL;
  }

  /** The classes in sending order. */
  public static FrameClass[] inOrder() {
    return VALUES.clone();
  }
}
