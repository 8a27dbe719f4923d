package dev.parapet.netpol;

import dev.parapet.model.LabelSelector;
import dev.parapet.netpol.Connectivity.Connection;
import dev.parapet.netpol.Policy.PeerSpec;
import dev.parapet.netpol.Policy.PortSpec;
import dev.parapet.netpol.Policy.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole connectivity matrix of one {@link Connectivity}, computed in bulk with the answers of
 * {@link Connectivity#allowed} for every ordered pair, for one call of {@link
 * Connectivity#connections()} (it keeps no state beyond the call, so the engine stays immutable).
 *
 * <p>Comparing pairs one by one costs every pair the rules of the policies selecting both ends and
 * every peer of each rule: 4 million pairs of 2,000 workloads under 14,000 policies took 12 s.
 * Here:
 *
 * <ol>
 *   <li>Pod groups that policies cannot tell apart (same namespace, labels, named ports and host
 *       network) form one class; pairs are computed per pair of classes.
 *   <li>Each rule's peers are matched once against every class and external range, into a bit set
 *       (namespace selectors once per distinct selector and namespace).
 *   <li>Each class's egress is one vector over all destinations (classes, then external destination
 *       ranges) and its ingress one vector over all sources (classes, then external source ranges),
 *       built by OR-ing the bit sets of its rules grouped by their port set; classes selected by
 *       the same rules share one vector.
 *   <li>Port sets are interned as small integers, so a pair costs two array reads and a cached
 *       intersection.
 * </ol>
 */
final class Matrix {
  private static final int NONE = 0;
  private static final int ALL = 1;

  private final Connectivity engine;
  private final List<PodGroup> groups;
  private final List<IpRange> sources;
  private final List<IpRange> destinations;

  /** Classes of pod groups, each with a representative group. */
  private final List<PodGroup> reps = new ArrayList<>();

  private final int[] classOf;

  /** The distinct namespaces of the classes, their labels, and the classes of each. */
  private final List<String> namespaces = new ArrayList<>();

  private final List<Map<String, String>> namespaceLabels = new ArrayList<>();

  private final Map<String, BitSet> classesByNamespace = new HashMap<>();

  /** Interned port sets: id to set, set to id. */
  private final List<PortSet> portSets = new ArrayList<>();

  private final Map<PortSet, Integer> portIds = new HashMap<>();
  private final Map<Long, Integer> unions = new HashMap<>();
  private final Map<Long, Integer> intersections = new HashMap<>();

  /** Intersections among the first {@value #SMALL} port sets, id + 1 (0 until computed). */
  private static final int SMALL = 64;

  private final int[] smallIntersections = new int[SMALL * SMALL];

  private final Map<LabelSelector, BitSet> namespaceMatches = new HashMap<>();
  private final Map<List<Object>, BitSet> podPeers = new HashMap<>();
  private final Map<Rule, BitSet> ingressPeers = new IdentityHashMap<>();
  private final Map<Rule, Map<Integer, BitSet>> egressTargets = new IdentityHashMap<>();
  private final Map<Rule, Integer> ruleIds = new IdentityHashMap<>();

  /**
   * Per class: the egress vector over destinations, the ingress vector over sources; null = all.
   */
  private final int[][] egress;

  private final int[][] ingress;

