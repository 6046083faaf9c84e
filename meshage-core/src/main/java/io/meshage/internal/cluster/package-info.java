/**
 * The implementation of {@link io.meshage.command.ClusterInfo}: this node's type, status, values
 * and shared data announced in its MSAs, and the read side over every other node's. Built by the
 * node's layers ({@code internal.facade}); not exported.
 */
package io.meshage.internal.cluster;
