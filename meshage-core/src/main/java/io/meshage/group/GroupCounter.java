package io.meshage.group;

/** The counters of one node's group layer ({@link Groups#stats()}). */
public enum GroupCounter {
  /** Groups created here. */
  CREATED,
  /** Groups this node stopped knowing (empty, TTL expired, or its members left). */
  DISCARDED,
  /** Members added by this node as holder. */
  JOINS_HELD,
  /** Members removed by this node as holder. */
  LEAVES_HELD,
  /** Messages queued for sending (broadcast, announce, join, leave, discard, rejoin). */
  MESSAGES_QUEUED,
  /** Batches flushed (one per group, reliability and interval that had messages). */
  BATCHES,
  /** DELIVER commands sent (a batch to the other member nodes, per chunk). */
  BATCH_SENDS,
  /** Reliable batches sent a second time to member nodes a first relay tree missed. */
  RETRIES,
  /** Batches that arrived twice (after such a resend) and were dropped. */
  DUPLICATES,
  /** Messages handed to member sinks here. */
  DELIVERED,
  /** Messages that arrived for a group this node does not know. */
  UNKNOWN_GROUP,
  /** Roster updates sent as holder. */
  ROSTER_UPDATES,
  /** Members discarded because their node was lost. */
  MEMBERS_DISCARDED,
  /** Groups this node took over from a lost holder. */
  TAKEOVERS,
  /** Groups rejoined at another node after their holder was lost. */
  REJOINS,
  /** Groups dropped here because no node accepted the rejoin. */
  REJOINS_FAILED
}
