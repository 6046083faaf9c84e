/** The link layer: one connection per neighbour, its HELLO handshake, refusals and keepalive. Loop-owned. */
package io.meshage.internal.link;
