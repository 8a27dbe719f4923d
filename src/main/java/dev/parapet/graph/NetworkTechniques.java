package dev.parapet.graph;

import dev.parapet.model.ContainerView;
import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Location;
import dev.parapet.model.Workload;
import dev.parapet.netpol.Connectivity;
import dev.parapet.netpol.Connectivity.Connection;
import dev.parapet.netpol.Exposure;
import dev.parapet.netpol.IpRange;
import dev.parapet.netpol.PodGroup;
import dev.parapet.netpol.Policy;
import dev.parapet.netpol.PortSet;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.SeqNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Network and exposure techniques, from the netpol engine's answers ({@link Exposure}, {@link
 * Connectivity}): the internet reaching endpoints (LoadBalancer, NodePort and externalIPs Service
 * ports, Ingress backends, host ports, host-network pods) unless policies keep every outside source
 * out; an endpoint leading to the containers that serve it; a container reaching the listening
 * containers that NetworkPolicies let it open connections to; a container reaching the cloud
 * metadata address.
 *
 * <p>Lateral movement is computed per pod group (the engine's {@code PodGrouping}: the pods of one
 * workload are one group) from the bulk matrix ({@link Connectivity#connections()}), and pod groups
 * that reach exactly the same listening containers share one "pod network" vertex, so that an open
 * cluster costs sources plus targets edges rather than their product (see docs/graph.md).
 *
 * <p>The API server is reachable from every pod and is not an edge: what a pod can do there is what
 * its credentials allow, which the RBAC techniques answer.
 */
final class NetworkTechniques implements GraphBuilder {
  static final String EXPOSED = "ENDPOINT_EXPOSED";
  static final String EXPLOIT = "ENDPOINT_EXPLOIT";
  static final String REACH = "NETWORK_REACH";
  static final String METADATA = "CLOUD_METADATA_ACCESS";

  /** The cloud metadata service (169.254.169.254, AWS's fd00:ec2::254), one vertex per graph. */
  static final String CLOUD_METADATA = "endpoint:cloud-metadata";

  /** Prefix of the shared "what these pod groups reach" vertices. */
  static final String POD_NETWORK = "endpoint:pod-network:";

  private static final PortSet METADATA_PORT = PortSet.of(PortSet.Protocol.TCP, 80, 80);
  private static final List<IpRange> METADATA_ADDRESSES =
      List.of(
          IpRange.parseCidr("169.254.169.254/32").orElseThrow(),
          IpRange.parseCidr("fd00:ec2::254/128").orElseThrow());

  /** A container vertex with the ports it declares, each with the field that declares it. */
  private record Container(String id, ContainerView view, List<Port> ports, PortSet declared) {
    static Container of(String id, ContainerView view, List<Port> ports) {
      PortSet out = PortSet.NONE;
      for (Port p : ports) {
        out = out.union(p.set());
      }
      return new Container(id, view, ports, out);
    }
  }

  private record Port(PortSet set, Location at) {}

  /** The POD vertex of a pod group's workload, and its containers. */
  private record Pod(PodGroup group, Workload workload, String id, List<Container> containers) {
    boolean listens() {
      return containers.stream().anyMatch(c -> !c.ports().isEmpty());
    }
  }

  /** One listening container a source may open connections to, on {@code ports}. */
  private record Reach(Pod pod, Container container, PortSet ports) {
    String key() {
      return container.id() + "|" + ports;
    }
  }

  @Override
  public void build(Inventory inventory, AttackGraph.Builder g) {
    Connectivity c = Connectivity.of(inventory);
    Exposure exposure = Exposure.of(inventory);
    Map<PodGroup, Pod> pods = new LinkedHashMap<>();
    for (PodGroup group : c.groups()) {
      exposure.workload(group).ifPresent(w -> pods.put(group, pod(g, group, w)));
    }
    exposures(inventory, exposure, pods, g);
    lateral(c, pods, g);
    metadata(c, pods, g);
  }

  // ---- pods and containers (the workloads builder makes the same vertices first)

  private static Pod pod(AttackGraph.Builder g, PodGroup group, Workload w) {
    K8sObject o = w.object();
    String ns = o.effectiveNamespace();
    String id = Ids.pod(o.kind(), ns, o.name());
    String podName = o.kind() + " " + ns + "/" + o.name();
    g.vertex(new Vertex(id, VertexType.POD, podName, ns, Optional.of(o.location())));
    List<Container> containers = new ArrayList<>();
    for (ContainerView cv : w.containers()) {
      String cid = Ids.container(id, cv.name());
      g.vertex(
          new Vertex(
              cid,
              VertexType.CONTAINER,
              podName + " " + cv.name(),
              ns,
              Optional.of(w.locationOf(cv.node()))));
      if (g.has(Ids.ANY_POD)) {
        g.edge(
            new Edge(
                Ids.ANY_POD,
                cid,
                EntryPoints.FOOTHOLD,
                "any container may be where an attacker first runs code",
                List.of(),
                List.of()));
      }
      containers.add(Container.of(cid, cv, ports(w, cv)));
    }
    return new Pod(group, w, id, List.copyOf(containers));
  }

  private static List<Port> ports(Workload w, ContainerView cv) {
    List<Port> out = new ArrayList<>();
    for (Node n : cv.node().seq("ports").map(SeqNode::items).orElse(List.of())) {
      if (!(n instanceof MapNode p)) {
        continue;
      }
      Optional<Long> number = p.integer("containerPort").filter(v -> v >= 1 && v <= 65535);
      if (number.isEmpty()) {
        continue;
      }
      PortSet.Protocol proto;
      try {
        proto = PortSet.Protocol.valueOf(p.string("protocol").orElse("TCP"));
      } catch (IllegalArgumentException e) {
        continue;
      }
      int port = number.get().intValue();
      out.add(
          new Port(PortSet.of(proto, port, port), w.locationOf(p.get("containerPort").orElse(p))));
    }
    return List.copyOf(out);
  }

  /**
   * The containers of a pod that receive traffic on {@code ports}: those declaring one of them;
   * when none does (a numbered targetPort need not be declared, a host-network pod may listen on
   * anything), every regular container, as any of them may be the one listening.
   */
  private static List<Container> serving(Pod pod, PortSet ports) {
    List<Container> out =
        pod.containers().stream().filter(c -> !c.declared().intersect(ports).isEmpty()).toList();
    if (!out.isEmpty()) {
      return out;
    }
    return pod.containers().stream()
        .filter(c -> c.view().type() == ContainerView.Type.CONTAINER)
        .toList();
  }

  private static List<Location> portFields(Container c, PortSet ports) {
    return c.ports().stream()
        .filter(p -> !p.set().intersect(ports).isEmpty())
        .map(Port::at)
        .toList();
  }

  // ---- the internet and endpoints

  private static void exposures(
      Inventory inventory, Exposure exposure, Map<PodGroup, Pod> pods, AttackGraph.Builder g) {
    Map<String, K8sObject> ingresses = new HashMap<>();
    for (K8sObject i : inventory.ofKind("Ingress")) {
      ingresses.put(i.file() + "#" + i.documentIndex(), i);
    }
    for (Exposure.Entry e : exposure.entries()) {
      List<Exposure.Target> open =
          e.targets().stream()
              .filter(
                  t -> t.restricted() != Exposure.Restriction.YES && pods.containsKey(t.group()))
              .toList();
      if (open.isEmpty()) {
        // nothing from outside gets in (policies admit no source), or it reaches no pod
        continue;
      }
      Optional<String> id = endpointId(e, ingresses);
      if (id.isEmpty()) {
        continue;
      }
      String name =
          e.kind().label() + " " + e.address() + e.service().map(s -> " (" + s + ")").orElse("");
      String ns = open.get(0).group().namespace();
      g.vertex(new Vertex(id.get(), VertexType.ENDPOINT, name, ns, Optional.of(e.location())));
      List<Location> evidence = new ArrayList<>();
      evidence.add(e.location());
      boolean partial =
          open.stream().anyMatch(t -> t.restricted() == Exposure.Restriction.PARTIALLY);
      if (partial) {
        for (Policy p : e.policies()) {
          evidence.add(p.object().location());
        }
      }
      g.edge(
          new Edge(
              Ids.INTERNET,
              id.get(),
              EXPOSED,
              name
                  + " accepts connections from outside the cluster ("
                  + what(e.kind())
                  + "); "
                  + (partial
                      ? "NetworkPolicies admit only some outside sources or ports ("
                          + String.join(", ", e.policies().stream().map(Exposure::name).toList())
                          + ")"
                      : e.kind() == Exposure.Kind.HOST_NETWORK
                          ? "NetworkPolicy does not apply to the host network"
                          : "no NetworkPolicy keeps outside sources out")
                  + notes(e),
              evidence,
              fixedBy(e.kind())));
      for (Exposure.Target t : open) {
        Pod pod = pods.get(t.group());
        if (apiServer(pod)) {
          // reaching the API server is not exploiting it: what a caller can do there is what its
          // credentials allow (the RBAC techniques and the anonymous entry point)
          continue;
        }
        for (Container c : serving(pod, t.ports())) {
          List<Location> ev = new ArrayList<>();
          ev.add(e.location());
          ev.addAll(portFields(c, t.ports()));
          g.edge(
              new Edge(
                  id.get(),
                  c.id(),
                  EXPLOIT,
                  "traffic to "
                      + name
                      + " arrives at "
                      + t.group().display()
                      + " on "
                      + (t.ports().isAll() ? "any port" : t.ports())
                      + ", served by container "
                      + c.view().name()
                      + (c.ports().isEmpty() ? " (no port declared: any may listen)" : ""),
                  ev,
                  List.of()));
        }
      }
    }
  }

  private static String notes(Exposure.Entry e) {
    return e.notes().isEmpty() ? "" : " [" + String.join("; ", e.notes()) + "]";
  }

  private static String what(Exposure.Kind k) {
    return switch (k) {
      case LOAD_BALANCER -> "a Service of type LoadBalancer";
      case NODE_PORT -> "a Service of type NodePort, on every node";
      case EXTERNAL_IP -> "an address of the Service's externalIPs";
      case INGRESS -> "an Ingress backend, through the ingress controller";
      case HOST_PORT -> "a container port bound to the node's hostPort";
      case HOST_NETWORK -> "a pod on the node's network, with the node's addresses";
    };
  }

  private static List<String> fixedBy(Exposure.Kind k) {
    return switch (k) {
      case LOAD_BALANCER, NODE_PORT -> List.of("EXP-001", "NET-009");
      case EXTERNAL_IP -> List.of("EXP-003", "NET-009");
      case INGRESS -> List.of("NET-009");
      case HOST_PORT -> List.of("PSS-006");
      case HOST_NETWORK -> List.of("PSS-002");
    };
  }

  /**
   * The endpoint vertex of an entry: a Service port is one endpoint whatever exposes it
   * (LoadBalancer, node port, external IP); an Ingress backend is its host and path; a host port or
   * a host-network pod belongs to its workload.
   */
  private static Optional<String> endpointId(Exposure.Entry e, Map<String, K8sObject> ingresses) {
    switch (e.kind()) {
      case LOAD_BALANCER, NODE_PORT, EXTERNAL_IP -> {
        // namespace/name:port
        String s = e.service().orElse("");
        int slash = s.indexOf('/');
        int colon = s.lastIndexOf(':');
        if (slash < 0 || colon < slash) {
          return Optional.empty();
        }
        return Optional.of(
            Ids.endpoint(
                s.substring(0, slash), s.substring(slash + 1, colon), s.substring(colon + 1)));
      }
      case INGRESS -> {
        K8sObject ing = ingresses.get(e.location().file() + "#" + e.location().documentIndex());
        if (ing == null) {
          return Optional.empty();
        }
        String address = e.address();
        int type = address.indexOf(" (");
        if (type > 0 && !address.startsWith("* (")) {
          address = address.substring(0, type);
        }
        return Optional.of(
            Ids.endpoint(ing.effectiveNamespace(), ing.name() + "[Ingress]", address));
      }
      default -> {
        PodGroup group = e.targets().get(0).group();
        String owner = group.owner() + "[" + group.kind() + "]";
        String port =
            e.kind() == Exposure.Kind.HOST_NETWORK
                ? "hostNetwork"
                : "hostPort:" + e.address().replaceFirst("^node:", "");
        return Optional.of(Ids.endpoint(group.namespace(), owner, port));
      }
    }
  }

  // ---- lateral movement between containers

  private static void lateral(Connectivity c, Map<PodGroup, Pod> pods, AttackGraph.Builder g) {
    Map<PodGroup, Pod> listeners = new HashMap<>();
    pods.forEach(
        (group, pod) -> {
          if (pod.listens() && !apiServer(pod)) {
            listeners.put(group, pod);
          }
        });
    if (listeners.isEmpty()) {
      return;
    }
    // what each source group may open to each listening container, from the bulk matrix
    Map<PodGroup, Map<String, Reach>> rows = new HashMap<>();
    for (Connection conn : c.connections()) {
      if (conn.src() instanceof PodGroup src
          && conn.dst() instanceof PodGroup dst
          && pods.containsKey(src)
          && listeners.containsKey(dst)) {
        addReach(rows, src, listeners.get(dst), conn.ports());
      }
    }
    // the matrix leaves out a group to itself (another replica); include it so that the rows of an
    // open cluster stay equal and share one vertex
    for (Pod pod : listeners.values()) {
      addReach(rows, pod.group(), pod, c.allowed(pod.group(), pod.group()));
    }
    // sources that reach exactly the same containers on the same ports share a vertex
    List<PodGroup> sources = new ArrayList<>(rows.keySet());
    sources.sort(Comparator.comparing(PodGroup::display));
    Map<List<String>, List<Pod>> byRow = new LinkedHashMap<>();
    Map<List<String>, List<Reach>> reachOf = new HashMap<>();
    for (PodGroup src : sources) {
      // keys computed once: a comparator calling key() would rebuild them n log n times
      Map<String, Reach> byKey = new java.util.TreeMap<>();
      for (Reach r : rows.get(src).values()) {
        byKey.put(r.key(), r);
      }
      List<Reach> reach = List.copyOf(byKey.values());
      List<String> key = List.copyOf(byKey.keySet());
      byRow.computeIfAbsent(key, k -> new ArrayList<>()).add(pods.get(src));
      reachOf.putIfAbsent(key, reach);
    }
    for (Map.Entry<List<String>, List<Pod>> row : byRow.entrySet()) {
      List<Pod> members = row.getValue();
      List<Reach> reach = reachOf.get(row.getKey());
      long from = members.stream().mapToLong(p -> p.containers().size()).sum();
      if (from * reach.size() <= from + reach.size()) {
        for (Pod src : members) {
          for (Reach r : reach) {
            direct(c, g, src, r);
          }
        }
      } else {
        shared(c, g, members, reach);
      }
    }
  }

  /**
   * Whether a pod is the API server, which every pod reaches by design: not an edge, as what a pod
   * can do there is what its credentials allow (the RBAC techniques), not an exploit of the server.
   */
  private static boolean apiServer(Pod pod) {
    return pod.group().namespace().equals("kube-system")
        && ("kube-apiserver".equals(pod.group().labels().get("component"))
            || pod.containers().stream().anyMatch(c -> c.view().name().equals("kube-apiserver")));
  }

  private static void addReach(
      Map<PodGroup, Map<String, Reach>> rows, PodGroup src, Pod dst, PortSet allowed) {
    if (allowed.isEmpty()) {
      return;
    }
    for (Container target : dst.containers()) {
      PortSet p = target.declared().intersect(allowed);
      if (!p.isEmpty()) {
        Reach r = new Reach(dst, target, p);
        rows.computeIfAbsent(src, k -> new HashMap<>()).put(target.id(), r);
      }
    }
  }

  private static void direct(Connectivity c, AttackGraph.Builder g, Pod src, Reach r) {
    List<Location> evidence = new ArrayList<>();
    evidence.addAll(egressRules(c, src.group(), List.of(r)));
    evidence.addAll(ingressRules(c, List.of(src.group()), r));
    evidence.addAll(portFields(r.container(), r.ports()));
    String why =
        src.group().display()
            + " may open "
            + r.ports()
            + " to "
            + r.pod().group().display()
            + ", where container "
            + r.container().view().name()
            + " listens: "
            + egressWhy(c, src.group())
            + "; "
            + ingressWhy(c, r.pod().group());
    for (Container from : src.containers()) {
      if (!from.id().equals(r.container().id())) {
        g.edge(new Edge(from.id(), r.container().id(), REACH, why, evidence, reachFixes()));
      }
    }
  }

  private static void shared(
      Connectivity c, AttackGraph.Builder g, List<Pod> members, List<Reach> reach) {
    PodGroup first = members.get(0).group();
    String hub = POD_NETWORK + first.display();
    String name =
        "the listening containers "
            + first.display()
            + (members.size() > 1 ? " and " + (members.size() - 1) + " other pod groups" : "")
            + " may reach";
    g.vertex(new Vertex(hub, VertexType.ENDPOINT, name, "", Optional.empty()));
    for (Pod src : members) {
      List<Location> evidence = egressRules(c, src.group(), reach);
      String why =
          src.group().display()
              + " may open connections to "
              + reach.size()
              + " listening containers (the same as "
              + (members.size() - 1)
              + " other pod groups): "
              + egressWhy(c, src.group());
      for (Container from : src.containers()) {
        g.edge(new Edge(from.id(), hub, REACH, why, evidence, reachFixes()));
      }
    }
    for (Reach r : reach) {
      // the rules admitting the first member stand for all: every member has the same row
      List<Location> evidence = new ArrayList<>(ingressRules(c, List.of(first), r));
      evidence.addAll(portFields(r.container(), r.ports()));
      g.edge(
          new Edge(
              hub,
              r.container().id(),
              REACH,
              "container "
                  + r.container().view().name()
                  + " of "
                  + r.pod().group().display()
                  + " listens on "
                  + r.ports()
                  + ", which "
                  + first.display()
                  + (members.size() > 1 ? " and the other pod groups here" : "")
                  + " may open: "
                  + ingressWhy(c, r.pod().group()),
              evidence,
              reachFixes()));
    }
  }

  private static List<String> reachFixes() {
    return List.of("NET-001", "NET-002", "NET-003");
  }

  private static String egressWhy(Connectivity c, PodGroup src) {
    List<Policy> ps = c.egressPolicies(src);
    return ps.isEmpty()
        ? "no NetworkPolicy selects the source for egress"
        : "the egress policies selecting the source (" + policyNames(ps) + ") admit it";
  }

  private static String ingressWhy(Connectivity c, PodGroup dst) {
    List<Policy> ps = c.ingressPolicies(dst);
    return ps.isEmpty()
        ? "no NetworkPolicy selects the destination for ingress"
        : "the ingress policies selecting the destination (" + policyNames(ps) + ") admit it";
  }

  private static String policyNames(List<Policy> ps) {
    return String.join(", ", ps.stream().map(Exposure::name).toList());
  }

  /** The egress rules of {@code src}'s policies that admit some of the targets on their ports. */
  private static List<Location> egressRules(Connectivity c, PodGroup src, List<Reach> reach) {
    Set<Location> out = new LinkedHashSet<>();
    Set<PodGroup> targets = new LinkedHashSet<>();
    reach.forEach(r -> targets.add(r.pod().group()));
    for (Policy p : c.egressPolicies(src)) {
      for (Policy.Rule rule : p.egress()) {
        for (PodGroup t : targets) {
          if ((rule.anyPeer() || rule.peers().stream().anyMatch(s -> c.matches(p, s, t)))
              && !Connectivity.ports(rule, t).isEmpty()) {
            out.add(rule.location());
            break;
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /** The ingress rules of the target's policies that admit one of {@code sources} on its ports. */
  private static List<Location> ingressRules(Connectivity c, List<PodGroup> sources, Reach r) {
    Set<Location> out = new LinkedHashSet<>();
    PodGroup dst = r.pod().group();
    for (Policy p : c.ingressPolicies(dst)) {
      for (Policy.Rule rule : p.ingress()) {
        if (Connectivity.ports(rule, dst).intersect(r.ports()).isEmpty()) {
          continue;
        }
        for (PodGroup s : sources) {
          if (rule.anyPeer() || rule.peers().stream().anyMatch(spec -> c.matches(p, spec, s))) {
            out.add(rule.location());
            break;
          }
        }
      }
    }
    return List.copyOf(out);
  }

  // ---- the cloud metadata service

  private static String address(IpRange r) {
    return r.v6() ? "fd00:ec2::254" : "169.254.169.254";
  }

  private static void metadata(Connectivity c, Map<PodGroup, Pod> pods, AttackGraph.Builder g) {
    for (Pod pod : pods.values()) {
      PodGroup group = pod.group();
      List<Location> evidence = new ArrayList<>();
      String why;
      List<String> fixedBy;
      if (group.hostNetwork()) {
        why =
            group.display()
                + " is on the node's network (hostNetwork: true): NetworkPolicy does not apply,"
                + " and the node itself may reach the metadata service";
        pod.workload()
            .podSpec()
            .flatMap(s -> s.get("hostNetwork"))
            .ifPresent(n -> evidence.add(pod.workload().locationOf(n)));
        fixedBy = List.of("PSS-002");
      } else {
        Optional<IpRange> open =
            METADATA_ADDRESSES.stream()
                .filter(a -> !c.allowed(group, a).intersect(METADATA_PORT).isEmpty())
                .findFirst();
        if (open.isEmpty()) {
          continue;
        }
        List<Policy> egress = c.egressPolicies(group);
        if (egress.isEmpty()) {
          why =
              group.display()
                  + " may open TCP 80 to "
                  + address(open.get())
                  + ": no NetworkPolicy selects it for egress";
          evidence.add(
              pod.workload()
                  .locationOf(
                      pod.workload()
                          .podMetadata()
                          .map(m -> (Node) m)
                          .orElse(pod.workload().podAnchor())));
        } else {
          for (Policy p : egress) {
            for (Policy.Rule rule : p.egress()) {
              if (!Connectivity.ports(rule, open.get()).intersect(METADATA_PORT).isEmpty()
                  && (rule.anyPeer()
                      || rule.peers().stream().anyMatch(s -> c.matches(p, s, open.get())))) {
                evidence.add(rule.location());
              }
            }
          }
          why =
              group.display()
                  + " may open TCP 80 to "
                  + address(open.get())
                  + ": egress rules of "
                  + policyNames(egress)
                  + " admit it";
        }
        fixedBy = List.of("NET-008", "NET-002");
      }
      if (!g.has(CLOUD_METADATA)) {
        g.vertex(
            new Vertex(
                CLOUD_METADATA,
                VertexType.ENDPOINT,
                "the cloud metadata service (http://169.254.169.254/)",
                "",
                Optional.empty()));
      }
      for (Container from : pod.containers()) {
        g.edge(new Edge(from.id(), CLOUD_METADATA, METADATA, why, evidence, fixedBy));
      }
    }
  }
}
