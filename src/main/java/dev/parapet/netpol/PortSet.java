package dev.parapet.netpol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * A set of (protocol, port) pairs, kept per protocol as sorted disjoint ranges within 1-65535, so
 * that "every port" costs one range and unions, intersections and comparisons stay cheap however
 * many policies add up.
 */
public record PortSet(Map<Protocol, List<Range>> ranges) {
  public static final int MIN_PORT = 1;
  public static final int MAX_PORT = 65535;

  /** The protocols a NetworkPolicy port may name. */
  public enum Protocol {
    SCTP,
    TCP,
    UDP
  }

  /** An inclusive port range. */
  public record Range(int from, int to) {}

  public static final PortSet NONE = new PortSet(Map.of());
  public static final PortSet ALL = all();

  public PortSet {
    TreeMap<Protocol, List<Range>> copy = new TreeMap<>();
    ranges.forEach(
        (p, r) -> {
          List<Range> n = normalize(r);
          if (!n.isEmpty()) {
            copy.put(p, n);
          }
        });
    ranges = java.util.Collections.unmodifiableMap(copy);
  }

  private static PortSet all() {
    Map<Protocol, List<Range>> m = new TreeMap<>();
    for (Protocol p : Protocol.values()) {
      m.put(p, List.of(new Range(MIN_PORT, MAX_PORT)));
    }
    return new PortSet(m);
  }

  /** Every port of one protocol. */
  public static PortSet allOf(Protocol p) {
    return of(p, MIN_PORT, MAX_PORT);
  }

  public static PortSet of(Protocol p, int from, int to) {
    int lo = Math.max(MIN_PORT, from);
    int hi = Math.min(MAX_PORT, to);
    return lo > hi ? NONE : new PortSet(Map.of(p, List.of(new Range(lo, hi))));
  }

  private static List<Range> normalize(List<Range> in) {
    List<Range> sorted = new ArrayList<>(in);
    sorted.sort(Comparator.comparingInt(Range::from));
    List<Range> out = new ArrayList<>();
    for (Range r : sorted) {
      if (r.from() > r.to()) {
        continue;
      }
      if (!out.isEmpty() && out.get(out.size() - 1).to() + 1 >= r.from()) {
        Range last = out.remove(out.size() - 1);
        out.add(new Range(last.from(), Math.max(last.to(), r.to())));
      } else {
        out.add(r);
      }
    }
    return List.copyOf(out);
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  public boolean isAll() {
    return equals(ALL);
  }

  public PortSet union(PortSet other) {
    Map<Protocol, List<Range>> m = new TreeMap<>();
    for (Protocol p : Protocol.values()) {
      List<Range> r = new ArrayList<>(ranges.getOrDefault(p, List.of()));
      r.addAll(other.ranges.getOrDefault(p, List.of()));
      m.put(p, r);
    }
    return new PortSet(m);
  }

  public PortSet intersect(PortSet other) {
    Map<Protocol, List<Range>> m = new TreeMap<>();
    for (Protocol p : Protocol.values()) {
      List<Range> r = new ArrayList<>();
      for (Range a : ranges.getOrDefault(p, List.of())) {
        for (Range b : other.ranges.getOrDefault(p, List.of())) {
          int lo = Math.max(a.from(), b.from());
          int hi = Math.min(a.to(), b.to());
          if (lo <= hi) {
            r.add(new Range(lo, hi));
          }
        }
      }
      m.put(p, r);
    }
    return new PortSet(m);
  }

  /**
   * As netpol-analyzer prints it: {@code All Connections}, or protocols in name order each with its
   * ports, such as {@code TCP 80,443,UDP 53} or {@code TCP 8080-8090}.
   */
  @Override
  public String toString() {
    if (isAll()) {
      return "All Connections";
    }
    if (isEmpty()) {
      return "No Connections";
    }
    StringJoiner out = new StringJoiner(",");
    ranges.forEach(
        (p, rs) -> {
          StringJoiner ports = new StringJoiner(",");
          for (Range r : rs) {
            ports.add(r.from() == r.to() ? Integer.toString(r.from()) : r.from() + "-" + r.to());
          }
          out.add(p + " " + ports);
        });
    return out.toString();
  }
}
