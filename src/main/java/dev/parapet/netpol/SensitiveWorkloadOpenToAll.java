package dev.parapet.netpol;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import dev.parapet.netpol.Policy.PeerSpec;
import dev.parapet.netpol.Policy.Rule;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.SeqNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A database, cache or kube-system component that a policy opens to every namespace or every
 * address is one compromised pod (or one internet scan) away from its data. Triggers on each
 * ingress rule that admits every source (no from), every pod of every namespace (namespaceSelector:
 * {}) or every address (an ipBlock of 0.0.0.0/0 or ::/0) when its policy selects a workload of
 * kube-system, or a workload with a container port of a well-known database or cache that the rule
 * opens; a rule that opens only DNS (53) to the cluster DNS is not reported. Also triggers on a
 * workload with such a data-store port that no policy selects for ingress, in a namespace that has
 * policies (it was left out, and is as open as through a rule with no from).
 */
@CheckInfo(
    id = "NET-006",
    title = "Ingress from everywhere to a database, cache or kube-system workload",
    severity = Severity.HIGH,
    stride = Stride.INFORMATION_DISCLOSURE,
    category = "network",
    mitre = {"T1210", "T1190"},
    nsa = {"Network separation and hardening: network policies"},
    description =
        "Data stores hold what attackers want and rarely expect hostile clients: many run without"
            + " authentication inside clusters (Redis, memcached, Elasticsearch, etcd without"
            + " client certificates). A policy that admits every namespace or every address to them"
            + " turns any compromised pod, or the internet when the workload is exposed, into a"
            + " client. Triggered by each ingress rule whose from list is absent or empty (every"
            + " source), or has an entry with namespaceSelector: {} and no or an empty podSelector"
            + " (every pod of every namespace), or an ipBlock whose cidr is 0.0.0.0/0 or ::/0"
            + " (every address; except entries do not change that, they usually carve out private"
            + " ranges), when the rule's policy selects (a) a workload of kube-system, on any port"
            + " the rule opens, or (b) a workload with a containerPort the rule opens (numbers,"
            + " names and endPort ranges resolved as the API does) among the well-known ports:"
            + " 1433 SQL Server, 1521 Oracle, 2379 and 2380 etcd, 3306 MySQL/MariaDB, 5432"
            + " PostgreSQL, 5984 CouchDB, 6379 Redis, 8086 InfluxDB, 9042 Cassandra, 9200 and 9300"
            + " Elasticsearch/OpenSearch, 11211 memcached, 26257 CockroachDB, 27017 MongoDB."
            + " Cassandra's inter-node 7000/7001 are left out: too many web applications listen"
            + " there. Ports are matched on what the pods declare, not on image names. Reported"
            + " once per rule, naming every sensitive workload and port it opens. Not reported: a"
            + " rule that opens nothing but port 53 (UDP, TCP) to the cluster DNS (kube-system pods"
            + " labelled k8s-app: kube-dns, k8s-app: coredns or app.kubernetes.io/name: coredns)"
            + " or to a workload declaring container port 53, since answering every pod is what"
            + " DNS is for. Also triggered, at the pod template's metadata, by a workload with one"
            + " of those data-store ports that no policy selects for ingress in a namespace that"
            + " has NetworkPolicies: it was left out of them and every source reaches it; in a"
            + " namespace without any policy NET-001 reports the whole namespace instead. High: a"
            + " direct path to data.",
    remediation =
        "Replace the wide entry with the clients that need the store: a podSelector of the"
            + " client pods, with a namespaceSelector (kubernetes.io/metadata.name) when they live"
            + " in another namespace, and the store's port only.")
public final class SensitiveWorkloadOpenToAll implements InventoryCheck {
  /** Well-known ports of data stores, with their product. */
  static final Map<Integer, String> SENSITIVE_PORTS =
      Map.ofEntries(
          Map.entry(1433, "SQL Server"),
          Map.entry(1521, "Oracle"),
          Map.entry(2379, "etcd"),
          Map.entry(2380, "etcd peer"),
          Map.entry(3306, "MySQL/MariaDB"),
          Map.entry(5432, "PostgreSQL"),
          Map.entry(5984, "CouchDB"),
          Map.entry(6379, "Redis"),
          Map.entry(8086, "InfluxDB"),
          Map.entry(9042, "Cassandra"),
          Map.entry(9200, "Elasticsearch"),
          Map.entry(9300, "Elasticsearch transport"),
          Map.entry(11211, "memcached"),
          Map.entry(26257, "CockroachDB"),
          Map.entry(27017, "MongoDB"));

