package dev.parapet.netpol;

import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Location;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import dev.parapet.source.Problem;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes a least-privilege NetworkPolicy set (networking.k8s.io/v1) for the flows to allow: in each
 * namespace a default deny of ingress and egress for every pod and DNS egress to the cluster DNS;
 * for each flow an ingress rule on the destination workload admitting the source, and an egress
 * rule on the source workload to the destination. One policy per workload and direction, named
 * {@code <workload>-ingress} and {@code <workload>-egress}; output sorted by namespace and
 * workload.
 *
 * <p>A workload's pods are selected by the matchLabels of its own selector (the Deployment's,
 * StatefulSet's, ... {@code spec.selector}) when that selects no other workload of the namespace,
 * else by all labels of its pod template; a workload that no labels tell apart gets no rule, and
 * each flow to or from it is reported. The set replaces the input's NetworkPolicies: policies add
 * up, so any left in place would allow more.
 */
public final class PolicyGenerator {
  /** The label every generated policy carries, to list or delete the set with kubectl. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  private static final String NAME_LABEL = "kubernetes.io/metadata.name";
  private static final String DNS_NAMESPACE = NetpolFacts.DNS_NAMESPACE;

  /**
   * The generated set: YAML per namespace (sorted by namespace), the flows it allows, and the
   * problems met (flows skipped because a workload could not be selected).
   */
  public record Result(Map<String, String> files, List<Flow> flows, List<Problem> problems) {
    public Result {
      files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
      flows = List.copyOf(flows);
      problems = List.copyOf(problems);
    }

    /** Every namespace's policies in one multi-document stream. */
    public String yaml() {
      return String.join("", files.values());
    }
  }

  /** Flows between the same two peers, merged into one rule on each side. */
  private static final class Pair {
    final Peer src;
    final Peer dst;
    final List<Flow.Port> ports = new ArrayList<>();
    boolean all;
    final List<String> comments = new ArrayList<>();

    Pair(Peer src, Peer dst) {
      this.src = src;
      this.dst = dst;
    }
  }

  private final Inventory inventory;
  private final Connectivity connectivity;
  private final Map<String, Workload> workloads;
  private final Map<PodGroup, Optional<Map<String, String>>> selectors = new HashMap<>();
  private final Map<PodGroup, List<String>> skipped = new TreeMap<>(byDisplay());
  private final Map<PodGroup, String> unselectable = new HashMap<>();

  /** The labels of the cluster DNS pods, and whether the input had them. */
  private final Map<String, String> dnsLabels;

  private final boolean dnsInInput;

  private PolicyGenerator(Inventory inventory) {
    this.inventory = inventory;
    this.connectivity = Connectivity.of(inventory);
    this.workloads = WorkloadGroups.workloads(inventory);
    // the first well-known DNS label that a kube-system pod of the input carries, else the label
    // of kubeadm's, EKS's, GKE's and AKS's CoreDNS
    Optional<Map<String, String>> found =
        NetpolFacts.DNS_LABELS.stream()
            .filter(
                d ->
                    connectivity.groups().stream()
                        .anyMatch(
                            g -> g.namespace().equals(DNS_NAMESPACE) && subset(d, g.labels())))
            .findFirst();
    this.dnsInInput = found.isPresent();
    this.dnsLabels = found.orElse(NetpolFacts.DNS_LABELS.get(0));
  }

  private static Comparator<PodGroup> byDisplay() {
    return Comparator.comparing(PodGroup::display);
  }

  /**
   * The policy set allowing {@code flows} (and DNS) between the workloads of {@code inventory};
   * with {@code namespace}, only the policies of that namespace.
   */
  public static Result generate(Inventory inventory, List<Flow> flows, Optional<String> namespace) {
    return generate(inventory, flows, namespace, "");
  }

  /**
   * As {@link #generate(Inventory, List, Optional)}, saying in each file's header where the flows
   * came from ({@code flowsSource}, such as {@code flows file flows.csv}), when not empty.
   */
  public static Result generate(
      Inventory inventory, List<Flow> flows, Optional<String> namespace, String flowsSource) {
    return new PolicyGenerator(inventory).run(flows, namespace, flowsSource);
  }

