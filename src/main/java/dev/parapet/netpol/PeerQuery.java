package dev.parapet.netpol;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a peer as a user writes it: a workload as {@code namespace/name[Kind]} (as the matrix
 * prints it), {@code namespace/name} when only one workload has that name there, or an address or
 * address block outside the cluster ({@code 203.0.113.7}, {@code 0.0.0.0/0}, {@code
 * 2001:db8::/32}).
 */
public final class PeerQuery {
  private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?");
  private static final Pattern WORKLOAD = Pattern.compile("([^/\\[\\]]+)/([^/\\[\\]]+)(\\[(.+)])?");
  private static final int MAX_CANDIDATES = 12;

  private PeerQuery() {}

  /**
   * The peer {@code text} names.
   *
   * @throws IllegalArgumentException when it names no workload of the inventory, several, or is
   *     neither a workload nor an address; the message says which and lists candidates
   */
  public static Peer resolve(Connectivity c, String text) {
    String t = text.strip();
    if (V4.matcher(t).matches() || t.contains(":")) {
      return address(t);
    }
    var m = WORKLOAD.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          text
              + ": expected a workload as namespace/name[Kind] or namespace/name, or an address"
              + " such as 203.0.113.7 or 10.0.0.0/8");
    }
    String namespace = m.group(1);
    String name = m.group(2);
    if (m.group(3) != null) {
      Optional<PodGroup> exact = c.group(t);
      if (exact.isPresent()) {
        return exact.get();
      }
    }
    List<PodGroup> named =
        c.groups().stream()
            .filter(g -> g.namespace().equals(namespace) && g.owner().equals(name))
            .toList();
    if (m.group(3) == null && named.size() == 1) {
      return named.get(0);
    }
    if (m.group(3) == null && named.size() > 1) {
      throw new IllegalArgumentException(
          text + ": several workloads have that name; name one of " + list(named));
    }
    List<PodGroup> candidates = !named.isEmpty() ? named : candidates(c, namespace, name);
    if (candidates.isEmpty()) {
      TreeSet<String> namespaces = new TreeSet<>();
      c.groups().forEach(g -> namespaces.add(g.namespace()));
      throw new IllegalArgumentException(
          text
              + ": no such workload, and namespace "
              + namespace
              + " has none"
              + (namespaces.isEmpty()
                  ? " (the input has no workloads)"
                  : "; namespaces with workloads: " + String.join(", ", limit(namespaces))));
    }
    throw new IllegalArgumentException(
        text + ": no such workload; did you mean " + list(candidates) + "?");
  }

  /** Workloads of that name in other namespaces, else every workload of the namespace. */
  private static List<PodGroup> candidates(Connectivity c, String namespace, String name) {
    List<PodGroup> sameName = c.groups().stream().filter(g -> g.owner().equals(name)).toList();
    if (!sameName.isEmpty()) {
      return sameName;
    }
    return c.groups().stream().filter(g -> g.namespace().equals(namespace)).toList();
  }

  private static String list(List<PodGroup> groups) {
    TreeSet<String> names = new TreeSet<>();
    groups.forEach(g -> names.add(g.display()));
    return String.join(", ", limit(names));
  }

  private static List<String> limit(TreeSet<String> names) {
    List<String> out = names.stream().limit(MAX_CANDIDATES).toList();
    if (names.size() > MAX_CANDIDATES) {
      out = new java.util.ArrayList<>(out);
      out.add("and " + (names.size() - MAX_CANDIDATES) + " more");
    }
    return out;
  }

  /** An address (a single host) or an address block, IPv4 or IPv6. */
  static IpRange address(String text) {
    String cidr = text;
    if (!text.contains("/")) {
      cidr = text + (text.contains(":") ? "/128" : "/32");
    }
    if (!cidr.substring(0, cidr.indexOf('/')).matches("[0-9a-fA-F:.]+")
        || (!cidr.contains(":") && !V4.matcher(cidr).matches())) {
      throw notAnAddress(text);
    }
    if (!cidr.contains(":")) {
      for (String octet : cidr.substring(0, cidr.indexOf('/')).split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          throw notAnAddress(text);
        }
      }
    }
    return IpRange.parseCidr(cidr).orElseThrow(() -> notAnAddress(text));
  }

  private static IllegalArgumentException notAnAddress(String text) {
    return new IllegalArgumentException(
        text + ": not an address or address block (expected e.g. 203.0.113.7, 10.0.0.0/8, ::1)");
  }
}
