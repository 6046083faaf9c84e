package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Several listen addresses (bilateralrpc's several ListenOn): a node is dialable on each. */
@Timeout(30)
class BindAddressesTcpTest {
  @Test
  void aNodeListensOnEveryAddressAndIsDialableFromEach() throws Exception {
    try (MeshNode a = MeshNode.start(MeshConfig.local("ba").degree(0).discoveryPort(0)
            .bindAddresses(List.of("127.0.0.2:0", "127.0.0.1:0")).build());
        MeshNode b = MeshNode.start(MeshConfig.local("bb").degree(0).discoveryPort(0).build());
        MeshNode c = MeshNode.start(MeshConfig.local("bc").degree(0).discoveryPort(0).build())) {
      List<InetSocketAddress> all = a.listenAddresses();
      assertThat(all).hasSize(3);
      assertThat(all.get(0)).isEqualTo(a.listenAddress());
      assertThat(all.get(1).getAddress().getHostAddress()).isEqualTo("127.0.0.2");
      assertThat(all.get(2).getPort()).isNotEqualTo(all.get(0).getPort());
      assertThat(b.dial("127.0.0.2:" + all.get(1).getPort())).isEqualTo("ba");
      assertThat(c.dial("127.0.0.1:" + all.get(2).getPort())).isEqualTo("ba");
      assertThat(a.neighbors()).containsExactlyInAnyOrder("bb", "bc");
    }
  }

  @Test
  void aBadListenAddressNamesTheField() {
    assertThatThrownBy(() -> MeshConfig.local("x").bindAddresses(List.of("127.0.0.1")).build())
        .hasMessageContaining("bindAddresses");
    assertThatThrownBy(() -> MeshConfig.local("x").bindAddresses(List.of("127.0.0.1:70000")).build())
        .hasMessageContaining("bindAddresses");
  }
}
