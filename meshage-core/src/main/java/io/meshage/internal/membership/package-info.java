/**
 * Membership: mesh state announcements (MSAs) and discovery with the degree rule. Loop-owned,
 * with one exception: a pluggable {@link io.meshage.Discovery} reports candidates from its own
 * threads into {@code PluggedDiscovery.candidate}, which only builds a beacon and posts it to the
 * loop, exactly as the transport's reader of broadcast beacons does.
 */
package io.meshage.internal.membership;
