package dev.parapet.threat;

import dev.parapet.bench.BenchChecks;
import dev.parapet.bench.BenchResult;
import dev.parapet.bench.Component;
import dev.parapet.check.Finding;
import dev.parapet.check.ScanResult;
import dev.parapet.graph.AttackGraph;
import dev.parapet.graph.AttackGraphs;
import dev.parapet.graph.Edge;
import dev.parapet.graph.Ids;
import dev.parapet.graph.Paths;
import dev.parapet.graph.Vertex;
import dev.parapet.graph.VertexType;
import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Location;
import dev.parapet.netpol.Exposure;
import dev.parapet.threat.ThreatModel.Actor;
import dev.parapet.threat.ThreatModel.AssessedThreat;
import dev.parapet.threat.ThreatModel.Asset;
import dev.parapet.threat.ThreatModel.Boundary;
import dev.parapet.threat.ThreatModel.DataFlow;
import dev.parapet.threat.ThreatModel.EntryPoint;
import dev.parapet.threat.ThreatModel.Evidence;
import dev.parapet.threat.ThreatModel.Flow;
import dev.parapet.threat.ThreatModel.FlowNode;
import dev.parapet.threat.ThreatModel.Zone;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Builds the threat model of an inventory from the scan's findings, the attack graph and the CIS
 * benchmark's results: a pure function of its inputs.
 */
public final class ThreatModels {
  private ThreatModels() {}

  /**
   * What the model is told beyond the inventory and the findings.
   *
   * @param allowedRegistries the scan was given a list of allowed image registries
   */
  public record Options(boolean allowedRegistries) {
    public static Options defaults() {
      return new Options(false);
    }
  }

  /** The model of {@code inventory}, with the shipped catalogue. */
  public static ThreatModel of(Inventory inventory, ScanResult scan, Options options) {
    return of(inventory, scan, options, ThreatCatalogue.shipped());
  }

  public static ThreatModel of(
      Inventory inventory, ScanResult scan, Options options, ThreatCatalogue catalogue) {
    AttackGraph g = AttackGraphs.of(inventory);
    List<BenchResult> bench =
        BenchChecks.evaluate(inventory).results().stream()
            .filter(r -> r.instance().isPresent())
            .toList();
    Set<Need> present = present(inventory, bench, options);
    List<AssessedThreat> threats = new ArrayList<>();
    for (Threat t : catalogue.threats()) {
      threats.add(assess(t, scan, g, bench, present));
    }
    return new ThreatModel(
        scan.inputs(),
        assets(inventory, g, bench),
        actors(g),
        entryPoints(inventory, bench),
        boundaries(g, bench),
        threats,
        dataFlow(inventory, g, bench));
  }

  // ---- status ----

  static Set<Need> present(Inventory inventory, List<BenchResult> bench, Options options) {
    Set<Need> out = EnumSet.noneOf(Need.class);
    for (BenchResult r : bench) {
      switch (r.component()) {
        case APISERVER -> out.add(Need.KUBE_APISERVER);
        case ETCD -> out.add(Need.ETCD);
        case KUBELET -> out.add(Need.KUBELET);
        case SCHEDULER -> out.add(Need.KUBE_SCHEDULER);
        case CONTROLLER_MANAGER -> out.add(Need.KUBE_CONTROLLER_MANAGER);
        case COREDNS -> out.add(Need.COREDNS);
        case PROXY -> {}
      }
    }
    if (inventory.workloads().stream().anyMatch(w -> !w.containers().isEmpty())) {
      out.add(Need.WORKLOADS);
    }
    if (List.of("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding").stream()
        .anyMatch(k -> !inventory.ofKind(k).isEmpty())) {
      out.add(Need.RBAC);
    }
    if (!inventory.ofKind("Namespace").isEmpty()) {
      out.add(Need.NAMESPACES);
    }
    if (options.allowedRegistries()) {
      out.add(Need.ALLOWED_REGISTRIES);
    }
    return out;
  }

