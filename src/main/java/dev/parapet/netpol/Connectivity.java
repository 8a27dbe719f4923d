package dev.parapet.netpol;

import dev.parapet.model.Inventory;
import dev.parapet.model.Workload;
import dev.parapet.netpol.Policy.PeerSpec;
import dev.parapet.netpol.Policy.PortSpec;
import dev.parapet.netpol.Policy.Rule;
import dev.parapet.source.Problem;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The connectivity engine: which pod groups and external address ranges may open connections to
 * which, on which ports, under the NetworkPolicies of an inventory. A connection is allowed only
 * when the source's egress and the destination's ingress both allow it; a pod that no policy
 * selects for a direction is open in that direction.
 *
 * <p>Pods on the host network are subject to policies here like any other pod: the issue calls them
 * outside policies, but the netpol-analyzer corpus applies policies to them (17 of its 28 cases
 * disagree otherwise), so the engine follows the reference and keeps {@link PodGroup#hostNetwork()}
 * for the exposure report to flag.
 */
public final class Connectivity {
  /** One allowed connection, with the ports it may use (never empty). */
  public record Connection(Peer src, Peer dst, PortSet ports) {}

  private static final String NAME_LABEL = "kubernetes.io/metadata.name";

  private final List<PodGroup> groups;
  private final Map<String, Workload> workloads;
  private final List<Policy> policies;

  /**
   * For each group, the policies that select it for ingress and for egress, found once: a pair of
   * groups then costs only the rules of its own policies, not every policy of the cluster.
   */
  private final Map<PodGroup, List<Policy>> ingressOf;

  private final Map<PodGroup, List<Policy>> egressOf;
  private final Map<String, Map<String, String>> namespaceLabels;
  private final List<IpRange> sources;
  private final List<IpRange> destinations;
  private final List<Problem> problems;

  private Connectivity(Inventory inventory) {
    List<Problem> found = new ArrayList<>();
    this.policies =
        inventory.ofKind("NetworkPolicy").stream()
            .filter(o -> o.group().equals("networking.k8s.io"))
            .map(o -> Policy.of(o, found::add))
            .toList();
    this.problems = List.copyOf(found);
    // Grouping needs the policies: pods of one controller that a selector tells apart stay apart.
    PodGrouping.Result grouping = PodGrouping.of(inventory, policies);
    this.groups = grouping.groups();
    this.workloads = grouping.workloads();
    Map<String, Map<String, String>> ns = new HashMap<>();
    inventory.namespaces().forEach((name, o) -> ns.put(name, withName(name, o.labels())));
    this.namespaceLabels = Map.copyOf(ns);
    Map<String, List<Policy>> byNamespace = new HashMap<>();
    for (Policy p : policies) {
      byNamespace.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p);
    }
    Map<PodGroup, List<Policy>> in = new HashMap<>();
    Map<PodGroup, List<Policy>> out = new HashMap<>();
    for (PodGroup g : groups) {
      List<Policy> selecting =
          byNamespace.getOrDefault(g.namespace(), List.of()).stream()
              .filter(p -> p.podSelector().matches(g.labels()))
              .toList();
      in.put(g, selecting.stream().filter(Policy::ingressType).toList());
      out.put(g, selecting.stream().filter(Policy::egressType).toList());
    }
    this.ingressOf = Map.copyOf(in);
    this.egressOf = Map.copyOf(out);
    this.sources = externalRanges(policies, true);
    this.destinations = externalRanges(policies, false);
  }

  /** The engine for an inventory, built once and shared through {@link Inventory#derived}. */
  public static Connectivity of(Inventory inventory) {
    return inventory.derived(Connectivity.class, Connectivity::new);
  }

  private static Map<String, String> withName(String name, Map<String, String> labels) {
    Map<String, String> m = new HashMap<>(labels);
    m.put(NAME_LABEL, name);
    return Map.copyOf(m);
  }

  /** Parts of the policies the API server would reject, each read as allowing nothing. */
  public List<Problem> problems() {
    return problems;
  }

  public List<PodGroup> groups() {
    return groups;
  }

  /** The workload object shown for each group, by {@link PodGroup#display()}. */
  Map<String, Workload> workloads() {
    return workloads;
  }

  /** The group shown as {@code namespace/name[Kind]}, if the inventory has it. */
  public Optional<PodGroup> group(String display) {
    return groups.stream().filter(g -> g.display().equals(display)).findFirst();
  }

  /** Every networking.k8s.io NetworkPolicy of the inventory, in input order. */
  public List<Policy> policies() {
    return policies;
  }

  /** The policies that select {@code pod} for ingress; empty means it is open for ingress. */
  public List<Policy> ingressPolicies(PodGroup pod) {
    return ingressOf.getOrDefault(pod, List.of());
  }

  /** The policies that select {@code pod} for egress; empty means it is open for egress. */
  public List<Policy> egressPolicies(PodGroup pod) {
    return egressOf.getOrDefault(pod, List.of());
  }

  /**
   * The labels a namespace selector sees: the Namespace object's labels plus {@code
   * kubernetes.io/metadata.name}, also for namespaces the input does not define.
   */
  public Map<String, String> namespaceLabels(String namespace) {
    Map<String, String> labels = namespaceLabels.get(namespace);
    return labels != null ? labels : withName(namespace, Map.of());
  }

  /** The namespaces the inventory defines or that its pod groups and policies live in, sorted. */
  public List<String> namespaces() {
    TreeSet<String> out = new TreeSet<>(namespaceLabels.keySet());
    groups.forEach(g -> out.add(g.namespace()));
    policies.forEach(p -> out.add(p.namespace()));
    return List.copyOf(out);
  }

  /**
   * The address ranges outside the cluster that ingress rules can tell apart: each address space,
   * 0.0.0.0/0 and ::/0, cut at every ingress ipBlock and exception boundary of its family, so each
   * range is wholly inside or outside every block. Egress blocks do not cut it: they cannot change
   * what a source may send, and netpol-analyzer lists each direction with its own cuts.
   *
   * <p>The IPv4 ranges are always listed. The IPv6 ones only when some policy, in either direction,
   * has an IPv6 ipBlock: the netpol-analyzer corpus never lists an IPv6 range (its expected outputs
   * name only 0.0.0.0-255.255.255.255 when no block cuts the outside), and without a policy that
   * mentions IPv6 the cluster is taken as single-stack IPv4. Once one does, ::/0 is listed in both
   * directions, so an IPv6 client a pod's policies do not admit shows as denied rather than absent.
   */
  public List<IpRange> externalSources() {
    return sources;
  }

  /** The ranges that egress rules can tell apart, cut as {@link #externalSources} are. */
  public List<IpRange> externalDestinations() {
    return destinations;
  }

  private static List<IpRange> externalRanges(List<Policy> policies, boolean ingress) {
    List<IpRange> out = new ArrayList<>(cut(IpRange.ALL_V4, policies, ingress));
    if (mentionsIpv6(policies)) {
      out.addAll(cut(IpRange.ALL_V6, policies, ingress));
    }
    return List.copyOf(out);
  }

  /** Whether any rule of any policy has an IPv6 ipBlock. */
  private static boolean mentionsIpv6(List<Policy> policies) {
    for (Policy p : policies) {
      for (List<Rule> rules : List.of(p.ingress(), p.egress())) {
        for (Rule r : rules) {
          for (PeerSpec peer : r.peers()) {
            if (peer.cidr().isPresent() && peer.cidr().get().v6()) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  /** {@code space} cut at the boundaries of the blocks of its family in one direction's rules. */
  private static List<IpRange> cut(IpRange space, List<Policy> policies, boolean ingress) {
    TreeSet<BigInteger> cuts = new TreeSet<>();
    cuts.add(space.first());
    cuts.add(space.last().add(BigInteger.ONE));
    for (Policy p : policies) {
      for (Rule r : ingress ? p.ingress() : p.egress()) {
        for (PeerSpec peer : r.peers()) {
          if (peer.cidr().isEmpty() || peer.cidr().get().v6() != space.v6()) {
            continue;
          }
          for (IpRange b : remainder(peer.cidr().get(), peer.except())) {
            cuts.add(b.first());
            cuts.add(b.last().add(BigInteger.ONE));
          }
        }
      }
    }
    List<IpRange> out = new ArrayList<>();
    BigInteger prev = null;
    for (BigInteger c : cuts) {
      if (prev != null) {
        out.add(new IpRange(space.v6(), prev, c.subtract(BigInteger.ONE)));
      }
      prev = c;
    }
    return out;
  }

  /**
   * The addresses of {@code cidr} outside every exception, as sorted disjoint ranges. Cutting at
   * these rather than at each exception keeps adjacent exceptions (10.0.0.0/9 and 10.128.0.0/9) one
   * range, as netpol-analyzer lists them.
   */
  static List<IpRange> remainder(IpRange cidr, List<IpRange> except) {
    List<IpRange> sorted = new ArrayList<>(except);
    sorted.sort(Comparator.comparing(IpRange::first));
    List<IpRange> out = new ArrayList<>();
    BigInteger next = cidr.first();
    for (IpRange e : sorted) {
      if (e.v6() != cidr.v6() || !e.overlaps(cidr)) {
        continue;
      }
      if (e.first().compareTo(next) > 0) {
        out.add(new IpRange(cidr.v6(), next, e.first().subtract(BigInteger.ONE)));
      }
      next = next.max(e.last().add(BigInteger.ONE));
    }
    if (next.compareTo(cidr.last()) <= 0) {
      out.add(new IpRange(cidr.v6(), next, cidr.last()));
    }
    return out;
  }

  /**
   * Every allowed connection between distinct peers, sorted by source then destination. The same
   * answers as {@link #allowed} for every ordered pair, computed in bulk (see {@link Matrix}).
   */
  public List<Connection> connections() {
    return new Matrix(this).connections();
  }

  /** What {@code src} may open to {@code dst}: the source's egress meet the target's ingress. */
  public PortSet allowed(Peer src, Peer dst) {
    PortSet egress = src instanceof PodGroup s ? side(s, dst, dst, false) : PortSet.ALL;
    if (egress.isEmpty()) {
      return egress;
    }
    PortSet ingress = dst instanceof PodGroup d ? side(d, src, d, true) : PortSet.ALL;
    return egress.intersect(ingress);
  }

  /**
   * What the policies selecting {@code pod} allow in one direction with {@code other}; {@code
   * target} is the destination, whose container ports resolve named ports.
   */
  private PortSet side(PodGroup pod, Peer other, Peer target, boolean ingress) {
    List<Policy> selecting = (ingress ? ingressOf : egressOf).getOrDefault(pod, List.of());
    if (selecting.isEmpty()) {
      return PortSet.ALL;
    }
    PortSet allowed = PortSet.NONE;
    for (Policy p : selecting) {
      for (Rule r : ingress ? p.ingress() : p.egress()) {
        if (r.anyPeer() || r.peers().stream().anyMatch(s -> matches(p, s, other))) {
          allowed = allowed.union(ports(r, target));
        }
      }
    }
    return allowed;
  }

  /** Whether one peer entry of policy {@code p} covers {@code peer}. */
  public boolean matches(Policy p, PeerSpec spec, Peer peer) {
    if (peer instanceof IpRange range) {
      return spec.cidr().isPresent()
          && spec.cidr().get().contains(range)
          && spec.except().stream().noneMatch(e -> e.overlaps(range));
    }
    PodGroup pod = (PodGroup) peer;
    if (spec.cidr().isPresent()) {
      return false;
    }
    if (spec.namespaceSelector().isEmpty()) {
      return pod.namespace().equals(p.namespace())
          && spec.podSelector().map(s -> s.matches(pod.labels())).orElse(true);
    }
    Map<String, String> nsLabels = namespaceLabels(pod.namespace());
    return spec.namespaceSelector().get().matches(nsLabels)
        && spec.podSelector().map(s -> s.matches(pod.labels())).orElse(true);
  }

  /**
   * Why {@code src} may or may not open connections to {@code dst} on the ports {@code asked}
   * ({@link PortSet#ALL} for every port): the policies and rules deciding each side, with their
   * locations. Its verdict is {@link #allowed} restricted to {@code asked}.
   */
  public Explanation explain(Peer src, Peer dst, PortSet asked) {
    return Explanation.of(this, src, dst, asked);
  }

  /** The ports a rule allows towards {@code target}, whose container ports resolve port names. */
  public static PortSet ports(Rule r, Peer target) {
    if (r.anyPort()) {
      return PortSet.ALL;
    }
    PortSet out = PortSet.NONE;
    for (PortSpec s : r.ports()) {
      if (s.port().isPresent()) {
        out =
            out.union(
                PortSet.of(s.protocol(), s.port().get(), Math.max(s.port().get(), s.endPort())));
      } else if (s.name().isPresent()) {
        if (target instanceof PodGroup g) {
          for (PodGroup.NamedPort np : g.namedPorts()) {
            if (np.name().equals(s.name().get()) && np.protocol() == s.protocol()) {
              out = out.union(PortSet.of(np.protocol(), np.port(), np.port()));
            }
          }
        }
      } else {
        out = out.union(PortSet.allOf(s.protocol()));
      }
    }
    return out;
  }
}
