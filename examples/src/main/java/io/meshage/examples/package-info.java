/**
 * The README's Java snippets as code that compiles and runs. Each README block is the text
 * between a {@code // README:begin NAME} and a {@code // README:end} line of one of these
 * classes (indentation removed); {@code ReadmeSnippetsTest} checks that they agree both ways, and
 * {@code ExamplesTest} runs them on loopback or in the simulator.
 */
package io.meshage.examples;
