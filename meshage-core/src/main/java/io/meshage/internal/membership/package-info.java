/**
 * Membership: mesh state announcements (MSAs), broadcast discovery with the degree rule, and the
 * formation policy (pure, clock passed in) that decides who announces a full part, who rewires to
 * join two parts, and which link a node may shed in an edge swap. Loop-owned.
 */
package io.meshage.internal.membership;
