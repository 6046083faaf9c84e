package io.meshage.internal.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The address a keyed node on a wildcard bind seals into its beacons. */
@Timeout(10)
class SealedBeaconHostTest {
  @Test
  void aLoopbackBroadcastSealsTheLoopbackAddressAndAnyOtherAConcreteIpv4Address() throws Exception {
    assertThat(SealedBeaconHost.choose("127.255.255.255")).isEqualTo("127.0.0.1");
    String lan = SealedBeaconHost.choose("255.255.255.255");
    InetAddress chosen = InetAddress.getByName(lan);
    assertThat(chosen.isAnyLocalAddress()).isFalse();
    assertThat(chosen.getAddress()).hasSize(4);
  }
}
