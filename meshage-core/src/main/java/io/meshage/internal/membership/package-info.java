/** Membership: mesh state announcements (MSAs) and broadcast discovery with the degree rule. Loop-owned. */
package io.meshage.internal.membership;
