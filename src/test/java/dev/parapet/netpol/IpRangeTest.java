package dev.parapet.netpol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** CIDRs are read as Go's net.ParseCIDR reads them, which is what the API server accepts. */
class IpRangeTest {
  private static String range(String cidr) {
    return IpRange.parseCidr(cidr).map(IpRange::display).orElse("invalid");
  }

  @Test
  void readsDottedQuadsAndPrefixLengths() {
    assertThat(range("10.0.0.0/8")).isEqualTo("10.0.0.0-10.255.255.255[External]");
    assertThat(range("10.1.2.3/16")).isEqualTo("10.1.0.0-10.1.255.255[External]");
    assertThat(range("0.0.0.0/0")).isEqualTo("0.0.0.0-255.255.255.255[External]");
    assertThat(range("203.0.113.7/32")).isEqualTo("203.0.113.7-203.0.113.7[External]");
    // Go's dtoi allows leading zeros in the prefix length
    assertThat(range("10.0.0.0/08")).isEqualTo("10.0.0.0-10.255.255.255[External]");
  }

  @Test
  void rejectsLegacyShorthandsLeadingZerosAndAnythingElseGoRejects() {
    for (String bad :
        new String[] {
          "10/8",
          "10.1/16",
          "10.1.2/24",
          "167772160/8",
          "0x0a.0.0.0/8",
          "010.0.0.0/8",
          "10.0.0.00/8",
          "10.0.0.256/8",
          "10.0.0.0.0/8",
          "10..0.0/8",
          "10.0.0.0/33",
          "10.0.0.0/-1",
          "10.0.0.0/+8",
          "10.0.0.0/ 8",
          " 10.0.0.0/8",
          "10.0.0.0/8 ",
          "10.0.0.0",
          "10.0.0.0/",
          "/8",
          "cafe/8",
          "dead/16",
          "localhost/32",
          "example.com/24",
          "１0.0.0.0/8"
        }) {
      assertThat(range(bad)).as(bad).isEqualTo("invalid");
    }
  }

  @Test
  void readsTheTextFormsOfRfc4291() {
    assertThat(range("2001:db8::/32"))
        .isEqualTo("2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff[External]");
    assertThat(range("2001:DB8:0:0:8:800:200C:417A/128"))
        .isEqualTo("2001:db8::8:800:200c:417a-2001:db8::8:800:200c:417a[External]");
    assertThat(range("::/0")).startsWith("::-ffff:");
    assertThat(range("::1/128")).isEqualTo("::1-::1[External]");
    assertThat(range("ff01::101/128")).startsWith("ff01::101-");
    assertThat(range("1::/16")).startsWith("1::-1:ffff:");
    assertThat(range("0:0:0:0:0:0:13.1.68.3/128")).isEqualTo("::d01:4403-::d01:4403[External]");
    assertThat(range("::13.1.68.3/128")).startsWith("::d01:4403-");
    // IPv4-mapped: the IPv6 address it spells
    assertThat(range("::ffff:129.144.52.38/128"))
        .isEqualTo("::ffff:8190:3426-::ffff:8190:3426[External]");
    assertThat(IpRange.parseCidr("::ffff:10.0.0.0/104").orElseThrow().v6()).isTrue();
  }

  @Test
  void rejectsMalformedIpv6WithoutAskingAResolver() {
    for (String bad :
        new String[] {
          "1::2::3/64",
          ":1::/64",
          "1:/64",
          "1:2:3:4:5:6:7:8:9/64",
          "1:2:3:4:5:6:7/64",
          "1:2:3:4:5:6:7:8::/64",
          "::1:2:3:4:5:6:7:8/64",
          "12345::/16",
          "g::/16",
          "fe80::1%eth0/64",
          "::/129",
          "1:2:3:4:5:6:7:1.2.3.4/128",
          "1:2:3:4:5:1.2.3.4/128",
          "::1.2.3/128",
          "::01.2.3.4/128",
          "::1.2.3.4:5/128",
          "[::1]/128",
          "::ffff:1.2.3.256/128"
        }) {
      assertThat(range(bad)).as(bad).isEqualTo("invalid");
    }
  }
}
