package io.meshage.internal.cluster;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** {@code host:port} endpoints as {@link ClusterInfo} announces and compares them. */
final class Endpoints {
  private Endpoints() {}

  /** The host part of {@code host:port} (brackets of an IPv6 literal kept). */
  static String host(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    return colon < 0 ? endpoint : endpoint.substring(0, colon);
  }

  /** Refuses what is not {@code host:port} with a port in 1-65535. */
  static void check(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    if (colon <= 0 || colon == endpoint.length() - 1) {
      throw new IllegalArgumentException("endpoint must be host:port, got '" + endpoint + "'");
    }
    int port;
    try {
      port = Integer.parseInt(endpoint.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port of endpoint '" + endpoint + "' is not a number");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port of endpoint '" + endpoint + "' outside 1-65535");
    }
  }

  /**
   * The nodes of {@code nodes} with an endpoint ({@code endpointOf}) whose host differs from the
   * host of {@code mine} (every one with an endpoint when {@code mine} is null); sorted.
   */
  static Set<String> differentHosts(String mine, Set<String> nodes, Function<String, String> endpointOf) {
    String myHost = mine == null ? null : host(mine);
    Set<String> out = new TreeSet<>();
    for (String n : nodes) {
      String theirs = endpointOf.apply(n);
      if (theirs != null && !host(theirs).equals(myHost)) {
        out.add(n);
      }
    }
    return Collections.unmodifiableSet(out);
  }

  /** The endpoints ({@code endpointOf}) of {@code nodes} but those named in {@code ignore} by name or endpoint; sorted. */
  static List<String> except(Set<String> nodes, Function<String, String> endpointOf, Collection<String> ignore) {
    Set<String> skip = new HashSet<>(ignore);
    Set<String> out = new TreeSet<>();
    for (String n : nodes) {
      String address = endpointOf.apply(n);
      if (address != null && !skip.contains(n) && !skip.contains(address)) {
        out.add(address);
      }
    }
    return List.copyOf(out);
  }
}
