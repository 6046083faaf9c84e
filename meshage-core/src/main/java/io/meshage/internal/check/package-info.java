/**
 * Checks of user input shared by the public value types and the facade implementations: pure code
 * with no dependency on anything above it (a leaf, like the codec).
 */
package io.meshage.internal.check;
