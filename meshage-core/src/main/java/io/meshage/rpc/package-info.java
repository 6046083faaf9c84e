/**
 * Bilateral multicast RPC (after Go's {@code bilateralrpc}): register objects whose public methods
 * become {@code "Type.method"} procedures, call them on many nodes at once and get one {@link
 * io.meshage.rpc.Response} per target with an explicit status. Get it from {@code node.rpc()}.
 */
package io.meshage.rpc;
