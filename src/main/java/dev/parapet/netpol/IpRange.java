package dev.parapet.netpol;

import java.math.BigInteger;
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

  /**
   * Parses {@code 10.0.0.0/8} or {@code 2001:db8::/32}; empty when it is not a valid CIDR. Accepts
   * exactly what Go's {@code net.ParseCIDR} accepts (the API server and netpol-analyzer read
   * ipBlocks with it): an IPv4 address as four decimal octets 0-255 without leading zeros (Go
   * rejects them since 1.17, as {@code 010} once meant octal), an IPv6 address in the text forms of
   * RFC 4291 section 2.2 (groups of 1-4 hex digits, one {@code ::}, a trailing dotted IPv4 address)
   * without a zone, and a decimal prefix length up to 32 or 128. No resolver is ever asked: legacy
   * shorthands such as {@code 10/8} or {@code 10.1/16}, and host names, are not addresses. An
   * IPv4-mapped address ({@code ::ffff:10.0.0.0/104}) is read as the IPv6 address it spells.
   */
  public static Optional<IpRange> parseCidr(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    String addr = cidr.substring(0, slash);
    String mask = cidr.substring(slash + 1);
    byte[] bytes = addr.indexOf(':') >= 0 ? parseV6(addr) : parseV4(addr);
    if (bytes == null || mask.isEmpty() || !mask.chars().allMatch(IpRange::digit)) {
      return Optional.empty();
    }
    int bits = bytes.length * 8;
    // decimal, leading zeros allowed (Go's dtoi); no sign, no spaces
    String digits = mask.replaceFirst("^0+(?=.)", "");
    if (digits.length() > 3 || Integer.parseInt(digits) > bits) {
      return Optional.empty();
    }
    int prefix = Integer.parseInt(digits);
    BigInteger value = new BigInteger(1, bytes);
    BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    BigInteger first = value.andNot(hostMask);
    return Optional.of(new IpRange(bytes.length == 16, first, first.or(hostMask)));
  }

  private static boolean digit(int c) {
    return c >= '0' && c <= '9';
  }

  /** Four decimal octets, as Go's netip.ParseAddr reads them; null otherwise. */
  private static byte[] parseV4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty()
          || p.length() > 3
          || !p.chars().allMatch(IpRange::digit)
          || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  /** An IPv6 address in an RFC 4291 text form, as Go's netip.ParseAddr reads it; null otherwise. */
  private static byte[] parseV6(String s) {
    byte[] ip = new byte[16];
    int ellipsis = -1;
    int i = 0;
    if (s.startsWith("::")) {
      ellipsis = 0;
      s = s.substring(2);
      if (s.isEmpty()) {
        return ip;
      }
    }
    while (i < 16) {
      int off = 0;
      int acc = 0;
      while (off < s.length() && Character.digit(s.charAt(off), 16) >= 0 && s.charAt(off) < 128) {
        if (off > 3) {
          return null;
        }
        acc = (acc << 4) + Character.digit(s.charAt(off), 16);
        off++;
      }
      if (off == 0) {
        return null;
      }
      if (off < s.length() && s.charAt(off) == '.') {
        // a trailing IPv4 address replaces the last two groups
        if ((ellipsis < 0 && i != 12) || i + 4 > 16) {
          return null;
        }
        byte[] v4 = parseV4(s);
        if (v4 == null) {
          return null;
        }
        System.arraycopy(v4, 0, ip, i, 4);
        s = "";
        i += 4;
        break;
      }
      ip[i] = (byte) (acc >> 8);
      ip[i + 1] = (byte) acc;
      i += 2;
      s = s.substring(off);
      if (s.isEmpty()) {
        break;
      }
      if (s.charAt(0) != ':' || s.length() == 1) {
        return null;
      }
      s = s.substring(1);
      if (s.charAt(0) == ':') {
        if (ellipsis >= 0) {
          return null;
        }
        ellipsis = i;
        s = s.substring(1);
        if (s.isEmpty()) {
          break;
        }
      }
    }
    if (!s.isEmpty()) {
      return null;
    }
    if (i < 16) {
      if (ellipsis < 0) {
        return null;
      }
      int n = 16 - i;
      for (int j = i - 1; j >= ellipsis; j--) {
        ip[j + n] = ip[j];
      }
      java.util.Arrays.fill(ip, ellipsis, ellipsis + n, (byte) 0);
    } else if (ellipsis >= 0) {
      // :: stands for at least one group of zeros
      return null;
    }
    return ip;
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
