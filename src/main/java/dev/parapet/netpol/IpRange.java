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

  /** {@code 10.0.0.0-10.255.255.255[External]}, as netpol-analyzer names external peers. */
  @Override
  public String display() {
    return format(first) + "-" + format(last) + "[External]";
  }

  private String format(BigInteger n) {
    byte[] raw = n.toByteArray();
    byte[] bytes = new byte[v6 ? 16 : 4];
    int copy = Math.min(raw.length, bytes.length);
    System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
    try {
      return InetAddress.getByAddress(bytes).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
