/**
 * Files over the mesh ({@code node.files()}, {@link io.meshage.file.MeshFiles}): list who has
 * what, fetch a file in SHA-256-checked parts from every node that has it, swarm-style, into a
 * download folder, and see transfers' progress.
 */
package io.meshage.file;
