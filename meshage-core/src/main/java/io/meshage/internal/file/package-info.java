/**
 * The implementation of {@link io.meshage.file.MeshFiles}: the file server, swarm downloads in
 * SHA-256-checked parts, their wire and the path rules. Built by the node's layers ({@code
 * internal.facade}) when the config gives a folder; not exported.
 *
 * <p>Who owns what: a {@code Download} guards its sources, parts held and in flight with its own
 * lock; its {@code WholeFileHash} guards the running whole-file SHA-256 and the parts kept for it
 * with its own (taken first when both are held, never the other way round); {@code Offers} is
 * built and read on the download's worker thread; the {@code FileServer} owns the manifest cache.
 */
package io.meshage.internal.file;