  static AssessedThreat assess(
      Threat t, ScanResult scan, AttackGraph g, List<BenchResult> bench, Set<Need> present) {
    List<Evidence> evidence = new ArrayList<>();
    for (Finding f : scan.active()) {
      if (t.checks().contains(f.check().id())) {
        evidence.add(
            new Evidence("finding", f.check().id(), f.message(), Optional.of(f.location())));
      }
    }
    for (Edge e : g.edges()) {
      if (t.techniques().contains(e.technique())) {
        evidence.add(
            new Evidence(
                "edge",
                e.technique(),
                e.from() + " -> " + e.to(),
                e.evidence().stream().findFirst()));
      }
    }
    for (BenchResult r : bench) {
      if (t.benchEntries().contains(r.id())
          && (r.status() == dev.parapet.bench.Status.FAIL
              || r.status() == dev.parapet.bench.Status.WARN)) {
        evidence.add(
            new Evidence(
                "bench",
                r.id(),
                r.component().binary()
                    + " "
                    + r.instance().orElse("")
                    + ": "
                    + r.status()
                    + " "
                    + r.text()
                    + " ("
                    + r.evidence()
                    + ")",
                r.location()));
      }
    }
    if (!evidence.isEmpty()) {
      List<String> counts = new ArrayList<>();
      for (String kind : List.of("finding", "edge", "bench")) {
        long n = evidence.stream().filter(e -> e.kind().equals(kind)).count();
        if (n > 0) {
          counts.add(
              n
                  + switch (kind) {
                    case "finding" -> " finding(s)";
                    case "edge" -> " attack-graph edge(s)";
                    default -> " benchmark result(s)";
                  });
        }
      }
      return new AssessedThreat(
          t, Status.EXPOSED, String.join(", ", counts) + " decide it", evidence);
    }
    List<String> missing =
        t.needs().stream().filter(n -> !present.contains(n)).map(Need::label).toList();
    if (!missing.isEmpty()) {
      return new AssessedThreat(
          t, Status.UNKNOWN, "the input has no " + String.join(", no ", missing), List.of());
    }
    return new AssessedThreat(
        t,
        Status.MITIGATED,
        "nothing that decides it fires on "
            + String.join(", ", t.needs().stream().map(Need::label).toList()),
        List.of());
  }

  // ---- assets ----

  private static List<Asset> assets(Inventory inv, AttackGraph g, List<BenchResult> bench) {
    List<Asset> out = new ArrayList<>();
    out.add(
        new Asset(
            "etcd-data",
            "etcd data",
            "every object of the cluster, Secrets included, as etcd stores it",
            instances(bench, Component.ETCD)));
    List<String> secrets = new ArrayList<>();
    if (!inv.ofKind("Secret").isEmpty()) {
      secrets.add(inv.ofKind("Secret").size() + " Secret object(s)");
    }
    out.add(
        new Asset(
            "secrets",
            "Secrets",
            "credentials, keys and certificates the workloads and the control plane use",
            secrets));
    List<String> tokens =
        g.edges().stream()
            .filter(e -> e.technique().equals("TOKEN_STEAL"))
            .map(Edge::from)
            .distinct()
            .sorted()
            .toList();
    out.add(
        new Asset(
            "service-account-tokens",
            "service-account tokens",
            "the tokens mounted into pods, each one the identity of its service account",
            tokens));
    out.add(
        new Asset(
            "nodes",
            "nodes",
            "root on a node controls every pod on it and the kubelet's credentials",
            g.vertices().stream()
                .filter(v -> v.type() == VertexType.NODE)
                .map(Vertex::id)
                .sorted()
                .toList()));
    List<String> cp = new ArrayList<>();
    for (Component c :
        List.of(Component.APISERVER, Component.CONTROLLER_MANAGER, Component.SCHEDULER)) {
      cp.addAll(instances(bench, c));
    }
    out.add(
        new Asset(
            "control-plane",
            "the control plane",
            "kube-apiserver, kube-controller-manager, kube-scheduler and their credentials",
            cp));
    out.add(
        new Asset(
            "workload-data",
            "workload data",
            "what the applications hold: databases, caches, volumes and their traffic",
            inv.workloads().stream()
                .filter(w -> !w.containers().isEmpty())
                .map(
                    w -> w.object().kind() + " " + w.object().namespace() + "/" + w.object().name())
                .sorted()
                .toList()));
    return out;
  }

