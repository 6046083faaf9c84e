/**
 * The implementation of {@link io.meshage.group.Groups} and {@link io.meshage.group.Notifications}
 * over the node's public API, the reserved command ids and the layer clock: group tables, holders,
 * joins, leaves, failover and the batched outbox. Built by the node's layers ({@code
 * internal.facade}); not exported.
 */
package io.meshage.internal.group;
