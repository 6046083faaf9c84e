package io.meshage.internal.transport.tcp;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the accepted connections not yet authenticated, in total and per source address: a
 * connection takes a slot at accept and gives it back once its link is up or it closed. A
 * connection that finds no slot is closed at once by the transport. Thread-safe.
 */
final class HandshakeSlots {
  private final int total;
  private final int perAddress;
  private final Map<InetAddress, Integer> byAddress = new HashMap<>();
  private int taken;

  HandshakeSlots(int total, int perAddress) {
    this.total = total;
    this.perAddress = perAddress;
  }

  /** A slot for a connection from {@code address}, or null when a bound is reached. */
  synchronized Slot take(InetAddress address) {
    int fromThere = byAddress.getOrDefault(address, 0);
    if (taken >= total || fromThere >= perAddress) {
      return null;
    }
    taken++;
    byAddress.put(address, fromThere + 1);
    return new Slot(address);
  }

  /** Why {@link #take} refused {@code address} (for the log). */
  synchronized String refusal(InetAddress address) {
    return taken >= total
        ? total + " handshakes are under way (the bound on all addresses)"
        : byAddress.getOrDefault(address, 0) + " handshakes from " + (address == null ? "?" : address.getHostAddress())
            + " are under way (the bound per address)";
  }

  synchronized int taken() {
    return taken;
  }

  private synchronized void giveBack(InetAddress address) {
    taken--;
    int left = byAddress.getOrDefault(address, 1) - 1;
    if (left <= 0) {
      byAddress.remove(address);
    } else {
      byAddress.put(address, left);
    }
  }

  /** One connection's slot; released once, whoever calls first. */
  final class Slot {
    private final InetAddress address;
    private final AtomicBoolean released = new AtomicBoolean();

    private Slot(InetAddress address) {
      this.address = address;
    }

    void release() {
      if (released.compareAndSet(false, true)) {
        giveBack(address);
      }
    }
  }
}
