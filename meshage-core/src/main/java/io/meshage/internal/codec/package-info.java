/**
 * The wire: protocol frames with a hand-written, bounds-checked codec (a length is checked before
 * anything is allocated for it), and user bodies as raw bytes, strings or Kryo with registration
 * required and hardened serializers. Stateless or thread-safe.
 */
package io.meshage.internal.codec;
