/**
 * Diarkis-style groups over the mesh: members (users attached to some mesh node) spread over many
 * nodes, created on one node, joined from any, with broadcasts to every member wherever it is.
 * Start from {@code node.groups()}, see {@link io.meshage.group.Groups}.
 */
package io.meshage.group;
