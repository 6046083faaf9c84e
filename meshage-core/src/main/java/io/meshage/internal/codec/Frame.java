package io.meshage.internal.codec;

import io.meshage.routing.Msa;
import java.util.List;

/** The protocol frames exchanged on a link (and the discovery beacon); immutable. */
public sealed interface Frame
    permits Frame.Hello,
        Frame.MsaFrame,
        Frame.Data,
        Frame.Ack,
        Frame.Ping,
        Frame.Bye,
        Frame.Summary,
        Frame.Beacon {

  /** Wire protocol version carried in HELLO and beacons. */
  int VERSION = 1;

  byte type();

  /** Both ends send one first; {@code manual} marks a user dial, which ignores the namespace. */
  record Hello(
      int version,
      String namespace,
      String name,
      long instance,
      String listenHost,
      int listenPort,
      boolean manual)
      implements Frame {
    public byte type() {
      return 1;
    }
  }

  /** A mesh state announcement being flooded. */
  record MsaFrame(Msa msa) implements Frame {
    public byte type() {
      return 2;
    }
  }

  /** Kinds of DATA. */
  byte SET = 0;

  byte BROADCAST = 1;

  /** A SET that nobody ACKs (best effort, for unreliable sends). */
  byte USET = 2;

  /** Channel of user messages; other channels belong to layers on top (commands, RPC). */
  byte USER = 0;

  /**
   * Channel of bulk data (file parts): links send its frames after every other class (see
   * {@link FrameClass}); the command layer reads it like its own channel.
   */
  byte BULK = 3;

  /**
   * User data: for SET the remaining recipients this hop must serve; for BROADCAST empty. {@code
   * path} lists the nodes passed so far, origin first.
   */
  record Data(
      byte kind,
      byte channel,
      String origin,
      long originInstance,
      long id,
      List<String> path,
      List<String> recipients,
      byte bodyType,
      byte[] body)
      implements Frame {
    public byte type() {
      return 3;
    }
  }

  /** ACK status codes. */
  byte ACK_DELIVERED = 0;

  byte ACK_UNREACHABLE = 1;

  /** ACK status: the recipient got the message but refused its body. */
  byte ACK_REJECTED = 2;

  /**
   * End-to-end verdicts routed back to {@code origin}: {@code node} ACKs (or, for
   * UNREACHABLE, a relay reports that {@code node} cannot be reached) the messages {@code ids}.
   */
  record Ack(String origin, long originInstance, String node, byte status, long[] ids)
      implements Frame {
    public byte type() {
      return 4;
    }
  }

  /** Keepalive probe. */
  record Ping(long nonce) implements Frame {
    public byte type() {
      return 5;
    }
  }

  /** Orderly close or refusal, with the reason. */
  record Bye(String reason) implements Frame {
    public byte type() {
      return 7;
    }
  }

  /** One entry of a database summary. */
  record SummaryEntry(String origin, long instance, int sequence) {}

  /** The MSAs a node holds, sent when a link comes up so that only missing ones are exchanged. */
  record Summary(List<SummaryEntry> entries) implements Frame {
    public byte type() {
      return 8;
    }
  }

  /** UDP discovery beacon: who is looking for neighbours, and where to dial it. */
  record Beacon(
      int version,
      String namespace,
      String name,
      long instance,
      String listenHost,
      int listenPort,
      int wanted,
      int meshSize)
      implements Frame {
    public byte type() {
      return 9;
    }
  }
}
