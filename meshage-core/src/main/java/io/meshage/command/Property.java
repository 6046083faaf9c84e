package io.meshage.command;

import java.util.Objects;

/**
 * One named, typed field of a {@link TransportData} schema. Names are not sent on the wire (the
 * schema's order is), so both sides must define the same properties in the same order.
 *
 * @param name the name used by setters and getters; not blank
 * @param type the type of the value
 */
public record Property(String name, Type type) {
  /** Checks the name and the type. */
  public Property {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isBlank()) {
      throw new IllegalArgumentException("property name must not be blank");
    }
  }

  /** A property named {@code name} of type {@code type}. */
  public static Property of(String name, Type type) {
    return new Property(name, type);
  }
}
