package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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

  /** Every getter reads back what its builder method set, also after {@code toBuilder()}. */
  @Test
  void everySettingRoundTripsThroughItsGroup() throws Exception {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    MeshConfig c = MeshConfig.builder("a").namespace("ns").degree(5).bindAddress("127.0.0.1")
        .bindAddresses(List.of("127.0.0.1:0")).port(4000).advertise("10.0.0.1:4000").discoveryPort(9100)
        .broadcastAddress("127.255.255.255").beaconPeriod(Duration.ofMillis(50))
        .beaconMaxPeriod(Duration.ofSeconds(2)).msaPeriod(Duration.ofSeconds(4))
        .msaMinInterval(Duration.ofMillis(9)).hangupHoldDown(Duration.ofSeconds(7))
        .keepaliveInterval(Duration.ofMillis(300)).keepaliveTimeout(Duration.ofSeconds(2))
        .busyLinkTimeout(Duration.ofSeconds(1)).adaptiveDetection(Duration.ofMillis(600))
        .handshakeTimeout(Duration.ofSeconds(4)).maxHandshakes(50, 5).ackTimeout(Duration.ofSeconds(6))
        .ackRetention(Duration.ofSeconds(8)).maxInFlight(77).handlerThreads(3).maxFrameSize(4096)
        .linkQueueFrames(99).maxBodyDepth(9).key(key).strict(true)
        .beaconReplayWindow(Duration.ofSeconds(11)).faultInjection(true).faultSeed(42).build();
    assertThat(List.of(c.name(), c.namespace(), c.degree(), c.bindAddress(), c.bindAddresses(), c.port(),
            c.advertise(), c.discoveryPort(), c.broadcastAddress(), c.beaconPeriod(), c.beaconMaxPeriod(),
            c.msaPeriod(), c.msaMinInterval(), c.hangupHoldDown(), c.keepaliveInterval(),
            c.keepaliveTimeout(), c.busyLinkTimeout(), c.adaptiveDetection(), c.handshakeTimeout(),
            c.maxHandshakes(), c.maxHandshakesPerAddress(), c.ackTimeout(), c.ackRetention(),
            c.maxInFlight(), c.handlerThreads(), c.maxFrameSize(), c.linkQueueFrames(), c.maxBodyDepth(),
            c.strict(), c.keyed(), c.beaconReplayWindow(), c.faultInjection(), c.faultSeed()))
        .containsExactly("a", "ns", 5, "127.0.0.1", List.of("127.0.0.1:0"), 4000, "10.0.0.1:4000", 9100,
            "127.255.255.255", Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofSeconds(4),
            Duration.ofMillis(9), Duration.ofSeconds(7), Duration.ofMillis(300), Duration.ofSeconds(2),
            Duration.ofSeconds(1), Duration.ofMillis(600), Duration.ofSeconds(4), 50, 5,
            Duration.ofSeconds(6), Duration.ofSeconds(8), 77, 3, 4096, 99, 9, true, true,
            Duration.ofSeconds(11), true, 42L);
    assertThat(c.keys().get(0)).containsExactly(key);
    MeshConfig d = c.toBuilder().build();
    int getters = 0;
    for (Method m : MeshConfig.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
          && m.getParameterCount() == 0 && !m.getName().equals("toBuilder") && !m.getName().equals("keys")) {
        assertThat(m.invoke(d)).as(m.getName()).isEqualTo(m.invoke(c));
        getters++;
      }
    }
    assertThat(getters).isGreaterThanOrEqualTo(35);
    assertThat(d.keys().get(0)).containsExactly(key);
  }

  /** A default derived from another setting keeps following it through {@code toBuilder()}. */
  @Test
  void derivedDefaultsFollowTheirSource() {
    MeshConfig c = MeshConfig.builder("a").build();
    assertThat(c.ackRetention()).isEqualTo(c.ackTimeout());
    MeshConfig d = c.toBuilder().ackTimeout(Duration.ofSeconds(4)).keepaliveTimeout(Duration.ofSeconds(10)).build();
    assertThat(d.ackRetention()).isEqualTo(Duration.ofSeconds(4));
    assertThat(d.busyLinkTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  /** Each group refuses its own bad fields by name, and the rule across groups names its field. */
  @Test
  void eachGroupNamesItsBadField() {
    assertThatThrownBy(() -> MeshConfig.builder("n1").bindAddresses(List.of("nohostport")).build())
        .hasMessageStartingWith("bindAddresses ");
    assertThatThrownBy(() -> MeshConfig.builder("n1").beaconPeriod(Duration.ofSeconds(9)).build())
        .hasMessageStartingWith("beaconMaxPeriod ");
    assertThatThrownBy(() -> MeshConfig.builder("n1").msaMinInterval(Duration.ofMillis(-1)).build())
        .hasMessageStartingWith("msaMinInterval ");
    assertThatThrownBy(() -> MeshConfig.builder("n1").maxHandshakes(10, 11).build())
        .hasMessageStartingWith("maxHandshakesPerAddress ");
    assertThatThrownBy(() -> MeshConfig.builder("n1").busyLinkTimeout(Duration.ofSeconds(9)).build())
        .hasMessageStartingWith("busyLinkTimeout ");
    assertThatThrownBy(() -> MeshConfig.builder("n1").handlerThreads(0).build())
        .hasMessageStartingWith("handlerThreads ");
    assertThatThrownBy(() -> MeshConfig.builder("n1").callerSpin(Duration.ofNanos(-1)).build())
        .hasMessageStartingWith("callerSpin ");
    assertThatThrownBy(() -> MeshConfig.builder("n1").callerSpin(Duration.ofMillis(2)).build())
        .hasMessageStartingWith("callerSpin ");
    assertThat(MeshConfig.builder("n1").build().callerSpin()).isZero();
    assertThat(MeshConfig.builder("n1").callerSpin(Duration.ofNanos(50_000)).build().toBuilder().build().callerSpin())
        .isEqualTo(Duration.ofNanos(50_000));
    assertThatThrownBy(() -> MeshConfig.builder("n1").ackRetention(Duration.ofSeconds(-1)).build())
        .hasMessageStartingWith("ackRetention ");
    assertThatThrownBy(() -> MeshConfig.builder("n1").linkQueueFrames(1).build())
        .hasMessageStartingWith("linkQueueFrames ");
    assertThatThrownBy(() -> MeshConfig.builder("n1").guest(true).degree(2).build())
        .hasMessageStartingWith("guest: ");
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
  void adaptiveDetectionIsOnByDefaultOffAtZeroOrAFloorBetween30msAndTheKeepaliveTimeout() {
    assertThat(MeshConfig.builder("n1").build().adaptiveDetection()).isEqualTo(Duration.ofMillis(450));
    assertThat(MeshConfig.builder("n1").build().toBuilder().build().adaptiveDetection())
        .isEqualTo(Duration.ofMillis(450));
    assertThat(MeshConfig.builder("n1").adaptiveDetection(Duration.ZERO).build().adaptiveDetection()).isZero();
    // the default gives way to a keepalive timeout at or under it; a floor set explicitly does not
    assertThat(MeshConfig.builder("n1").keepaliveInterval(Duration.ofMillis(100)).keepaliveTimeout(Duration.ofMillis(400))
        .build().adaptiveDetection()).isZero();
    assertThat(MeshConfig.builder("n1").adaptiveDetection(Duration.ofMillis(450)).build().adaptiveDetection())
        .isEqualTo(Duration.ofMillis(450));
    assertThatThrownBy(() -> MeshConfig.builder("n1").adaptiveDetection(Duration.ofMillis(10)).build())
        .hasMessageStartingWith("adaptiveDetection (PT0.01S) must be zero (off) or at least 30 ms");
    assertThatThrownBy(() -> MeshConfig.builder("n1").adaptiveDetection(Duration.ofSeconds(3)).build())
        .hasMessageContaining("under keepaliveTimeout (PT3S)");
  }
}