  private Result run(List<Flow> flows, Optional<String> only, String flowsSource) {
    Map<String, Pair> pairs = new TreeMap<>();
    List<Flow> kept = new ArrayList<>();
    List<Problem> unresolved = new ArrayList<>();
    for (Flow f : flows) {
      boolean ok = true;
      for (Peer p : List.of(f.src(), f.dst())) {
        if (p instanceof PodGroup g && selector(g).isEmpty()) {
          skipped
              .computeIfAbsent(g, k -> new ArrayList<>())
              .add(f.describe() + " (" + f.origin() + ")");
          ok = false;
        }
      }
      if (!ok) {
        continue;
      }
      kept.add(f);
      if (f.dst() instanceof PodGroup d) {
        for (Flow.Port p : f.ports()) {
          boolean defined =
              p.name().isEmpty()
                  || d.namedPorts().stream()
                      .anyMatch(
                          np -> np.name().equals(p.name().get()) && np.protocol() == p.protocol());
          if (!defined) {
            Location at = location(d);
            unresolved.add(
                Problem.warning(
                    at.file(),
                    at.line(),
                    at.column(),
                    d.display()
                        + " has no container port named "
                        + p
                        + ", so that port of the flow allows nothing: "
                        + f.describe()
                        + " ("
                        + f.origin()
                        + ")"));
          }
        }
      }
      Pair pair =
          pairs.computeIfAbsent(
              f.src().display() + "\u0000" + f.dst().display(), k -> new Pair(f.src(), f.dst()));
      if (f.ports().isEmpty()) {
        pair.all = true;
      }
      f.ports().stream().filter(p -> !pair.ports.contains(p)).forEach(pair.ports::add);
      pair.comments.add(f.describe() + " (" + f.origin() + ")");
    }
    List<Problem> problems = new ArrayList<>(unresolved);
    skipped.forEach(
        (g, list) -> {
          Location at = location(g);
          problems.add(
              Problem.error(
                  at.file(),
                  at.line(),
                  at.column(),
                  unselectable.get(g) + "; flows skipped: " + String.join("; ", list)));
        });

    TreeSet<String> namespaces = new TreeSet<>();
    if (only.isPresent()) {
      namespaces.add(only.get());
    } else {
      connectivity.groups().forEach(g -> namespaces.add(g.namespace()));
    }
    Map<String, List<String>> existing = new TreeMap<>();
    for (Policy p : connectivity.policies()) {
      existing
          .computeIfAbsent(p.namespace(), k -> new ArrayList<>())
          .add(p.namespace() + "/" + p.object().name());
    }
    Map<PodGroup, List<String>> exposure = ServiceFlows.exposure(inventory);
    Map<String, String> files = new LinkedHashMap<>();
    for (String ns : namespaces) {
      files.put(
          ns,
          namespace(
              ns, flowsSource, pairs.values(), existing.getOrDefault(ns, List.of()), exposure));
    }
    return new Result(files, kept, problems);
  }

  private Location location(PodGroup g) {
    Workload w = workloads.get(g.display());
    return w == null ? new Location("", 0, 0, 0, "", null) : w.object().location();
  }

