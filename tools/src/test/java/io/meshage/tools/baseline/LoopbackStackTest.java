package io.meshage.tools.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jgroups.PhysicalAddress;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FORK;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.stack.IpAddress;
import org.jgroups.stack.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stack is only built here, never started: no socket is opened. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LoopbackStackTest {
  private final List<Protocol> stack =
      LoopbackStack.protocols(7801, List.of(7800, 7801, 7802), "no-bundler");

  @Test
  void theTransportBindsLoopbackOnItsOwnPortWithTheChosenBundler() {
    TCP tcp = (TCP) stack.get(0);

    assertThat(tcp.getBindAddress().isLoopbackAddress()).isTrue();
    assertThat(tcp.getBindAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(tcp.getBindPort()).isEqualTo(7801);
    assertThat(tcp.getPortRange()).isZero();
    assertThat(tcp.getBundlerType()).isEqualTo("no-bundler");
  }

  @Test
  void discoveryKnowsOnlyTheMembersLoopbackPorts() {
    TCPPING discovery = (TCPPING) stack.get(1);

    assertThat(discovery.getPortRange()).isZero();
    assertThat(discovery.getInitialHosts())
        .map(LoopbackStackTest::describe)
        .containsExactlyInAnyOrder("127.0.0.1:7800", "127.0.0.1:7801", "127.0.0.1:7802");
  }

  @Test
  void failureDetectionListensOnLoopbackAndForkIsOnTop() {
    FD_SOCK2 failureDetection =
        stack.stream().filter(FD_SOCK2.class::isInstance).map(FD_SOCK2.class::cast).findFirst()
            .orElseThrow();

    assertThat(failureDetection.getBindAddress().isLoopbackAddress()).isTrue();
    assertThat(stack.get(stack.size() - 1)).isInstanceOf(FORK.class);
  }

  @Test
  void ownPortMustBeAmongTheMembers() {
    assertThatThrownBy(() -> LoopbackStack.protocols(9000, List.of(7800), "no-bundler"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("9000");
  }

  @Test
  void aBasePortGivesConsecutivePorts() throws Exception {
    assertThat(LoopbackStack.ports(7800, 3)).containsExactly(7800, 7801, 7802);
  }

  private static String describe(PhysicalAddress address) {
    IpAddress ip = (IpAddress) address;
    return ip.getIpAddress().getHostAddress() + ":" + ip.getPort();
  }
}
