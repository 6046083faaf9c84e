/**
 * Real sockets: non-blocking links read, decoded and written on the node's event loop ({@link
 * io.meshage.internal.transport.tcp.IoLoop}), frames coalesced into one write per batch, callers
 * writing their own frames without blocking; a short-lived thread per keyed link for the key step.
 */
package io.meshage.internal.transport.tcp;
