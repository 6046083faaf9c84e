/**
 * The transport SPI: listen, dial, discovery datagrams and connections that carry frames. TCP in
 * {@code tcp}, the simulator's in {@code io.meshage.sim}, and {@code fault}, a decorator that
 * injects faults into either.
 */
package io.meshage.internal.transport;
