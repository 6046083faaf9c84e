package io.meshage.internal.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns message bodies into bytes and back: raw {@code byte[]}, {@link Utf8} {@code String}, or a Kryo
 * object of a registered class (registration required, references off, bounded depth, bounded
 * size). Thread-safe: Kryo instances come from a pool.
 */
public final class BodyCodec {
  public static final byte RAW = 0;
  public static final byte STRING = 1;
  public static final byte KRYO = 2;

  private final int maxDepth;
  private final int maxBytes;
  private final List<Registration> registrations = new ArrayList<>();
  private final Pool<Holder> pool;

  private record Registration(Class<?> type, int id) {}

  private static final class Holder {
    final Kryo kryo;
    int registered;

    Holder(int maxDepth) {
      kryo = SafeSerializers.newKryo();
      kryo.setMaxDepth(maxDepth);
    }
  }

  /** The encoded form of a body. */
  public record Encoded(byte type, byte[] bytes) {}

  public BodyCodec(int maxDepth, int maxBytes) {
    this.maxDepth = maxDepth;
    this.maxBytes = maxBytes;
    this.pool =
        new Pool<>(true, false, 64) {
          @Override
          protected Holder create() {
            return new Holder(BodyCodec.this.maxDepth);
          }
        };
  }

  /** Registers {@code type} with the next free id; every node must register in the same order. */
  public synchronized void register(Class<?> type) {
    register(type, -1);
  }

  /**
   * Registers {@code type} with an explicit Kryo id (at least {@link SafeSerializers#FIRST_USER_ID};
   * lower ids are taken by the pre-registered JDK types), or -1 for the next free one.
   */
  public synchronized void register(Class<?> type, int id) {
    if (id >= 0 && id < SafeSerializers.FIRST_USER_ID) {
      throw new IllegalArgumentException(
          "Kryo id " + id + " is reserved for pre-registered types; use " + SafeSerializers.FIRST_USER_ID + " or above");
    }
    for (Registration r : registrations) {
      if (r.type == type) {
        throw new IllegalStateException(type.getName() + " is already registered");
      }
      if (id >= 0 && r.id == id) {
        throw new IllegalStateException("id " + id + " is already taken by " + r.type.getName());
      }
    }
    registrations.add(new Registration(type, id));
  }

  private Holder borrow() {
    Holder h = pool.obtain();
    synchronized (this) {
      while (h.registered < registrations.size()) {
        Registration r = registrations.get(h.registered++);
        if (r.id >= 0) {
          h.kryo.register(r.type, r.id);
        } else {
          h.kryo.register(r.type);
        }
      }
    }
    return h;
  }

  /** Encodes {@code body}; IllegalArgumentException for null, unregistered or too large bodies. */
  public Encoded encode(Object body) {
    if (body == null) {
      throw new IllegalArgumentException("body must not be null");
    }
    Encoded e;
    if (body instanceof byte[] b) {
      e = new Encoded(RAW, b);
    } else if (body instanceof String s) {
      e = new Encoded(STRING, Utf8.encode(s, "String body"));
    } else {
      Holder h = borrow();
      try {
        Output out = new Output(256, maxBytes);
        h.kryo.writeClassAndObject(out, body);
        e = new Encoded(KRYO, out.toBytes());
      } catch (KryoException | IllegalArgumentException ex) {
        throw new IllegalArgumentException(
            "cannot encode body of " + body.getClass().getName() + ": " + ex.getMessage()
                + " (register the type with registerType on every node)", ex);
      } finally {
        pool.free(h);
      }
    }
    if (e.bytes().length > maxBytes) {
      throw new IllegalArgumentException(
          "body of " + e.bytes().length + " bytes exceeds the limit of " + maxBytes);
    }
    return e;
  }

  /** Decodes a body; IllegalArgumentException with the reason when it cannot. */
  public Object decode(byte type, byte[] bytes) {
    switch (type) {
      case RAW:
        return bytes;
      case STRING:
        return Utf8.decode(bytes, "String body");
      case KRYO:
        Holder h = borrow();
        try {
          Input in = SafeSerializers.input(bytes);
          Object o = h.kryo.readClassAndObject(in);
          if (in.position() != bytes.length) {
            throw new IllegalArgumentException((bytes.length - in.position()) + " trailing bytes");
          }
          return o;
        } catch (KryoException | IllegalArgumentException | IndexOutOfBoundsException
            | NegativeArraySizeException | StackOverflowError e) {
          throw new IllegalArgumentException("cannot decode body: " + e.getMessage(), e);
        } finally {
          pool.free(h);
        }
      default:
        throw new IllegalArgumentException("unknown body type " + type);
    }
  }
}
