package io.meshage.cli;

import io.meshage.DialStatus;
import io.meshage.MeshNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The shell's dials that persist: {@code mesh dial}, {@code mesh undial}, {@code mesh dials}. */
final class DialShell {
  static final List<String> HELP =
      List.of(
          "mesh dial host:port          connect, retrying until connected, and redial when the link drops",
          "mesh undial host:port|NODE   stop redialing (the link stays; mesh hangup NODE drops it and stops)",
          "mesh dials                   each dial: address, state, peer, failed tries, last error");

  private final MeshNode node;
  /** How long {@code mesh dial} waits for its first try before it answers. */
  private final Duration firstTry;

  DialShell(MeshNode node) {
    this.node = node;
    this.firstTry = node.config().handshakeTimeout().multipliedBy(2).plusSeconds(1);
  }

  /** {@code mesh dial ADDRESS}: the first try's outcome; the dial goes on after a failure. */
  Reply dial(String address) {
    if (address.isEmpty()) {
      return Reply.error("mesh dial needs host:port");
    }
    try {
      return Reply.of("connected to " + node.keepDialing(address).get(firstTry.toMillis(), TimeUnit.MILLISECONDS));
    } catch (ExecutionException e) {
      return Reply.of("dialing " + address + ": " + e.getCause().getMessage() + "; retrying until connected");
    } catch (TimeoutException e) {
      return Reply.of("dialing " + address + ": no answer within " + Durations.format(firstTry)
          + "; retrying until connected");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Reply.error("interrupted");
    }
  }

  Reply undial(String target) {
    if (target.isEmpty()) {
      return Reply.error("mesh undial needs host:port or a node's name (see mesh dials)");
    }
    return node.undial(target)
        ? Reply.of("undialed " + target)
        : Reply.error("no dial of " + target + " (see mesh dials)");
  }

  /** One line a dial: {@code 10.0.0.7:40123 connected n2 failures 0 last-error -}. */
  Reply list() {
    List<String> lines = new ArrayList<>();
    for (DialStatus d : node.dials()) {
      String state = d.state().equals("waiting")
          ? "waiting(" + Durations.format(d.retryIn()) + ")"
          : d.state();
      lines.add(d.address() + " " + state + " " + (d.peer() == null ? "-" : d.peer())
          + " failures " + d.failures() + " last-error " + (d.lastError().isEmpty() ? "-" : d.lastError()));
    }
    return lines.isEmpty() ? Reply.of("no dials") : Reply.of(lines);
  }
}
