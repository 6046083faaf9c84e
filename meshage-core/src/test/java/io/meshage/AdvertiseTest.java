package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code advertise}: the address others dial, apart from the bound one, carried in beacons and
 * HELLO. A port forwarder on loopback stands for the NAT: the node listens on one port and is
 * reachable only through the forwarder's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdvertiseTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void aBeaconHearerDialsTheAdvertisedAddress() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(true); PortForwarder nat = new PortForwarder()) {
      // a advertises a port where nobody listens: only b's beacons can make the link, via the forwarder
      MeshNode a = mesh.start(mesh.config("a").degree(1).advertise("127.0.0.1:1"));
      MeshNode b = mesh.start(mesh.config("b").degree(1).advertise("127.0.0.1:" + nat.port()));
      nat.forwardTo(b.listenAddress().getPort());
      assertThat(mesh.await(() -> a.neighbors().contains("b") && b.neighbors().contains("a"), WAIT))
          .as("a and b linked").isTrue();
      assertThat(nat.carried()).as("connections through the forwarder").isPositive();
    }
  }

  @Test
  void helloCarriesTheAdvertisedAddress() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false); PortForwarder nat = new PortForwarder()) {
      MeshNode a = mesh.start(mesh.config("a").degree(0).advertise("127.0.0.1:" + nat.port()));
      nat.forwardTo(a.listenAddress().getPort());
      MeshNode b = mesh.start(mesh.config("b").degree(0));
      assertThat(a.dial("127.0.0.1:" + b.listenAddress().getPort())).isEqualTo("b");
      // b's dial of a's advertised address meets the link a made: b knows it from a's HELLO
      String viaNat = "127.0.0.1:" + nat.port();
      b.keepDialing(viaNat).handle((peer, err) -> null).get(10, TimeUnit.SECONDS);
      assertThat(mesh.await(() -> b.dials().equals(List.of(
          new DialStatus(viaNat, "connected", "a", 0, b.dials().get(0).lastError(), Duration.ZERO))), WAIT))
          .as("b's dial: %s", b.dials()).isTrue();
      assertThat(b.neighbors()).containsExactly("a");
    }
  }

  @Test
  void aBadAddressNamesTheField() {
    for (String bad : List.of("", "host:0", "host:x", "::1", "[::1", "a b")) {
      assertThatThrownBy(() -> MeshConfig.builder("n").advertise(bad).build())
          .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("advertise must be");
    }
    for (String good : List.of("lab-1.example", "192.0.2.7:40123", "[2001:db8::7]:40123", "[::1]")) {
      assertThat(MeshConfig.builder("n").advertise(good).build().advertise()).isEqualTo(good);
    }
  }
}
