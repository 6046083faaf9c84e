package io.meshage.group;

import io.meshage.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;


/**
 * Periodic notifications to every node (Diarkis' {@code SetupNotificationService}): a service
 * asks its supplier every interval, off the event loop, and sends what it returns to every member
 * of the mesh through a relay tree; each node hands a notification to its registered sinks once per
 * id and keeps it for sinks registered later while its TTL lasts. Several nodes may run the same
 * service: a notification with an id already seen is dropped, as in Diarkis. Get it from {@code
 * node.notifications()}.
 */
public interface Notifications {
  // id -> (notification, expiry in ns on the node's clock); guarded by "this"

  /**
   * Starts service {@code name}: every {@code interval} it calls {@code supplier} (off the event
   * loop) and sends a non-null result to every node. Close the result to stop it.
   *
   * @throws IllegalStateException when this node already runs a service of that name
   */
  Subscription start(String name, Duration interval, Supplier<Notification> supplier);

  /**
   * Hands every new notification to {@code sink} (off the event loop), and at once the ones still
   * live here, as Diarkis delivers them to clients that connect before their TTL expires.
   */
  Subscription onNotification(Consumer<Notification> sink);

  /** The notifications live here now, oldest first. */
  List<Notification> live();
}
