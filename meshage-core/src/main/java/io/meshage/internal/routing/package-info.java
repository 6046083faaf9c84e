/** Keeps the node's route table (from meshage-routing) in step with its link-state database. Loop-owned. */
package io.meshage.internal.routing;
