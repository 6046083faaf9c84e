package io.meshage.internal;

import java.util.concurrent.CompletableFuture;

/**
 * A future the node completes on its event loop, without handing over to another thread. Only
 * for futures no user code attaches callbacks to (a caller blocked in {@code get()} is fine):
 * it saves one thread wake-up per synchronous call.
 */
public class DirectFuture<T> extends CompletableFuture<T> {}
