/**
 * Failure-injection experiments on the simulator: a line-oriented scenario file
 * ({@link io.meshage.cli.scenario.ScenarioParser}) names a topology and timed faults and traffic;
 * {@link io.meshage.cli.scenario.ScenarioRunner} plays it in virtual time and writes the report
 * (text, CSV, PNG plots, DOT snapshots). The same seed gives the same output byte for byte.
 */
package io.meshage.cli.scenario;
