/**
 * The public node API: {@link io.meshage.MeshConfig} to configure, {@link io.meshage.MeshNode} to
 * start a node, send and receive, {@link io.meshage.Delivery} for per-recipient verdicts, and
 * {@link io.meshage.FaultInjector} for failure experiments on real sockets.
 */
package io.meshage;
