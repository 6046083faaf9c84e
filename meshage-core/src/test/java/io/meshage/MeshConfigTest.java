package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MeshConfigTest {
  @Test
  void defaultsFollowMeshage() {
    MeshConfig c = MeshConfig.builder("n1").build();
    assertThat(c.namespace()).isEqualTo("meshage");
    assertThat(c.broadcastAddress()).isEqualTo("255.255.255.255");
    assertThat(c.msaPeriod()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.keepaliveTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void badValuesNameTheField() {
    assertThatThrownBy(() -> MeshConfig.builder("n 1").build()).hasMessageStartingWith("name ");
    assertThatThrownBy(() -> MeshConfig.builder("n1").degree(-1).build())
        .hasMessageStartingWith("degree ");
    assertThatThrownBy(() -> MeshConfig.builder("n1").port(70000).build())
        .hasMessageStartingWith("port ");
    assertThatThrownBy(() -> MeshConfig.builder("n1").msaPeriod(Duration.ZERO).build())
        .hasMessageStartingWith("msaPeriod ");
    assertThatThrownBy(() -> MeshConfig.builder("n1").namespace("").build())
        .hasMessageStartingWith("namespace ");
    assertThatThrownBy(() -> MeshConfig.builder("n1").maxFrameSize(10).build())
        .hasMessageStartingWith("maxFrameSize ");
  }

  @Test
  void toBuilderKeepsEverything() {
    MeshConfig c = MeshConfig.local("a").degree(5).discoveryPort(9100).build();
    MeshConfig d = c.toBuilder().build();
    assertThat(d.toString()).isEqualTo(c.toString());
    assertThat(d.broadcastAddress()).isEqualTo("127.255.255.255");
  }

  @Test
  void securityFieldsAreValidatedByName() {
    byte[] key = new byte[32];
    assertThatThrownBy(() -> MeshConfig.builder("n1").key(new byte[8]).build())
        .hasMessageStartingWith("keys[0] must be 16-64 bytes");
    assertThatThrownBy(() -> MeshConfig.builder("n1").keys(java.util.List.of(key, key.clone())).build())
        .hasMessageStartingWith("keys[1] is listed twice");
    assertThatThrownBy(() -> MeshConfig.builder("n1").keys(null).build()).hasMessageStartingWith("keys ");
    assertThatThrownBy(() -> MeshConfig.builder("n1").beaconReplayWindow(Duration.ZERO).build())
        .hasMessageStartingWith("beaconReplayWindow ");
    MeshConfig c = MeshConfig.builder("n1").key(key).strict(true).build();
    assertThat(c.keyed()).isTrue();
    assertThat(c.strict()).isTrue();
    c.keys().get(0)[0] = 9;
    assertThat(c.keys().get(0)[0]).isZero();
    MeshConfig d = c.toBuilder().build();
    assertThat(d.keyed()).isTrue();
    assertThat(d.strict()).isTrue();
    assertThat(d.toString()).doesNotContain("keys");
    assertThat(MeshConfig.builder("n1").build().keyed()).isFalse();
  }

  @Test
  void nicBindsTheInterfacesFirstIpv4Address() {
    assertThat(MeshConfig.builder("n1").nic("lo").build().bindAddress()).isEqualTo("127.0.0.1");
    assertThatThrownBy(() -> MeshConfig.builder("n1").nic("no-such-nic0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("nic: no network interface named 'no-such-nic0' (have: ")
        .hasMessageContaining("lo");
    assertThatThrownBy(() -> MeshConfig.builder("n1").nic(" ")).hasMessageStartingWith("nic must name");
  }

  @Test
  void adaptiveDetectionIsOffOrAFloorBetween30msAndTheKeepaliveTimeout() {
    assertThat(MeshConfig.builder("n1").build().adaptiveDetection()).isZero();
    assertThat(MeshConfig.builder("n1").adaptiveDetection(Duration.ofMillis(450)).build().adaptiveDetection())
        .isEqualTo(Duration.ofMillis(450));
    assertThatThrownBy(() -> MeshConfig.builder("n1").adaptiveDetection(Duration.ofMillis(10)).build())
        .hasMessageStartingWith("adaptiveDetection (PT0.01S) must be zero (off) or at least 30 ms");
    assertThatThrownBy(() -> MeshConfig.builder("n1").adaptiveDetection(Duration.ofSeconds(3)).build())
        .hasMessageContaining("under keepaliveTimeout (PT3S)");
  }
}
