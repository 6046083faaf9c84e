/** Real sockets: a reader and a writer thread per link, the writer coalescing queued frames into one write. */
package io.meshage.internal.transport.tcp;