  private static List<String> instances(List<BenchResult> bench, Component c) {
    return bench.stream()
        .filter(r -> r.component() == c)
        .map(r -> c.binary() + " " + r.instance().orElseThrow())
        .distinct()
        .sorted()
        .toList();
  }

  // ---- actors ----

  private static List<Actor> actors(AttackGraph g) {
    Predicate<Vertex> target = Paths::isTarget;
    return List.of(
        new Actor(
            "external",
            "end user from outside",
            "anyone on the internet, coming in through the exposed entry points and anonymous"
                + " requests to the API server",
            List.of(Ids.INTERNET, Ids.ANONYMOUS),
            Paths.shortest(g, List.of(Ids.INTERNET, Ids.ANONYMOUS), target)),
        new Actor(
            "internal",
            "internal attacker",
            "code running in a compromised container: a vulnerable application, a malicious image"
                + " or dependency",
            List.of(Ids.ANY_POD),
            Paths.shortest(g, List.of(Ids.ANY_POD), target)),
        new Actor(
            "privileged",
            "privileged attacker",
            "holds credentials the API server accepts, up to an admin's or a control-plane"
                + " component's; the paths start from any authenticated user, an admin already"
                + " holds every crown jewel",
            List.of(Ids.AUTHENTICATED),
            Paths.shortest(g, List.of(Ids.AUTHENTICATED), target)));
  }

  // ---- entry points ----

  private static List<EntryPoint> entryPoints(Inventory inv, List<BenchResult> bench) {
    List<EntryPoint> out = new ArrayList<>();
    Exposure exposure = Exposure.of(inv);
    for (Exposure.Entry e : exposure.entries()) {
      List<String> reaches =
          e.targets().stream()
              .map(
                  t ->
                      exposure
                          .workload(t.group())
                          .map(w -> display(w.object()))
                          .orElse(t.group().display()))
              .distinct()
              .toList();
      out.add(
          new EntryPoint(
              e.kind().label(),
              e.service().map(s -> s + " " + e.address()).orElse(e.address()),
              reaches,
              e.restricted().label(),
              Optional.of(e.location())));
    }
    for (Map.Entry<String, List<BenchResult>> c : byInstance(bench).entrySet()) {
      BenchResult first = c.getValue().get(0);
      Optional<Location> at =
          c.getValue().stream().map(BenchResult::location).flatMap(Optional::stream).findFirst();
      String instance = first.instance().orElseThrow();
      switch (first.component()) {
        case APISERVER ->
            out.add(new EntryPoint("kube-apiserver", "port 6443", List.of(instance), "n/a", at));
        case ETCD ->
            out.add(
                new EntryPoint(
                    "etcd", "port 2379 (clients), 2380 (peers)", List.of(instance), "n/a", at));
        case KUBELET -> {
          out.add(new EntryPoint("kubelet", "port 10250", List.of(instance), "n/a", at));
          boolean readOnlyOff =
              c.getValue().stream()
                  .anyMatch(
                      r -> r.id().equals("4.2.4") && r.status() == dev.parapet.bench.Status.PASS);
          if (!readOnlyOff) {
            out.add(
                new EntryPoint("kubelet", "port 10255 (read-only)", List.of(instance), "n/a", at));
          }
        }
        default -> {}
      }
    }
    return out;
  }

  /** The benchmark's results per component instance, in the order met. */
  private static Map<String, List<BenchResult>> byInstance(List<BenchResult> bench) {
    Map<String, List<BenchResult>> out = new LinkedHashMap<>();
    for (BenchResult r : bench) {
      out.computeIfAbsent(
              r.component().binary() + " " + r.instance().orElseThrow(), k -> new ArrayList<>())
          .add(r);
    }
    return out;
  }

  private static String display(K8sObject o) {
    return o.kind() + " " + (o.namespace().isEmpty() ? "" : o.namespace() + "/") + o.name();
  }