  private String namespace(
      String ns,
      String flowsSource,
      java.util.Collection<Pair> pairs,
      List<String> existing,
      Map<PodGroup, List<String>> exposure) {
    StringBuilder out = new StringBuilder();
    out.append("# NetworkPolicies for namespace ")
        .append(ns)
        .append(", written by parapet netpol generate.\n")
        .append("# Least privilege: every pod of the namespace is denied all ingress and egress\n")
        .append("# but DNS to the cluster DNS and the flows named above each rule.\n");
    if (!flowsSource.isEmpty()) {
      out.append("# Flows: ").append(flowsSource).append(".\n");
    }
    if (!existing.isEmpty()) {
      out.append("# This set replaces the NetworkPolicies of the input in this namespace (")
          .append(String.join(", ", existing))
          .append("):\n")
          .append(
              "# delete them when applying it, as policies add up and any left would allow"
                  + " more.\n");
    }
    String dnsText =
        dnsLabels.keySet().iterator().next() + ": " + dnsLabels.values().iterator().next();
    if (!dnsInInput) {
      out.append(
              "# The input holds no cluster DNS pods in kube-system, so the DNS rules assume the\n")
          .append("# label ")
          .append(dnsText)
          .append(" (kubeadm, EKS, GKE, AKS): check it against your DNS pods.\n");
    }
    Doc deny = new Doc(ns, "default-deny-all");
    deny.comment("Isolates every pod of the namespace for ingress and egress.");
    deny.line(1, "podSelector: {}");
    deny.types(true, true);
    out.append(deny);

    Doc dns = new Doc(ns, "allow-dns-egress");
    dns.comment("Every pod may ask the cluster DNS (kube-system pods labelled " + dnsText + ").");
    dns.line(1, "podSelector: {}");
    dns.types(false, true);
    dns.line(1, "egress:");
    dns.line(1, "- to:");
    dns.line(2, "- namespaceSelector:");
    dns.labels(5, Map.of(NAME_LABEL, DNS_NAMESPACE));
    dns.line(3, "podSelector:");
    dns.labels(5, dnsLabels);
    dns.ports(3, dnsPorts());
    out.append(dns);

    if (ns.equals(DNS_NAMESPACE)) {
      Doc in = new Doc(ns, "kube-dns-ingress");
      in.comment("The cluster DNS answers every pod of every namespace. Its own egress (upstream");
      in.comment("resolvers, the API server) is denied like any other unless a flow allows it.");
      in.line(1, "podSelector:");
      in.labels(3, dnsLabels);
      in.types(true, false);
      in.line(1, "ingress:");
      in.line(1, "- from:");
      in.line(2, "- namespaceSelector: {}");
      in.ports(3, dnsPorts());
      out.append(in);
    }

    List<PodGroup> groups =
        connectivity.groups().stream().filter(g -> g.namespace().equals(ns)).toList();
    Set<String> owners = new TreeSet<>();
    Set<String> clashing = new TreeSet<>();
    for (PodGroup g : groups) {
      if (!owners.add(g.owner())) {
        clashing.add(g.owner());
      }
    }
    Map<String, List<Pair>> into = new HashMap<>();
    Map<String, List<Pair>> from = new HashMap<>();
    for (Pair p : pairs) {
      into.computeIfAbsent(p.dst.display(), k -> new ArrayList<>()).add(p);
      from.computeIfAbsent(p.src.display(), k -> new ArrayList<>()).add(p);
    }
    for (PodGroup g : groups) {
      String base =
          clashing.contains(g.owner())
              ? g.owner() + "-" + g.kind().toLowerCase(java.util.Locale.ROOT)
              : g.owner();
      List<Pair> in = into.getOrDefault(g.display(), List.of());
      List<Pair> eg = from.getOrDefault(g.display(), List.of());
      List<String> exposedBy = exposure.getOrDefault(g, List.of());
      boolean fromOutside = in.stream().anyMatch(p -> p.src instanceof IpRange);
      List<String> note = new ArrayList<>();
      if (!exposedBy.isEmpty() && !fromOutside) {
        note.add(g.display() + " is reachable from outside the cluster through:");
        exposedBy.forEach(w -> note.add("  " + w));
        note.add("No rule here admits clients from outside. If they must reach it, add a flow");
        note.add("such as `0.0.0.0/0," + g.display() + ",<port>/TCP` (or one from the ingress");
        note.add("controller's workload) and generate again.");
      }
      if (in.isEmpty() && !note.isEmpty()) {
        out.append("---\n");
        note.forEach(l -> out.append("# ").append(l).append('\n'));
      }
      if (!in.isEmpty()) {
        Doc d = new Doc(ns, base + "-ingress");
        note.forEach(d::comment);
        d.comment("Who may connect to " + g.display() + ".");
        d.line(1, "podSelector:");
        d.labels(3, selector(g).orElseThrow());
        d.types(true, false);
        d.line(1, "ingress:");
        for (Pair p : in) {
          rule(d, ns, "from", p.src, p);
        }
        out.append(d);
      }
      if (!eg.isEmpty()) {
        Doc d = new Doc(ns, base + "-egress");
        d.comment("Where " + g.display() + " may connect to.");
        d.line(1, "podSelector:");
        d.labels(3, selector(g).orElseThrow());
        d.types(false, true);
        d.line(1, "egress:");
        for (Pair p : eg) {
          rule(d, ns, "to", p.dst, p);
        }
        out.append(d);
      }
    }
    return out.toString();
  }

  private static List<Flow.Port> dnsPorts() {
    return List.of(
        Flow.Port.number(PortSet.Protocol.UDP, 53, 53),
        Flow.Port.number(PortSet.Protocol.TCP, 53, 53));
  }

