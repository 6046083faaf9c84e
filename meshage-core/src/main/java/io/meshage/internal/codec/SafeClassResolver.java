package io.meshage.internal.codec;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.util.DefaultClassResolver;

/**
 * Kryo's class resolver without the class-by-name path: with registration required no writer sends
 * class names, and Kryo's own name path calls {@code Class.forName} on a hostile name and caches one
 * entry per message that it never clears.
 */
final class SafeClassResolver extends DefaultClassResolver {

  @Override
  protected Registration readName(Input input) {
    throw new KryoException("class names are not accepted on the wire; register the class");
  }
}
