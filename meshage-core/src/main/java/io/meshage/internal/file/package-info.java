/**
 * The implementation of {@link io.meshage.file.MeshFiles}: the file server, swarm downloads in
 * SHA-256-checked parts, their wire and the path rules. Built by the node's layers ({@code
 * internal.facade}) when the config gives a folder; not exported.
 */
package io.meshage.internal.file;