  /** One rule for the flows of {@code pair}, admitting or reaching {@code peer}. */
  private void rule(Doc d, String ns, String field, Peer peer, Pair pair) {
    pair.comments.forEach(c -> d.line(1, "# " + c));
    d.line(1, "- " + field + ":");
    if (peer instanceof PodGroup g) {
      if (g.namespace().equals(ns)) {
        d.line(2, "- podSelector:");
      } else {
        d.line(2, "- namespaceSelector:");
        d.labels(5, Map.of(NAME_LABEL, g.namespace()));
        d.line(3, "podSelector:");
      }
      d.labels(5, selector(g).orElseThrow());
    } else {
      IpRange r = (IpRange) peer;
      List<IpRange> blocks = cidrs(r);
      Optional<IpRange> enclosing = enclosing(r);
      List<IpRange> except = new ArrayList<>();
      if (enclosing.isPresent() && !enclosing.get().equals(r)) {
        IpRange c = enclosing.get();
        if (c.first().compareTo(r.first()) < 0) {
          except.addAll(cidrs(new IpRange(r.v6(), c.first(), r.first().subtract(BigInteger.ONE))));
        }
        if (r.last().compareTo(c.last()) < 0) {
          except.addAll(cidrs(new IpRange(r.v6(), r.last().add(BigInteger.ONE), c.last())));
        }
      }
      if (enclosing.isPresent() && !except.isEmpty() && except.size() < blocks.size() - 1) {
        d.line(2, "- ipBlock:");
        d.line(4, "cidr: " + cidr(enclosing.get()));
        d.line(4, "except:");
        except.forEach(e -> d.line(4, "- " + cidr(e)));
      } else {
        for (IpRange b : blocks) {
          d.line(2, "- ipBlock:");
          d.line(4, "cidr: " + cidr(b));
        }
      }
    }
    if (!pair.all) {
      d.ports(3, pair.ports);
    }
  }

  /**
   * How the pods of {@code g}, and only they among the namespace's workloads, are selected: the
   * matchLabels of the workload's own selector, else all its pod labels; empty when neither tells
   * them apart.
   */
  private Optional<Map<String, String>> selector(PodGroup g) {
    return selectors.computeIfAbsent(g, this::computeSelector);
  }

  private Optional<Map<String, String>> computeSelector(PodGroup g) {
    List<Map<String, String>> candidates = new ArrayList<>();
    Workload w = workloads.get(g.display());
    if (w != null) {
      Optional<MapNode> spec = w.object().root().map("spec");
      Map<String, String> own =
          w.object().kind().equals("ReplicationController")
              ? K8sObject.stringMap(spec.flatMap(s -> s.map("selector")))
              : K8sObject.stringMap(
                  spec.flatMap(s -> s.map("selector")).flatMap(s -> s.map("matchLabels")));
      if (!own.isEmpty()) {
        candidates.add(own);
      }
    }
    if (!g.labels().isEmpty()) {
      candidates.add(g.labels());
    }
    List<PodGroup> others =
        connectivity.groups().stream()
            .filter(o -> o.namespace().equals(g.namespace()) && !o.equals(g))
            .toList();
    for (Map<String, String> c : candidates) {
      if (subset(c, g.labels()) && others.stream().noneMatch(o -> subset(c, o.labels()))) {
        return Optional.of(new TreeMap<>(c));
      }
    }
    if (g.labels().isEmpty()) {
      unselectable.put(
          g,
          g.display()
              + " has no pod labels, so no policy can select its pods alone: give its pod"
              + " template a label");
    } else {
      List<String> alike =
          others.stream()
              .filter(o -> subset(g.labels(), o.labels()))
              .map(PodGroup::display)
              .toList();
      unselectable.put(
          g,
          g.display()
              + " cannot be selected apart from "
              + String.join(", ", alike)
              + " by labels: give its pod template a label of its own");
    }
    return Optional.empty();
  }