  Matrix(Connectivity engine) {
    this.engine = engine;
    this.groups = engine.groups();
    this.sources = engine.externalSources();
    this.destinations = engine.externalDestinations();
    intern(PortSet.NONE);
    intern(PortSet.ALL);
    this.classOf = new int[groups.size()];
    Map<List<Object>, Integer> classes = new HashMap<>();
    for (int i = 0; i < groups.size(); i++) {
      PodGroup g = groups.get(i);
      List<Object> key = List.of(g.namespace(), g.labels(), g.namedPorts(), g.hostNetwork());
      Integer c = classes.get(key);
      if (c == null) {
        c = reps.size();
        classes.put(key, c);
        reps.add(g);
        if (!classesByNamespace.containsKey(g.namespace())) {
          namespaces.add(g.namespace());
          namespaceLabels.add(engine.namespaceLabels(g.namespace()));
        }
        classesByNamespace.computeIfAbsent(g.namespace(), k -> new BitSet()).set(c);
      }
      classOf[i] = c;
    }
    int n = reps.size();
    this.egress = new int[n][];
    this.ingress = new int[n][];
    Map<List<Object>, int[]> egressShared = new HashMap<>();
    Map<List<Object>, int[]> ingressShared = new HashMap<>();
    for (int c = 0; c < n; c++) {
      PodGroup pod = reps.get(c);
      List<Rule> out = rules(engine.egressPolicies(pod), false);
      if (!engine.egressPolicies(pod).isEmpty()) {
        egress[c] = egressShared.computeIfAbsent(ids(out), k -> egressVector(out));
      }
      List<Rule> in = rules(engine.ingressPolicies(pod), true);
      if (!engine.ingressPolicies(pod).isEmpty()) {
        List<Object> key = List.of(ids(in), pod.namedPorts());
        ingress[c] = ingressShared.computeIfAbsent(key, k -> ingressVector(in, pod));
      }
    }
  }

  private static List<Rule> rules(List<Policy> policies, boolean ingress) {
    List<Rule> out = new ArrayList<>();
    for (Policy p : policies) {
      out.addAll(ingress ? p.ingress() : p.egress());
    }
    return out;
  }

  private List<Object> ids(List<Rule> rules) {
    List<Object> out = new ArrayList<>(rules.size());
    for (Rule r : rules) {
      out.add(ruleIds.computeIfAbsent(r, k -> ruleIds.size()));
    }
    return out;
  }

  // --- the pairs -------------------------------------------------------------------------------

