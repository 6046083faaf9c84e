package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The start line's address: IPv4 as 0.0.0.0:40123, IPv6 short and in brackets. */
class HostPortTest {
  @Test
  void formatsAsScriptsSplitIt() throws Exception {
    assertThat(HostPort.format(InetAddress.getByName("::"), 40123, "0.0.0.0")).isEqualTo("0.0.0.0:40123");
    assertThat(HostPort.format(InetAddress.getByName("0.0.0.0"), 40123, "0.0.0.0")).isEqualTo("0.0.0.0:40123");
    assertThat(HostPort.format(InetAddress.getByName("::"), 40123, "::")).isEqualTo("[::]:40123");
    assertThat(HostPort.format(InetAddress.getByName("127.0.0.1"), 7, "127.0.0.1")).isEqualTo("127.0.0.1:7");
    assertThat(HostPort.format(InetAddress.getByName("::1"), 7, "::1")).isEqualTo("[::1]:7");
    assertThat(HostPort.format(InetAddress.getByName("2001:db8:0:0:1:0:0:1"), 7, null))
        .isEqualTo("[2001:db8::1:0:0:1]:7");
    assertThat(HostPort.format(InetAddress.getByName("2001:db8:0:1:1:1:1:1"), 7, null))
        .isEqualTo("[2001:db8:0:1:1:1:1:1]:7");
    assertThat(HostPort.format(InetAddress.getByName("fe80:0:0:0:0:0:0:0"), 7, null)).isEqualTo("[fe80::]:7");
  }
}