  private static boolean subset(Map<String, String> selector, Map<String, String> labels) {
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  /** The fewest CIDR blocks that cover exactly {@code r}, in address order. */
  static List<IpRange> cidrs(IpRange r) {
    int bits = r.v6() ? 128 : 32;
    List<IpRange> out = new ArrayList<>();
    BigInteger next = r.first();
    while (next.compareTo(r.last()) <= 0) {
      int size = next.signum() == 0 ? bits : Math.min(bits, next.getLowestSetBit());
      while (size > 0
          && next.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE).compareTo(r.last())
              > 0) {
        size--;
      }
      BigInteger last = next.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE);
      out.add(new IpRange(r.v6(), next, last));
      next = last.add(BigInteger.ONE);
    }
    return out;
  }

  /** The smallest CIDR block holding {@code r}. */
  static Optional<IpRange> enclosing(IpRange r) {
    int bits = r.v6() ? 128 : 32;
    for (int host = 0; host <= bits; host++) {
      BigInteger mask = BigInteger.ONE.shiftLeft(host).subtract(BigInteger.ONE);
      BigInteger first = r.first().andNot(mask);
      if (first.equals(r.last().andNot(mask))) {
        return Optional.of(new IpRange(r.v6(), first, first.or(mask)));
      }
    }
    return Optional.empty();
  }

  /** {@code 10.0.0.0/8}, {@code 2001:db8::/32}: a block as an ipBlock writes it. */
  static String cidr(IpRange block) {
    int bits = block.v6() ? 128 : 32;
    int host = block.last().subtract(block.first()).add(BigInteger.ONE).bitLength() - 1;
    return block.text(block.first()) + "/" + (bits - host);
  }

  /** One NetworkPolicy document being written, with its comments. */
  private static final class Doc {
    private final StringBuilder head = new StringBuilder("---\n");
    private final StringBuilder spec = new StringBuilder();
    private final String namespace;
    private final String name;

    Doc(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    void comment(String text) {
      head.append("# ").append(text).append('\n');
    }

    void line(int indent, String text) {
      spec.append("  ".repeat(indent)).append(text).append('\n');
    }

    void labels(int indent, Map<String, String> labels) {
      line(indent - 1, "matchLabels:");
      new TreeMap<>(labels).forEach((k, v) -> line(indent, quote(k) + ": " + quote(v)));
    }

    void types(boolean ingress, boolean egress) {
      line(1, "policyTypes:");
      if (ingress) {
        line(1, "- Ingress");
      }
      if (egress) {
        line(1, "- Egress");
      }
    }

    /** The ports of a rule: numbers merged into ranges per protocol, then names, sorted. */
    void ports(int indent, List<Flow.Port> ports) {
      PortSet numbers = PortSet.NONE;
      TreeSet<String> names = new TreeSet<>();
      Map<String, PortSet.Protocol> nameProtocols = new HashMap<>();
      for (Flow.Port p : ports) {
        if (p.name().isPresent()) {
          String key = p.protocol() + "/" + p.name().get();
          names.add(key);
          nameProtocols.put(key, p.protocol());
        } else {
          numbers = numbers.union(PortSet.of(p.protocol(), p.from(), p.to()));
        }
      }
      if (numbers.isAll()) {
        return;
      }
      line(indent - 1, "ports:");
      numbers
          .ranges()
          .forEach(
              (protocol, ranges) -> {
                for (PortSet.Range r : ranges) {
                  line(indent - 1, "- protocol: " + protocol);
                  if (r.from() == PortSet.MIN_PORT && r.to() == PortSet.MAX_PORT) {
                    continue;
                  }
                  line(indent, "port: " + r.from());
                  if (r.to() != r.from()) {
                    line(indent, "endPort: " + r.to());
                  }
                }
              });
      for (String key : names) {
        line(indent - 1, "- protocol: " + nameProtocols.get(key));
        line(indent, "port: " + quote(key.substring(key.indexOf('/') + 1)));
      }
    }

    @Override
    public String toString() {
      return head
          + "apiVersion: networking.k8s.io/v1\n"
          + "kind: NetworkPolicy\n"
          + "metadata:\n"
          + "  name: "
          + quote(name)
          + "\n  namespace: "
          + quote(namespace)
          + "\n  labels:\n    "
          + MANAGED_BY
          + ": parapet\n"
          + "spec:\n"
          + spec;
    }
  }

  /**
   * A scalar as YAML reads it back as the same string: plain when it is safe, else double-quoted
   * (numbers, booleans of YAML 1.1 such as yes or on, null, and anything with special characters).
   */
  static String quote(String s) {
    boolean plain =
        s.matches("[A-Za-z_][A-Za-z0-9._/-]*")
            && !Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null")
                .contains(s.toLowerCase(java.util.Locale.ROOT));
    if (plain) {
      return s;
    }
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
