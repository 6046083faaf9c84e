package io.meshage.internal.rpc;

import io.meshage.HandlerMode;
import io.meshage.rpc.RpcContext;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The procedures this node serves: registered objects' public methods by {@code "Type.method"}.
 * Registration checks every signature first and changes nothing when one is unsupported.
 */
final class MethodTable {
  private final Map<String, RpcMethod> methods = new ConcurrentHashMap<>();
  private final Map<String, Object> receivers = new ConcurrentHashMap<>();

  /**
   * Registers {@code receiver}'s public methods as {@code typeName.method} (run on the handler
   * threads), handing each argument and return type to {@code registerType} in a fixed order (by method name).
   *
   * @return the procedure names, sorted
   * @throws IllegalArgumentException for an unsupported signature, an overloaded name or no method
   * @throws IllegalStateException when {@code typeName} is already registered
   */
  List<String> register(String typeName, Object receiver, Consumer<Class<?>> registerType) {
    return register(typeName, receiver, HandlerMode.POOLED, registerType);
  }

  /** {@link #register(String, Object, Consumer)} with the methods run as {@code mode} says. */
  synchronized List<String> register(
      String typeName, Object receiver, HandlerMode mode, Consumer<Class<?>> registerType) {
    checkTypeName(typeName);
    if (mode == null) {
      throw new IllegalArgumentException("mode must not be null");
    }
    if (receiver == null) {
      throw new IllegalArgumentException("receiver must not be null");
    }
    if (receivers.containsKey(typeName)) {
      throw new IllegalStateException("RPC type " + typeName + " is already registered; unregister it first");
    }
    List<Method> candidates = new ArrayList<>();
    for (Method m : receiver.getClass().getMethods()) {
      if (m.getDeclaringClass() != Object.class && !Modifier.isStatic(m.getModifiers())
          && !m.isBridge() && !m.isSynthetic()) {
        candidates.add(m);
      }
    }
    candidates.sort(Comparator.comparing(Method::getName).thenComparing(m -> Arrays.toString(m.getParameterTypes())));
    List<String> problems = new ArrayList<>();
    Map<String, RpcMethod> found = new java.util.TreeMap<>();
    for (Method m : candidates) {
      String name = typeName + "." + m.getName();
      String why = unsupported(m);
      if (why != null) {
        problems.add(name + Arrays.toString(m.getParameterTypes()) + ": " + why);
      } else if (found.containsKey(name)) {
        problems.add(name + " is overloaded: procedure names must be unique");
      } else {
        found.put(name, new RpcMethod(name, receiver, m, mode));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot register " + receiver.getClass().getName() + " as " + typeName + ": " + String.join("; ", problems)
              + " (an RPC method is public, takes one argument, optionally followed by an RpcContext,"
              + " and returns a value or void; make other methods non-public)");
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException(
          receiver.getClass().getName() + " has no public methods to register as " + typeName);
    }
    for (RpcMethod rm : found.values()) {
      try {
        rm.invokable();
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("cannot call " + rm.name() + " by reflection: " + e.getMessage(), e);
      }
    }
    for (Method m : candidates) {
      registerTypes(m.getParameterTypes()[0], registerType);
      registerTypes(m.getReturnType(), registerType);
    }
    methods.putAll(found);
    receivers.put(typeName, receiver);
    return List.copyOf(found.keySet());
  }

  private static void checkTypeName(String typeName) {
    if (typeName == null || typeName.isEmpty() || typeName.contains(".") || typeName.contains(" ")) {
      throw new IllegalArgumentException(
          "RPC type name must be non-empty without dots or spaces, got '" + typeName
              + "' (for anonymous or nested classes use register(name, receiver))");
    }
  }

  private static String unsupported(Method m) {
    Class<?>[] p = m.getParameterTypes();
    if (p.length == 1 && p[0] != RpcContext.class) {
      return null;
    }
    if (p.length == 2 && p[0] != RpcContext.class && p[1] == RpcContext.class) {
      return null;
    }
    return "takes " + p.length + " parameter(s)";
  }

  /** User classes (and arrays of them) go to the body codec; JDK types are built in or pre-registered. */
  private static void registerTypes(Class<?> type, Consumer<Class<?>> registerType) {
    if (userClass(type)) {
      registerType.accept(type);
    } else if (type.isArray() && userClass(type.getComponentType())) {
      registerType.accept(type.getComponentType());
      registerType.accept(type);
    }
  }

  private static boolean userClass(Class<?> type) {
    return !type.isPrimitive() && !type.isArray() && !type.isInterface()
        && !Modifier.isAbstract(type.getModifiers()) && !type.getName().startsWith("java.")
        && type != RpcContext.class;
  }

  /** The procedure called {@code name}, or null. */
  RpcMethod find(String name) {
    return methods.get(name);
  }

  /** Removes the procedures of type {@code typeName}; false when there was none. */
  synchronized boolean unregister(String typeName) {
    Object receiver = receivers.remove(typeName);
    if (receiver == null) {
      return false;
    }
    methods.values().removeIf(m -> m.name().startsWith(typeName + "."));
    return true;
  }

  /** Removes every type registered with {@code receiver}; false when there was none. */
  synchronized boolean unregister(Object receiver) {
    List<String> types = new ArrayList<>();
    receivers.forEach((name, r) -> {
      if (r == receiver) {
        types.add(name);
      }
    });
    types.forEach(this::unregister);
    return !types.isEmpty();
  }

  /** The procedure names served now, sorted. */
  Set<String> names() {
    return new TreeSet<>(methods.keySet());
  }
}