  List<Connection> connections() {
    int n = reps.size();
    List<Peer> srcs = new ArrayList<>(groups);
    srcs.addAll(sources);
    List<Peer> dsts = new ArrayList<>(groups);
    dsts.addAll(destinations);
    // position in groups, or -1 - position in the external list
    int[] srcOrder = order(srcs, groups.size());
    int[] dstOrder = order(dsts, groups.size());
    List<Connection> out = new ArrayList<>();
    for (int s : srcOrder) {
      if (s >= 0) {
        PodGroup src = groups.get(s);
        int cs = classOf[s];
        int[] eg = egress[cs];
        for (int d : dstOrder) {
          if (d >= 0) {
            if (d == s) {
              continue;
            }
            int cd = classOf[d];
            int e = eg == null ? ALL : eg[cd];
            if (e == NONE) {
              continue;
            }
            int[] in = ingress[cd];
            int id = intersect(e, in == null ? ALL : in[cs]);
            if (id != NONE) {
              out.add(new Connection(src, groups.get(d), portSets.get(id)));
            }
          } else {
            int e = eg == null ? ALL : eg[n + (-1 - d)];
            if (e != NONE) {
              out.add(new Connection(src, destinations.get(-1 - d), portSets.get(e)));
            }
          }
        }
      } else {
        int j = -1 - s;
        IpRange src = sources.get(j);
        for (int d : dstOrder) {
          if (d < 0) {
            continue;
          }
          int[] in = ingress[classOf[d]];
          int id = in == null ? ALL : in[n + j];
          if (id != NONE) {
            out.add(new Connection(src, groups.get(d), portSets.get(id)));
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /** Indices of {@code peers} sorted by display: groups as themselves, external ones as -1 - i. */
  private static int[] order(List<Peer> peers, int groupCount) {
    String[] display = new String[peers.size()];
    Integer[] idx = new Integer[peers.size()];
    for (int i = 0; i < display.length; i++) {
      display[i] = peers.get(i).display();
      idx[i] = i;
    }
    Arrays.sort(idx, Comparator.comparing(i -> display[i]));
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = idx[i] < groupCount ? idx[i] : -1 - (idx[i] - groupCount);
    }
    return out;
  }

  // --- vectors ---------------------------------------------------------------------------------

  /** What a class selected by {@code rules} for egress may open to each class and destination. */
  private int[] egressVector(List<Rule> rules) {
    Map<Integer, BitSet> acc = new LinkedHashMap<>();
    for (Rule r : rules) {
      egressTargets(r).forEach((id, bits) -> acc.merge(id, bits, Matrix::or));
    }
    return vector(acc, reps.size() + destinations.size());
  }

  /** What each class and source may open to {@code pod}, selected by {@code rules} for ingress. */
  private int[] ingressVector(List<Rule> rules, PodGroup pod) {
    Map<Integer, BitSet> acc = new LinkedHashMap<>();
    for (Rule r : rules) {
      int id = intern(Connectivity.ports(r, pod));
      if (id != NONE) {
        acc.merge(id, ingressPeers(r), Matrix::or);
      }
    }
    return vector(acc, reps.size() + sources.size());
  }

  private static BitSet or(BitSet a, BitSet b) {
    BitSet out = (BitSet) a.clone();
    out.or(b);
    return out;
  }

  /** The union, for each index, of the port sets whose bit set holds it. */
  private int[] vector(Map<Integer, BitSet> acc, int length) {
    int[] out = new int[length];
    if (acc.size() == 1) {
      Map.Entry<Integer, BitSet> e = acc.entrySet().iterator().next();
      BitSet bits = e.getValue();
      for (int i = bits.nextSetBit(0); i >= 0 && i < length; i = bits.nextSetBit(i + 1)) {
        out[i] = e.getKey();
      }
      return out;
    }
    for (Map.Entry<Integer, BitSet> e : acc.entrySet()) {
      int id = e.getKey();
      BitSet bits = e.getValue();
      for (int i = bits.nextSetBit(0); i >= 0 && i < length; i = bits.nextSetBit(i + 1)) {
        out[i] = union(out[i], id);
      }
    }
    return out;
  }

  // --- rules -----------------------------------------------------------------------------------

  /** The classes and external sources an ingress rule admits. */
  private BitSet ingressPeers(Rule r) {
    BitSet cached = ingressPeers.get(r);
    if (cached == null) {
      cached = peers(r, sources);
      ingressPeers.put(r, cached);
    }
    return cached;
  }

  /**
   * The classes and external destinations an egress rule reaches, by the port set it allows towards
   * them: a named port resolves against each destination's container ports.
   */
  private Map<Integer, BitSet> egressTargets(Rule r) {
    Map<Integer, BitSet> cached = egressTargets.get(r);
    if (cached != null) {
      return cached;
    }
    BitSet bits = peers(r, destinations);
    Map<Integer, BitSet> out = new LinkedHashMap<>();
    boolean named = r.ports().stream().anyMatch(Matrix::isNamed);
    int n = reps.size();
    if (!named) {
      int id = intern(Connectivity.ports(r, IpRange.ALL_V4));
      if (id != NONE) {
        out.put(id, bits);
      }
    } else {
      Map<List<PodGroup.NamedPort>, Integer> byPorts = new HashMap<>();
      for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
        int id;
        if (i < n) {
          PodGroup target = reps.get(i);
          id =
              byPorts.computeIfAbsent(
                  target.namedPorts(), k -> intern(Connectivity.ports(r, target)));
        } else {
          id = intern(Connectivity.ports(r, destinations.get(i - n)));
        }
        if (id != NONE) {
          out.computeIfAbsent(id, k -> new BitSet()).set(i);
        }
      }
    }
    egressTargets.put(r, out);
    return out;
  }

  /**
   * The classes (bits 0..n-1) and external ranges (bits n..) that a rule's peers match, as {@link
   * Connectivity#matches} decides for each.
   */
  private BitSet peers(Rule r, List<IpRange> external) {
    int n = reps.size();
    BitSet out = new BitSet(n + external.size());
    if (r.anyPeer()) {
      out.set(0, n + external.size());
      return out;
    }
    Policy p = policyOf(r);
    for (PeerSpec spec : r.peers()) {
      if (spec.cidr().isPresent()) {
        IpRange cidr = spec.cidr().get();
        for (int j = 0; j < external.size(); j++) {
          IpRange range = external.get(j);
          if (cidr.contains(range) && spec.except().stream().noneMatch(e -> e.overlaps(range))) {
            out.set(n + j);
          }
        }
        continue;
      }
      out.or(pods(p.namespace(), spec));
    }
    return out;
  }

  /**
   * The classes a pod peer of a policy in {@code namespace} matches. Peers repeat across policies
   * (the DNS or monitoring peer of every namespace), so each distinct one is matched once.
   */
  private BitSet pods(String namespace, PeerSpec spec) {
    List<Object> key =
        List.of(
            spec.namespaceSelector().isPresent() ? "" : namespace,
            spec.namespaceSelector(),
            spec.podSelector());
    BitSet cached = podPeers.get(key);
    if (cached != null) {
      return cached;
    }
    BitSet candidates;
    if (spec.namespaceSelector().isEmpty()) {
      candidates = classesByNamespace.getOrDefault(namespace, new BitSet());
    } else {
      candidates = classesIn(spec.namespaceSelector().get());
    }
    BitSet out;
    if (spec.podSelector().isEmpty()) {
      out = candidates;
    } else {
      out = new BitSet(reps.size());
      LabelSelector pods = spec.podSelector().get();
      for (int c = candidates.nextSetBit(0); c >= 0; c = candidates.nextSetBit(c + 1)) {
        if (pods.matches(reps.get(c).labels())) {
          out.set(c);
        }
      }
    }
    podPeers.put(key, out);
    return out;
  }

  /** The classes in the namespaces that a namespace selector matches. */
  private BitSet classesIn(LabelSelector selector) {
    BitSet cached = namespaceMatches.get(selector);
    if (cached == null) {
      cached = new BitSet(reps.size());
      for (int i = 0; i < namespaces.size(); i++) {
        String ns = namespaces.get(i);
        if (selector.matches(namespaceLabels.get(i))) {
          cached.or(classesByNamespace.get(ns));
        }
      }
      namespaceMatches.put(selector, cached);
    }
    return cached;
  }

  private Map<Rule, Policy> policyOfRule;

  private Policy policyOf(Rule r) {
    if (policyOfRule == null) {
      policyOfRule = new IdentityHashMap<>();
      for (Policy p : engine.policies()) {
        p.ingress().forEach(x -> policyOfRule.put(x, p));
        p.egress().forEach(x -> policyOfRule.put(x, p));
      }
    }
    return policyOfRule.get(r);
  }

  // --- port sets -------------------------------------------------------------------------------

  private int intern(PortSet s) {
    Integer id = portIds.get(s);
    if (id == null) {
      id = portSets.size();
      portSets.add(s);
      portIds.put(s, id);
    }
    return id;
  }

  private int union(int a, int b) {
    if (a == b || b == NONE || a == ALL) {
      return a;
    }
    if (a == NONE || b == ALL) {
      return b;
    }
    long key = a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
    Integer id = unions.get(key);
    if (id == null) {
      id = intern(portSets.get(a).union(portSets.get(b)));
      unions.put(key, id);
    }
    return id;
  }

  private int intersect(int a, int b) {
    if (a == b || b == ALL || a == NONE) {
      return a;
    }
    if (a == ALL || b == NONE) {
      return b;
    }
    if (a < SMALL && b < SMALL) {
      int slot = a * SMALL + b;
      int id = smallIntersections[slot] - 1;
      if (id < 0) {
        id = intern(portSets.get(a).intersect(portSets.get(b)));
        smallIntersections[slot] = id + 1;
      }
      return id;
    }
    long key = a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
    Integer id = intersections.get(key);
    if (id == null) {
      id = intern(portSets.get(a).intersect(portSets.get(b)));
      intersections.put(key, id);
    }
    return id;
  }

  private static boolean isNamed(PortSpec s) {
    return s.port().isEmpty() && s.name().isPresent();
  }
}
