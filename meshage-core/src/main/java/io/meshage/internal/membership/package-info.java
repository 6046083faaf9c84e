/**
 * Membership logic of a node that needs no I/O: the formation and merge policy that decides, from
 * the node's view of its part of the mesh, who announces a full part, who rewires to join two
 * parts, and which link a node may shed. Internal: not part of the public API.
 */
package io.meshage.internal.membership;
