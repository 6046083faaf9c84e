/**
 * Membership: mesh state announcements (MSAs), discovery with the degree rule, and the formation
 * policy (pure, clock passed in) that decides who announces a full part, who rewires to join two
 * parts, and which link a node may shed in an edge swap. Loop-owned, with one exception: a
 * pluggable {@link io.meshage.Discovery} reports candidates from its own threads into
 * {@code PluggedDiscovery.candidate}, which only builds a beacon and posts it to the loop, exactly
 * as the transport's reader of broadcast beacons does. {@link
 * io.meshage.internal.membership.MembershipTracker} turns accepted MSAs, recomputed parts and link
 * changes into typed membership events (a closing node's last MSA, with no neighbours and a BYE
 * mark, makes it LEFT rather than FAILED); its listeners run on the handler threads.
 */
package io.meshage.internal.membership;
