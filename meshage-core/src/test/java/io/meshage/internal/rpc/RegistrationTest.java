package io.meshage.internal.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.rpc.Arith;
import io.meshage.rpc.RpcContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which objects register, under which names, and the errors for the ones that cannot. */
@Timeout(10)
class RegistrationTest {
  private final List<Class<?>> registeredTypes = new ArrayList<>();
  private final MethodTable table = new MethodTable();

  public static final class TwoArgs {
    public int add(int a, int b) {
      return a + b;
    }

    public int ok(int a) {
      return a;
    }
  }

  public static final class Overloaded {
    public int f(int a) {
      return a;
    }

    public String f(String a) {
      return a;
    }
  }

  public static final class NoArgs {
    public int size() {
      return 0;
    }
  }

  static final class Hidden {
    public String echo(String s, RpcContext context) {
      return s;
    }

    String notPublic(int a, int b, int c) {
      return "";
    }
  }

  private List<String> register(String name, Object receiver) {
    return table.register(name, receiver, registeredTypes::add);
  }

  @Test
  void publicMethodsBecomeTypeDotMethodAndTheirUserTypesAreRegisteredInNameOrder() {
    assertThat(register("Arith", new Arith("n0")))
        .containsExactly("Arith.count", "Arith.fail", "Arith.increment", "Arith.sumDiff", "Arith.whoCalls");
    assertThat(registeredTypes).containsExactly(Arith.Args.class, Arith.Reply.class);
    assertThat(table.find("Arith.sumDiff")).isNotNull();
    assertThat(table.find("Arith.toString")).isNull();
    assertThat(table.find("Arith.equals")).isNull();
  }

  @Test
  void unsupportedSignaturesAreRefusedByNameAndNothingIsRegistered() {
    assertThatThrownBy(() -> register("TwoArgs", new TwoArgs()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TwoArgs.add[int, int]: takes 2 parameter(s)");
    assertThat(table.find("TwoArgs.ok")).isNull();
    assertThatThrownBy(() -> register("NoArgs", new NoArgs()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NoArgs.size[]");
    assertThatThrownBy(() -> register("Overloaded", new Overloaded()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Overloaded.f is overloaded");
    assertThat(table.names()).isEmpty();
  }

  @Test
  void nonPublicClassesWorkAndOnlyPublicMethodsCount() throws Exception {
    assertThat(register("Hidden", new Hidden())).containsExactly("Hidden.echo");
    assertThat(table.find("Hidden.echo").invoke("x", new RpcContext("n1", "Hidden.echo"))).isEqualTo("x");
  }

  @Test
  void namesAreUniqueAndUnregisterRemovesThem() {
    Arith a = new Arith("n0");
    register("Arith", a);
    assertThatThrownBy(() -> register("Arith", new Arith("n0")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already registered");
    register("Math", a);
    assertThat(table.unregister("Math")).isTrue();
    assertThat(table.find("Math.increment")).isNull();
    assertThat(table.find("Arith.increment")).isNotNull();
    assertThat(table.unregister(a)).isTrue();
    assertThat(table.names()).isEmpty();
    assertThat(table.unregister("Arith")).isFalse();
  }

  @Test
  void badTypeNamesAndAnonymousClassesAreRefused() {
    assertThatThrownBy(() -> register("a.b", new Arith("n0"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> register("", new Arith("n0"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("register(name, receiver)");
    assertThatThrownBy(() -> register("X", null)).isInstanceOf(IllegalArgumentException.class);
  }
}