  // ---- trust boundaries ----

  private static List<Boundary> boundaries(AttackGraph g, List<BenchResult> bench) {
    Map<String, Vertex> v = new LinkedHashMap<>();
    g.vertices().forEach(x -> v.put(x.id(), x));
    // control-plane nodes: the graph's stand-in and every node it lets steal admin.conf
    Set<String> cpNodes = new LinkedHashSet<>(List.of(Ids.CONTROL_PLANE_NODE));
    g.edges().stream()
        .filter(e -> e.technique().equals("ADMIN_KUBECONFIG_STEAL"))
        .forEach(e -> cpNodes.add(e.from()));
    // the control plane's own pods sit on its side of the boundary
    Set<String> cpPods = new LinkedHashSet<>();
    bench.forEach(r -> cpPods.add(r.instance().orElseThrow()));
    List<Edge> internet = new ArrayList<>();
    List<Edge> controlPlane = new ArrayList<>();
    List<Edge> nodePod = new ArrayList<>();
    List<Edge> namespaces = new ArrayList<>();
    List<Edge> containerHost = new ArrayList<>();
    for (Edge e : g.edges()) {
      Vertex from = v.get(e.from());
      Vertex to = v.get(e.to());
      if (from.id().equals(Ids.INTERNET) || from.id().equals(Ids.ANONYMOUS)) {
        internet.add(e);
      }
      boolean fromControlPlane =
          cpNodes.contains(from.id())
              || ((from.type() == VertexType.CONTAINER || from.type() == VertexType.POD)
                  && cpPods.contains(from.namespace() + "/" + podName(from.id())));
      if (!fromControlPlane
          && (cpNodes.contains(to.id())
              || (to.id().equals(Ids.ETCD) && from.type() != VertexType.CROWN_JEWEL))) {
        controlPlane.add(e);
      }
      if (from.type() == VertexType.NODE
          && (to.type() == VertexType.VOLUME
              || to.type() == VertexType.POD
              || to.type() == VertexType.CONTAINER)) {
        nodePod.add(e);
      }
      if (from.type() == VertexType.CONTAINER && to.type() == VertexType.NODE) {
        containerHost.add(e);
      }
      if (!from.namespace().isEmpty()
          && !to.namespace().isEmpty()
          && !from.namespace().equals(to.namespace())) {
        namespaces.add(e);
      }
    }
    return List.of(
        new Boundary(
            "internet/cluster",
            "internet / cluster",
            "exposed endpoints (ENDPOINT_EXPOSED) and anonymous requests (ANONYMOUS_ACCESS)",
            internet),
        new Boundary(
            "control-plane/workers",
            "control plane / workers",
            "techniques from outside the control plane that land on a control-plane node or reach etcd",
            controlPlane),
        new Boundary(
            "node/pod",
            "node / pod",
            "root on a node reaching the pods, volumes and tokens on it",
            nodePod),
        new Boundary(
            "namespace/namespace",
            "namespace / namespace",
            "edges between vertices of two namespaces: NETWORK_REACH, exec, token use",
            namespaces),
        new Boundary(
            "container/host",
            "container / host",
            "container escapes to the node (CE_* and EXPLOIT_* edges)",
            containerHost));
  }

  // ---- data flow ----

