package io.meshage.internal;

import com.esotericsoftware.kryo.Kryo;

/** Placeholder until the hardened serializers land (branch kryo). */
public final class SafeSerializers {
  private SafeSerializers() {}

  public static void install(Kryo kryo) {
    kryo.setWarnUnregisteredClasses(false);
  }
}
