package dev.parapet.netpol;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An inclusive range of IPv4 or IPv6 addresses: an ipBlock's CIDR, one of its exceptions, or an
 * external peer. Addresses are numbers so that CIDRs of either family compare and split the same
 * way.
 */
public record IpRange(boolean v6, BigInteger first, BigInteger last) implements Peer {
  /** Every IPv4 address, the external peer when no ipBlock splits it. */
  public static final IpRange ALL_V4 =
      new IpRange(false, BigInteger.ZERO, BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE));

  /** Every IPv6 address, ::/0. */
  public static final IpRange ALL_V6 =
      new IpRange(true, BigInteger.ZERO, BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));

  /** Parses {@code 10.0.0.0/8} or {@code 2001:db8::/32}; empty when it is not a valid CIDR. */
  public static Optional<IpRange> parseCidr(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    String addr = cidr.substring(0, slash).trim();
    if (!addr.matches("[0-9a-fA-F:.]+")) {
      return Optional.empty();
    }
    try {
      byte[] bytes = InetAddress.getByName(addr).getAddress();
      int bits = bytes.length * 8;
      int prefix = Integer.parseInt(cidr.substring(slash + 1).trim());
      if (prefix < 0 || prefix > bits) {
        return Optional.empty();
      }
      BigInteger value = new BigInteger(1, bytes);
      BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
      BigInteger first = value.andNot(hostMask);
      return Optional.of(new IpRange(bytes.length == 16, first, first.or(hostMask)));
    } catch (UnknownHostException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  public boolean contains(IpRange other) {
    return v6 == other.v6 && first.compareTo(other.first) <= 0 && last.compareTo(other.last) >= 0;
  }

  public boolean overlaps(IpRange other) {
    return v6 == other.v6 && first.compareTo(other.last) <= 0 && other.first.compareTo(last) <= 0;
  }

  /**
   * {@code 10.0.0.0-10.255.255.255[External]}, as netpol-analyzer names external peers; IPv6
   * addresses in their canonical text ({@code 2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff}).
   */
  @Override
  public String display() {
    return text(first) + "-" + text(last) + "[External]";
  }

  /**
   * One address of this range's family as text: IPv4 dotted-quad, IPv6 in the canonical form of RFC
   * 5952 (lower-case hex without leading zeros, the longest run of two or more zero groups, the
   * first of equal runs, written as {@code ::}), which is what Go's net.IP.String() prints.
   */
  public String text(BigInteger n) {
    if (!v6) {
      long v = n.longValue();
      return (v >>> 24 & 0xff)
          + "."
          + (v >>> 16 & 0xff)
          + "."
          + (v >>> 8 & 0xff)
          + "."
          + (v & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = n.shiftRight(16 * (7 - i)).intValue() & 0xffff;
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
