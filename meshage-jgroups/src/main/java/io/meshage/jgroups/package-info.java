/**
 * Mesh discovery through JGroups: {@link io.meshage.jgroups.JGroupsDiscovery} joins a JGroups
 * cluster built from the user's XML stack (TCPPING, FILE_PING, JDBC_PING, DNS_PING, KUBE_PING...)
 * only to learn which mesh nodes exist and where they listen; links and routing stay the mesh's.
 */
package io.meshage.jgroups;
