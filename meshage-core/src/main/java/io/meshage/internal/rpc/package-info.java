/**
 * The implementation of {@link io.meshage.rpc.BilateralRpc}: the method table, the server side
 * that invokes registered methods, and the calls on the shared call engine. Built by the node's
 * layers ({@code internal.facade}); not exported.
 */
package io.meshage.internal.rpc;
