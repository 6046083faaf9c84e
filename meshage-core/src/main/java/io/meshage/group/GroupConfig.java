package io.meshage.group;

import io.meshage.internal.check.SendIntervals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Settings of the group layer of one node, as Diarkis' group configuration: {@code
 * remoteJoinTries} (default 4), {@code relayLimit} (default 2), {@code sendInterval} (default 300
 * ms) and {@code staticGroups}; plus the timeouts of requests and hooks. Every node of a mesh should
 * use the same static groups. Built by {@link #builder()}; a bad value names its field.
 */
public final class GroupConfig {
  /** Length of a static group id, as Diarkis requires. */
  public static final int STATIC_ID_LENGTH = 52;

  /** A static group: created on start on every node with this config, never discarded. */
  public record StaticGroup(String groupId, Duration interval) {}

  private final int remoteJoinTries;
  private final int relayLimit;
  private final Duration sendInterval;
  private final List<StaticGroup> staticGroups;
  private final Duration requestTimeout;
  private final Duration hookTimeout;

  private GroupConfig(Builder b) {
    this.remoteJoinTries = b.remoteJoinTries;
    this.relayLimit = b.relayLimit;
    this.sendInterval = b.sendInterval;
    this.staticGroups = List.copyOf(b.staticGroups);
    this.requestTimeout = b.requestTimeout;
    this.hookTimeout = b.hookTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The defaults. */
  public static GroupConfig defaults() {
    return builder().build();
  }

  /** How many nodes a member node tries, in turn, to rejoin a group whose holder was lost. */
  public int remoteJoinTries() {
    return remoteJoinTries;
  }

  /** How many nodes each hop of a broadcast or roster update relays to at once. */
  public int relayLimit() {
    return relayLimit;
  }

  /** The batching interval of static groups configured without one (0: no batching). */
  public Duration sendInterval() {
    return sendInterval;
  }

  public List<StaticGroup> staticGroups() {
    return staticGroups;
  }

  /** How long a join, leave or rejoin waits for the node holding the group. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** How long one hook may take to call next before the operation fails. */
  public Duration hookTimeout() {
    return hookTimeout;
  }

  /** Builds a {@link GroupConfig}; {@link #build()} validates every field. */
  public static final class Builder {
    private int remoteJoinTries = 4;
    private int relayLimit = 2;
    private Duration sendInterval = Duration.ofMillis(300);
    private final List<StaticGroup> staticGroups = new ArrayList<>();
    private Duration requestTimeout = Duration.ofSeconds(5);
    private Duration hookTimeout = Duration.ofSeconds(5);

    private Builder() {}

    public Builder remoteJoinTries(int tries) {
      this.remoteJoinTries = tries;
      return this;
    }

    public Builder relayLimit(int limit) {
      this.relayLimit = limit;
      return this;
    }

    public Builder sendInterval(Duration interval) {
      this.sendInterval = interval;
      return this;
    }

    /** Adds a static group with the {@link #sendInterval} as its batching interval. */
    public Builder staticGroup(String groupId) {
      return staticGroup(groupId, null);
    }

    /** Adds a static group; an interval under 100 ms means no batching. */
    public Builder staticGroup(String groupId, Duration interval) {
      staticGroups.add(new StaticGroup(groupId, interval));
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    public Builder hookTimeout(Duration timeout) {
      this.hookTimeout = timeout;
      return this;
    }

    /** @throws IllegalArgumentException naming the first bad field */
    public GroupConfig build() {
      if (remoteJoinTries < 1 || remoteJoinTries > 64) {
        throw new IllegalArgumentException("remoteJoinTries must be 1-64, got " + remoteJoinTries);
      }
      if (relayLimit < 1 || relayLimit > 64) {
        throw new IllegalArgumentException("relayLimit must be 1-64, got " + relayLimit);
      }
      sendInterval = SendIntervals.normal(check(sendInterval, "sendInterval", true));
      check(requestTimeout, "requestTimeout", false);
      check(hookTimeout, "hookTimeout", false);
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < staticGroups.size(); i++) {
        StaticGroup g = staticGroups.get(i);
        String field = "staticGroups[" + i + "]";
        if (g.groupId() == null || g.groupId().length() != STATIC_ID_LENGTH) {
          throw new IllegalArgumentException(field + ".groupID must be exactly " + STATIC_ID_LENGTH
              + " characters, got " + (g.groupId() == null ? "null" : g.groupId().length()));
        }
        if (!ids.add(g.groupId())) {
          throw new IllegalArgumentException(field + ".groupID " + g.groupId() + " is listed twice");
        }
        Duration interval = g.interval() == null ? sendInterval : g.interval();
        staticGroups.set(i, new StaticGroup(g.groupId(),
            SendIntervals.normal(check(interval, field + ".interval", true))));
      }
      return new GroupConfig(this);
    }

    private static Duration check(Duration d, String field, boolean zeroAllowed) {
      if (d == null || d.isNegative() || (!zeroAllowed && d.isZero())) {
        throw new IllegalArgumentException(field + " must be " + (zeroAllowed ? ">= 0" : "positive")
            + ", got " + d);
      }
      if (d.toHours() > 24) {
        throw new IllegalArgumentException(field + " must be at most 24 h, got " + d);
      }
      return d;
    }
  }
}