  private static DataFlow dataFlow(Inventory inv, AttackGraph g, List<BenchResult> bench) {
    Map<String, List<FlowNode>> byNamespace = new TreeMap<>();
    Map<String, String> instanceNode = new LinkedHashMap<>();
    List<FlowNode> control = new ArrayList<>();
    for (Map.Entry<String, List<BenchResult>> c : byInstance(bench).entrySet()) {
      BenchResult r = c.getValue().get(0);
      if (r.component() == Component.PROXY || r.component() == Component.KUBELET) {
        continue;
      }
      String id = "cp:" + c.getKey();
      instanceNode.put(r.instance().orElseThrow(), id);
      control.add(new FlowNode(id, c.getKey(), "control-plane"));
    }
    Set<String> workloads = new LinkedHashSet<>();
    for (Vertex v : g.vertices()) {
      if (v.type() != VertexType.POD) {
        continue;
      }
      String instance = v.namespace() + "/" + v.name();
      if (instanceNode.containsKey(instance)) {
        continue;
      }
      byNamespace
          .computeIfAbsent(v.namespace(), k -> new ArrayList<>())
          .add(new FlowNode(v.id(), v.name(), "workload"));
      workloads.add(v.id());
    }
    List<Zone> zones = new ArrayList<>();
    if (!control.isEmpty()) {
      zones.add(new Zone("control-plane", "control plane", control));
    }
    byNamespace.forEach(
        (ns, nodes) ->
            zones.add(new Zone("ns:" + ns, "namespace " + (ns.isEmpty() ? "(none)" : ns), nodes)));
    List<FlowNode> outside = new ArrayList<>();
    outside.add(new FlowNode("internet", "internet", "internet"));
    Set<Flow> flows = new LinkedHashSet<>();
    Exposure exposure = Exposure.of(inv);
    int n = 0;
    for (Exposure.Entry e : exposure.entries()) {
      String id = "entry:" + (++n);
      outside.add(
          new FlowNode(
              id,
              e.kind().label() + " " + e.service().map(s -> s + " ").orElse("") + e.address(),
              "entry-point"));
      flows.add(new Flow("internet", id, e.kind().label()));
      for (Exposure.Target t : e.targets()) {
        exposure
            .workload(t.group())
            .map(w -> Ids.pod(w.object().kind(), w.object().namespace(), w.object().name()))
            .filter(workloads::contains)
            .ifPresent(p -> flows.add(new Flow(id, p, "restricted: " + t.restricted().label())));
      }
    }
    Optional<String> apiserver =
        control.stream()
            .map(FlowNode::id)
            .filter(i -> i.startsWith("cp:kube-apiserver "))
            .findFirst();
    apiserver.ifPresent(a -> flows.add(new Flow("internet", a, "HTTPS 6443")));
    for (FlowNode c : control) {
      if (apiserver.isEmpty() || c.id().equals(apiserver.get())) {
        continue;
      }
      if (c.id().startsWith("cp:etcd ")) {
        flows.add(new Flow(apiserver.get(), c.id(), "etcd client 2379"));
      } else {
        flows.add(new Flow(c.id(), apiserver.get(), "API calls"));
      }
    }
    // allowed network flows, at workload level, through the shared pod-network vertices too
    Map<String, Set<String>> into = new LinkedHashMap<>();
    Map<String, Set<String>> outOf = new LinkedHashMap<>();
    for (Edge e : g.edges()) {
      if (!e.technique().equals("NETWORK_REACH")) {
        continue;
      }
      String from = podOf(e.from());
      String to = podOf(e.to());
      if (from != null && to != null) {
        if (!from.equals(to) && workloads.contains(from) && workloads.contains(to)) {
          flows.add(new Flow(from, to, "network"));
        }
      } else if (from != null) {
        into.computeIfAbsent(e.to(), k -> new LinkedHashSet<>()).add(from);
      } else if (to != null) {
        outOf.computeIfAbsent(e.from(), k -> new LinkedHashSet<>()).add(to);
      }
    }
    into.forEach(
        (shared, sources) -> {
          for (String s : sources) {
            for (String t : outOf.getOrDefault(shared, Set.of())) {
              if (!s.equals(t) && workloads.contains(s) && workloads.contains(t)) {
                flows.add(new Flow(s, t, "network"));
              }
            }
          }
        });
    return new DataFlow(zones, outside, new ArrayList<>(flows));
  }

  /** The workload name in a pod or container vertex id ({@code pod:Pod:ns/NAME}). */
  private static String podName(String id) {
    String rest = id.substring(id.indexOf('/') + 1);
    return id.startsWith("container:") ? rest.substring(0, rest.lastIndexOf('/')) : rest;
  }

  /** The pod vertex of a container vertex, or null for anything else. */
  private static String podOf(String id) {
    if (!id.startsWith("container:")) {
      return null;
    }
    return "pod:" + id.substring("container:".length(), id.lastIndexOf('/'));
  }
}
