package io.meshage.internal;

import java.util.Map;
import java.util.Set;

/**
 * An immutable view of a node for readers outside the event loop, replaced as a whole by the loop.
 *
 * @param neighbors directly connected nodes
 * @param mesh the node's part of the topology (two-way edges), always holding the node itself
 * @param reachable every other node with a route
 * @param degree the current degree setting
 * @param msaPeriodNanos the current MSA refresh period
 */
public record Snapshot(
    Set<String> neighbors,
    Map<String, Set<String>> mesh,
    Set<String> reachable,
    int degree,
    long msaPeriodNanos) {}