  @Override
  public void check(CheckContext context, Sink sink) {
    Connectivity c = Connectivity.of(context.inventory());
    Map<PodGroup, Workload> workloads = NetpolFacts.workloads(context.inventory(), c);
    for (Policy p : c.policies()) {
      if (!p.ingressType()) {
        continue;
      }
      List<PodGroup> selected =
          NetpolFacts.groupsByNamespace(context.inventory(), c)
              .getOrDefault(p.namespace(), List.of())
              .stream()
              .filter(g -> p.podSelector().matches(g.labels()))
              .toList();
      if (selected.isEmpty()) {
        continue;
      }
      for (Rule r : p.ingress()) {
        Optional<String> wide = wide(r);
        if (wide.isEmpty()) {
          continue;
        }
        List<String> targets = new ArrayList<>();
        for (PodGroup g : selected) {
          PortSet open = Connectivity.ports(r, g);
          if (open.isEmpty() || servesDns(g, workloads.get(g), open)) {
            continue;
          }
          if (g.namespace().equals("kube-system")) {
            targets.add(g.display() + " (kube-system) on " + (open.isAll() ? "every port" : open));
            continue;
          }
          for (String port : sensitivePorts(workloads.get(g), open)) {
            targets.add(g.display() + " on " + port);
          }
        }
        if (!targets.isEmpty()) {
          sink.report(
              p.object(),
              NetpolFacts.at(p.object(), r.location()),
              "ingress rule of "
                  + NetpolFacts.policy(p)
                  + " admits "
                  + wide.get()
                  + " to "
                  + String.join("; ", targets));
        }
      }
    }
    unisolated(c, workloads, context, sink);
  }

  /**
   * A data store left out of the policies of a namespace that has some: no policy selects it for
   * ingress, so every pod and address may connect to it, as through a rule with no from.
   */
  private static void unisolated(
      Connectivity c, Map<PodGroup, Workload> workloads, CheckContext context, Sink sink) {
    java.util.Set<String> withPolicies = new java.util.TreeSet<>();
    c.policies().forEach(p -> withPolicies.add(p.namespace()));
    Map<String, List<PodGroup>> byNamespace = NetpolFacts.groupsByNamespace(context.inventory(), c);
    for (String ns : withPolicies) {
      for (PodGroup g : byNamespace.getOrDefault(ns, List.of())) {
        Workload w = workloads.get(g);
        if (w == null || g.hostNetwork() || !c.ingressPolicies(g).isEmpty()) {
          continue;
        }
        List<String> ports = sensitivePorts(w, PortSet.ALL);
        if (ports.isEmpty()) {
          continue;
        }
        sink.report(
            w.object(),
            NetpolFacts.podLabelsAnchor(w),
            g.display()
                + " on "
                + String.join(", ", ports)
                + " accepts connections from every source: no NetworkPolicy selects it for"
                + " ingress, although namespace "
                + ns
                + " has policies");
      }
    }
  }

  /** The DNS ports, which the cluster DNS serves to every pod by design. */
  private static final PortSet DNS =
      PortSet.of(PortSet.Protocol.UDP, 53, 53).union(PortSet.of(PortSet.Protocol.TCP, 53, 53));

  /**
   * Whether {@code open} is only DNS (53 over UDP or TCP) to a DNS server: the cluster DNS (by its
   * well-known labels) or a workload declaring container port 53. Answering every pod's lookups is
   * what it is for, and the generator's own kube-dns-ingress policy opens exactly that.
   */
  static boolean servesDns(PodGroup g, Workload w, PortSet open) {
    if (!open.intersect(DNS).equals(open)) {
      return false;
    }
    if (NetpolFacts.clusterDns(g)) {
      return true;
    }
    return w != null
        && w.containers().stream()
            .flatMap(c -> c.node().seq("ports").map(SeqNode::items).orElse(List.of()).stream())
            .anyMatch(n -> n instanceof MapNode m && m.integer("containerPort").orElse(0L) == 53L);
  }

  /** How a rule admits everyone, or empty when it does not. */
  static Optional<String> wide(Rule r) {
    if (r.anyPeer()) {
      return Optional.of("every source (the rule has no from)");
    }
    for (PeerSpec peer : r.peers()) {
      if (NetpolFacts.everyAddress(peer)) {
        return Optional.of(
            "every address (ipBlock " + (peer.cidr().get().v6() ? "::/0" : "0.0.0.0/0") + ")");
      }
      if (peer.namespaceSelector().isPresent()
          && NetpolFacts.selectsAll(peer.namespaceSelector().get())
          && peer.podSelector().map(NetpolFacts::selectsAll).orElse(true)) {
        return Optional.of("every pod of every namespace (namespaceSelector: {})");
      }
    }
    return Optional.empty();
  }

  /** The sensitive container ports of a workload within {@code open}, as {@code TCP 5432 (X)}. */
  private static List<String> sensitivePorts(Workload w, PortSet open) {
    List<String> out = new ArrayList<>();
    if (w == null) {
      return out;
    }
    for (ContainerView c : w.containers()) {
      for (Node n : c.node().seq("ports").map(SeqNode::items).orElse(List.of())) {
        if (!(n instanceof MapNode m)) {
          continue;
        }
        Optional<Long> number = m.integer("containerPort");
        if (number.isEmpty() || !SENSITIVE_PORTS.containsKey(number.get().intValue())) {
          continue;
        }
        int port = number.get().intValue();
        PortSet.Protocol proto;
        try {
          proto = PortSet.Protocol.valueOf(m.string("protocol").orElse("TCP"));
        } catch (IllegalArgumentException e) {
          continue;
        }
        String text = proto + " " + port + " (" + SENSITIVE_PORTS.get(port) + ")";
        if (!PortSet.of(proto, port, port).intersect(open).isEmpty() && !out.contains(text)) {
          out.add(text);
        }
      }
    }
    return out;
  }
}
