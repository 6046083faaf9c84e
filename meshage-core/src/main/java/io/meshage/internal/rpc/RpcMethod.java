package io.meshage.internal.rpc;

import io.meshage.HandlerMode;
import io.meshage.rpc.RpcContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** One registered procedure: the receiver, its method, what the method accepts and where it runs. */
final class RpcMethod {
  private final String name;
  private final Object receiver;
  private final Method method;
  private final Class<?> argType;
  private final boolean primitiveArg;
  private final boolean wantsContext;
  private final HandlerMode mode;

  RpcMethod(String name, Object receiver, Method method, HandlerMode mode) {
    this.name = name;
    this.mode = mode;
    this.receiver = receiver;
    this.method = method;
    Class<?> declared = method.getParameterTypes()[0];
    this.primitiveArg = declared.isPrimitive();
    this.argType = boxed(declared);
    this.wantsContext = method.getParameterCount() == 2;
  }

  /** Makes the method callable by reflection also when its class is not public. */
  void invokable() {
    method.setAccessible(true);
  }

  String name() {
    return name;
  }

  HandlerMode mode() {
    return mode;
  }

  Object receiver() {
    return receiver;
  }

  /**
   * Why {@code arg} does not suit this method, or null when it does (a null argument suits any
   * parameter that is not primitive).
   */
  String mismatch(Object arg) {
    if (arg == null) {
      return primitiveArg ? name + " takes a " + method.getParameterTypes()[0] + ", got null" : null;
    }
    if (argType.isInstance(arg)) {
      return null;
    }
    return name + " takes " + method.getParameterTypes()[0].getName() + ", got "
        + arg.getClass().getName();
  }

  /** Runs the method; its own exceptions come out as the InvocationTargetException's cause. */
  Object invoke(Object arg, RpcContext context)
      throws InvocationTargetException, IllegalAccessException {
    return wantsContext ? method.invoke(receiver, arg, context) : method.invoke(receiver, arg);
  }

  static Class<?> boxed(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    }
    if (type == int.class) {
      return Integer.class;
    }
    if (type == long.class) {
      return Long.class;
    }
    if (type == boolean.class) {
      return Boolean.class;
    }
    if (type == double.class) {
      return Double.class;
    }
    if (type == float.class) {
      return Float.class;
    }
    if (type == short.class) {
      return Short.class;
    }
    if (type == byte.class) {
      return Byte.class;
    }
    if (type == char.class) {
      return Character.class;
    }
    return Void.class;
  }
}
