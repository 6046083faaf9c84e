/**
 * Micrometer metrics of a mesh node: {@link io.meshage.micrometer.MeshMetrics} binds its counters,
 * gauges and verdict-latency timer to any registry; {@link io.meshage.micrometer.PrometheusEndpoint}
 * serves them as Prometheus text over HTTP.
 */
package io.meshage.micrometer;
