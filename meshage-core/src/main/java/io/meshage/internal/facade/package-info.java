/**
 * The node's face put together: {@link io.meshage.internal.facade.LocalNode}, the one
 * implementation of {@link io.meshage.MeshNode}, over the runtime a node factory built (the TCP
 * factory behind {@code MeshNode.start}, or the simulator), and {@code NodeLayers}, which builds
 * the layers on top with their constructors. Not exported; nothing below it refers to it.
 */
package io.meshage.internal.facade;
