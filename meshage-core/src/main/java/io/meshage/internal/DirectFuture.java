package io.meshage.internal;

/**
 * Marks a future the node completes on its event loop, without handing over to another thread.
 * Only for futures no user code attaches callbacks to (a caller blocked in {@code get()} is
 * fine): it saves one thread wake-up per synchronous call.
 */
public interface DirectFuture {}
