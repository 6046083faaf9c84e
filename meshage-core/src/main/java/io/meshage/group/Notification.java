package io.meshage.group;

import java.time.Duration;
import java.util.Objects;

/**
 * One notification of a {@link Notifications} service (Diarkis' {@code diarkisexec.Notification}):
 * delivered once per id to every node's sinks while its TTL lasts.
 *
 * @param id unique per notification: a second one with the same id is dropped while the first lives
 * @param name the service that sent it (set by the service)
 * @param ver the command version the clients of a sink see (0-255)
 * @param cmd the command id the clients of a sink see (0-65535)
 * @param message the bytes of the notification
 * @param ttl how long it stays deliverable, counted from its arrival at each node (positive)
 */
public record Notification(String id, String name, int ver, int cmd, byte[] message, Duration ttl) {
  public Notification {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("notification id must not be empty");
    }
    Objects.requireNonNull(name, "name");
    if (ver < 0 || ver > 255) {
      throw new IllegalArgumentException("ver must be in 0..255, got " + ver);
    }
    if (cmd < 0 || cmd > 65_535) {
      throw new IllegalArgumentException("cmd must be in 0..65535, got " + cmd);
    }
    message = Objects.requireNonNull(message, "message").clone();
    if (ttl == null || ttl.toMillis() < 1) {
      throw new IllegalArgumentException("ttl must be at least 1 ms, got " + ttl);
    }
  }

  /** A notification of the service that will send it (the service fills in the name). */
  public static Notification of(String id, int ver, int cmd, byte[] message, Duration ttl) {
    return new Notification(id, "", ver, cmd, message, ttl);
  }

  @Override
  public byte[] message() {
    return message.clone();
  }
}
