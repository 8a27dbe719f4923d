package dev.parapet.netpol;

import dev.parapet.model.ContainerView;
import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Location;
import dev.parapet.model.Workload;
import dev.parapet.netpol.Connectivity.Connection;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What can be reached from outside the cluster, and whether NetworkPolicies restrict it: Services
 * of type LoadBalancer or NodePort and Services with externalIPs, Ingress rules and default
 * backends (through the ingress controller), pods on the host network and container host ports.
 * Each entry is resolved to the pod groups it reaches, with the target ports, and carries the
 * location of the field that creates it.
 *
 * <p>Whether policies restrict an entry is asked of {@link Connectivity}: for Ingress traffic the
 * source is the {@link IngressController}; for the other kinds it is every external IPv4 range the
 * policies tell apart. What a policy really sees for LoadBalancer, NodePort and externalIPs traffic
 * depends on {@code externalTrafficPolicy}: {@code Local} keeps the client's address, {@code
 * Cluster} (the default) hands the pod a node's address instead; the answer here assumes the
 * client's address and the entry says when that may not hold. Pods on the host network are outside
 * NetworkPolicy in common CNIs, so their entries are never reported as restricted, even though the
 * matrix applies policies to them as netpol-analyzer does.
 */
public final class Exposure {
  /** How an entry is reached from outside. */
  public enum Kind {
    LOAD_BALANCER("LoadBalancer"),
    NODE_PORT("NodePort"),
    EXTERNAL_IP("ExternalIP"),
    INGRESS("Ingress"),
    HOST_NETWORK("HostNetwork"),
    HOST_PORT("HostPort");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Whether NetworkPolicies restrict the traffic an entry lets in. */
  public enum Restriction {
    /** Nothing restricts it: no policy isolates the pods, or the policies admit every source. */
    NO("no"),
    /** Some sources or some of the ports are admitted, others are not. */
    PARTIALLY("partially"),
    /** No source from outside is admitted on any exposed port. */
    YES("yes"),
    /** The entry reaches no pod of the input (a Service without selector, or no match). */
    UNKNOWN("unknown");

    private final String label;

    Restriction(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * A pod group an entry reaches: the ports traffic arrives on at the pods, whether policies
   * restrict that traffic, and the policies that select the group for ingress (empty when it is
   * open, and for pods on the host network, where they do not apply).
   */
  public record Target(
      PodGroup group, PortSet ports, Restriction restricted, List<Policy> policies) {
    public Target {
      policies = List.copyOf(policies);
    }
  }

  /**
   * One way in. {@code address} is where traffic arrives (an address or node port, a host and path,
   * a node's ports); {@code service} is {@code namespace/name:port} when a Service carries it;
   * {@code location} is the field that creates the entry; {@code notes} say what the reader should
   * know (no selector, internal load balancer, source ranges, TLS, what policies see).
   */
  public record Entry(
      Kind kind,
      String address,
      Optional<String> service,
      Location location,
      List<Target> targets,
      List<String> notes) {
    public Entry {
      targets = List.copyOf(targets);
      notes = List.copyOf(notes);
    }

    /** The entry's targets taken together: unknown without any, else their common answer. */
    public Restriction restricted() {
      if (targets.isEmpty()) {
        return Restriction.UNKNOWN;
      }
      Restriction first = targets.get(0).restricted();
      return targets.stream().allMatch(t -> t.restricted() == first)
          ? first
          : Restriction.PARTIALLY;
    }

    /** The policies that select any target for ingress, in order, each once. */
    public List<Policy> policies() {
      Map<K8sObject, Policy> out = new LinkedHashMap<>();
      targets.forEach(t -> t.policies().forEach(p -> out.putIfAbsent(p.object(), p)));
      return List.copyOf(out.values());
    }
  }

  /** Annotations with which cloud providers make a load balancer internal, with their value. */
  private static final Map<String, String> INTERNAL_LB =
      Map.of(
          "service.beta.kubernetes.io/aws-load-balancer-internal", "true",
          "service.beta.kubernetes.io/aws-load-balancer-scheme", "internal",
          "service.beta.kubernetes.io/azure-load-balancer-internal", "true",
          "networking.gke.io/load-balancer-type", "Internal",
          "cloud.google.com/load-balancer-type", "Internal",
          "service.beta.kubernetes.io/oci-load-balancer-internal", "true",
          "service.beta.kubernetes.io/openstack-internal-load-balancer", "true",
          "service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type", "private",
          "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type", "intranet");

  private static final Set<String> INGRESS_GROUPS = Set.of("networking.k8s.io", "extensions");

  private final Connectivity connectivity;
  private final Map<String, Workload> workloads;
  private final Map<String, List<PodGroup>> groupsByNamespace;
  private final List<Entry> entries;

  private Exposure(Inventory inventory) {
    this.connectivity = Connectivity.of(inventory);
    this.workloads = connectivity.workloads();
    Map<String, List<PodGroup>> byNamespace = new HashMap<>();
    for (PodGroup g : connectivity.groups()) {
      byNamespace.computeIfAbsent(g.namespace(), k -> new ArrayList<>()).add(g);
    }
    byNamespace.replaceAll((k, v) -> List.copyOf(v));
    this.groupsByNamespace = Map.copyOf(byNamespace);
    List<Entry> out = new ArrayList<>();
    Map<String, K8sObject> services = new HashMap<>();
    for (K8sObject s : inventory.ofKind("Service")) {
      if (s.group().isEmpty()) {
        services.putIfAbsent(s.effectiveNamespace() + "/" + s.name(), s);
        service(s, out);
      }
    }
    for (K8sObject i : inventory.ofKind("Ingress")) {
      if (INGRESS_GROUPS.contains(i.group())) {
        ingress(i, services, out);
      }
    }
    for (PodGroup g : connectivity.groups()) {
      Workload w = workloads.get(g.display());
      if (w != null) {
        host(g, w, out);
      }
    }
    // stable: entries of one field (an external IP) keep the order of the Service's ports
    out.sort(
        Comparator.comparing((Entry e) -> e.location().file())
            .thenComparingInt(e -> e.location().documentIndex())
            .thenComparingInt(e -> e.location().line())
            .thenComparingInt(e -> e.location().column()));
    this.entries = List.copyOf(out);
  }

  /** The exposure of an inventory, computed once and shared through {@link Inventory#derived}. */
  public static Exposure of(Inventory inventory) {
    return inventory.derived(Exposure.class, Exposure::new);
  }

  /** Every entry, in the order of the fields that create them (file, line, column). */
  public List<Entry> entries() {
    return entries;
  }

  /** The workload whose pod template makes {@code group}, if the input has it. */
  public Optional<Workload> workload(PodGroup group) {
    return Optional.ofNullable(workloads.get(group.display()));
  }

  /**
   * Traffic entering through an Ingress, as connections from the {@link IngressController}: to each
   * workload behind an Ingress backend, the TCP target ports the backends lead to that the
   * workload's ingress policies admit from the controller. Sorted by destination.
   */
  public List<Connection> ingressConnections() {
    Map<PodGroup, PortSet> ports = new LinkedHashMap<>();
    for (Entry e : entries) {
      if (e.kind() == Kind.INGRESS) {
        for (Target t : e.targets()) {
          ports.merge(t.group(), t.ports(), PortSet::union);
        }
      }
    }
    List<Connection> out = new ArrayList<>();
    ports.forEach(
        (g, p) -> {
          PortSet allowed = connectivity.allowed(IngressController.POD, g).intersect(p);
          if (!allowed.isEmpty()) {
            out.add(new Connection(IngressController.INSTANCE, g, allowed));
          }
        });
    out.sort(Comparator.comparing(c -> c.dst().display()));
    return List.copyOf(out);
  }

  // ---- Services

  private void service(K8sObject svc, List<Entry> out) {
    Optional<MapNode> spec = svc.root().map("spec");
    if (spec.isEmpty()) {
      return;
    }
    String type = spec.get().string("type").orElse("ClusterIP");
    List<ScalarNode> externalIps = new ArrayList<>();
    for (Node n : items(spec.get().seq("externalIPs"))) {
      if (n instanceof ScalarNode s && !s.isNull() && !s.value().isBlank()) {
        externalIps.add(s);
      }
    }
    boolean lb = type.equals("LoadBalancer");
    boolean nodePort = type.equals("NodePort");
    if (!lb && !nodePort && externalIps.isEmpty() || type.equals("ExternalName")) {
      return;
    }
    String ns = svc.effectiveNamespace();
    Optional<Map<String, String>> selector =
        spec.get().map("selector").map(m -> K8sObject.stringMap(Optional.of(m)));
    List<PodGroup> selected =
        selector.filter(s -> !s.isEmpty()).map(s -> selected(ns, s)).orElse(List.of());
    List<String> common = new ArrayList<>();
    if (selector.filter(s -> !s.isEmpty()).isEmpty()) {
      common.add("the Service has no selector: its endpoints are managed outside it");
    } else if (selected.isEmpty()) {
      common.add("the Service's selector matches no pod of the input");
    }
    boolean local = spec.get().string("externalTrafficPolicy").orElse("Cluster").equals("Local");
    String trafficNote =
        local
            ? "externalTrafficPolicy Local: policies see the client's address"
            : "externalTrafficPolicy Cluster: policies may see a node's address instead of the"
                + " client's";
    for (MapNode port : maps(spec.get().seq("ports"))) {
      Optional<Long> number = port.integer("port");
      if (number.isEmpty()) {
        continue;
      }
      String proto = port.string("protocol").orElse("TCP");
      String portLabel = number.get() + "/" + proto;
      String service =
          ns + "/" + svc.name() + ":" + port.string("name").orElse(Long.toString(number.get()));
      List<String> unresolved = new ArrayList<>();
      List<Target> targets = new ArrayList<>();
      for (PodGroup g : selected) {
        PortSet p = targetPorts(port, g, unresolved);
        if (!p.isEmpty()) {
          targets.add(externalTarget(g, p));
        }
      }
      List<String> notes = new ArrayList<>(common);
      notes.addAll(unresolved);
      if (lb) {
        List<String> lbNotes = new ArrayList<>(notes);
        internalLb(svc).ifPresent(a -> lbNotes.add("internal load balancer (" + a + ")"));
        List<String> ranges = strings(spec.get().seq("loadBalancerSourceRanges"));
        if (!ranges.isEmpty()) {
          lbNotes.add("loadBalancerSourceRanges " + String.join(", ", ranges));
        }
        if (!spec.get().bool("allocateLoadBalancerNodePorts").orElse(true)) {
          lbNotes.add("no node ports allocated");
        } else {
          lbNotes.add(
              "also on every node's port "
                  + port.string("nodePort").orElse("(allocated)")
                  + "/"
                  + proto);
        }
        lbNotes.add(trafficNote);
        out.add(
            new Entry(
                Kind.LOAD_BALANCER,
                lbAddress(svc, spec.get()) + ":" + portLabel,
                Optional.of(service),
                svc.locationOf(port),
                targets,
                lbNotes));
      } else if (nodePort) {
        List<String> npNotes = new ArrayList<>(notes);
        npNotes.add(trafficNote);
        Node at = port.get("nodePort").orElse(port);
        out.add(
            new Entry(
                Kind.NODE_PORT,
                "node:" + port.string("nodePort").orElse("(allocated)") + "/" + proto,
                Optional.of(service),
                svc.locationOf(at),
                targets,
                npNotes));
      }
      for (ScalarNode ip : externalIps) {
        List<String> ipNotes = new ArrayList<>(notes);
        ipNotes.add(trafficNote);
        out.add(
            new Entry(
                Kind.EXTERNAL_IP,
                ip.value() + ":" + portLabel,
                Optional.of(service),
                svc.locationOf(ip),
                targets,
                ipNotes));
      }
    }
  }

  private static String lbAddress(K8sObject svc, MapNode spec) {
    List<String> seen = new ArrayList<>();
    spec.string("loadBalancerIP").filter(s -> !s.isBlank()).ifPresent(seen::add);
    for (MapNode i :
        maps(
            svc.root()
                .map("status")
                .flatMap(s -> s.map("loadBalancer"))
                .flatMap(l -> l.seq("ingress")))) {
      i.string("ip").or(() -> i.string("hostname")).ifPresent(seen::add);
    }
    return seen.isEmpty() ? "*" : String.join(",", seen);
  }

  private static Optional<String> internalLb(K8sObject svc) {
    Map<String, String> annotations = svc.annotations();
    return INTERNAL_LB.entrySet().stream()
        .filter(e -> e.getValue().equalsIgnoreCase(annotations.get(e.getKey())))
        .map(Map.Entry::getKey)
        .sorted()
        .findFirst();
  }

  /** The groups of {@code namespace} whose labels include every pair of a Service selector. */
  private List<PodGroup> selected(String namespace, Map<String, String> selector) {
    List<PodGroup> out = new ArrayList<>();
    for (PodGroup g : groupsByNamespace.getOrDefault(namespace, List.of())) {
      if (selector.entrySet().stream()
          .allMatch(e -> e.getValue().equals(g.labels().get(e.getKey())))) {
        out.add(g);
      }
    }
    return out;
  }

  /**
   * The port a Service port forwards to on {@code group}: targetPort as a number, or as a name
   * resolved against the group's container ports of the same protocol; the port itself when
   * targetPort is absent. An unresolved name reaches nothing (the endpoints controller leaves such
   * pods out) and is noted.
   */
  private static PortSet targetPorts(MapNode port, PodGroup group, List<String> notes) {
    PortSet.Protocol proto;
    try {
      proto = PortSet.Protocol.valueOf(port.string("protocol").orElse("TCP"));
    } catch (IllegalArgumentException e) {
      return PortSet.NONE;
    }
    Optional<ScalarNode> target = port.scalar("targetPort").filter(s -> !s.isNull());
    if (target.isEmpty()) {
      int n = port.integer("port").orElse(0L).intValue();
      return PortSet.of(proto, n, n);
    }
    Optional<Long> number = target.get().asLong();
    if (number.isPresent()) {
      return PortSet.of(proto, number.get().intValue(), number.get().intValue());
    }
    String name = target.get().value();
    for (PodGroup.NamedPort np : group.namedPorts()) {
      if (np.name().equals(name) && np.protocol() == proto) {
        return PortSet.of(proto, np.port(), np.port());
      }
    }
    if (name.chars().allMatch(Character::isDigit)) {
      // a quoted number is a string: the API server takes it as a port name and rejects it, as a
      // name must hold a letter (IANA_SVC_NAME)
      notes.add(
          "targetPort \""
              + name
              + "\" is a string, not a number: the API server rejects it (a port name needs a"
              + " letter); write it unquoted");
      return PortSet.NONE;
    }
    notes.add(
        "targetPort "
            + name
            + " names no "
            + proto
            + " container port of "
            + group.display()
            + ": it receives nothing");
    return PortSet.NONE;
  }

  /** A target reached from outside addresses: restricted as the external ranges are admitted. */
  private Target externalTarget(PodGroup g, PortSet ports) {
    List<Policy> policies = connectivity.ingressPolicies(g);
    if (policies.isEmpty()) {
      return new Target(g, ports, Restriction.NO, policies);
    }
    boolean any = false;
    boolean all = true;
    for (IpRange r : connectivity.externalSources()) {
      PortSet admitted = connectivity.allowed(r, g).intersect(ports);
      any |= !admitted.isEmpty();
      all &= admitted.equals(ports);
    }
    return new Target(g, ports, restriction(any, all), policies);
  }

  private static Restriction restriction(boolean any, boolean all) {
    return all ? Restriction.NO : any ? Restriction.PARTIALLY : Restriction.YES;
  }

  // ---- Ingress

  private void ingress(K8sObject ing, Map<String, K8sObject> services, List<Entry> out) {
    Optional<MapNode> spec = ing.root().map("spec");
    if (spec.isEmpty()) {
      return;
    }
    String ns = ing.effectiveNamespace();
    List<String> tlsHosts = new ArrayList<>();
    boolean tlsAll = false;
    for (MapNode t : maps(spec.get().seq("tls"))) {
      List<String> hosts = strings(t.seq("hosts"));
      tlsAll |= hosts.isEmpty();
      hosts.forEach(h -> tlsHosts.add(h.toLowerCase(Locale.ROOT)));
    }
    Optional<MapNode> defaultBackend =
        spec.get().map("defaultBackend").or(() -> spec.get().map("backend"));
    if (defaultBackend.isPresent()) {
      backend(ing, ns, defaultBackend.get(), "*", "(default backend)", tlsAll, services, out);
    }
    for (MapNode rule : maps(spec.get().seq("rules"))) {
      String host = rule.string("host").filter(h -> !h.isBlank()).orElse("*");
      boolean tls = tlsAll || !host.equals("*") && covers(tlsHosts, host);
      for (MapNode path : maps(rule.map("http").flatMap(h -> h.seq("paths")))) {
        Optional<MapNode> backend = path.map("backend");
        if (backend.isEmpty()) {
          continue;
        }
        String p = path.string("path").filter(s -> !s.isBlank()).orElse("/");
        String type = path.string("pathType").map(t -> " (" + t + ")").orElse("");
        backend(ing, ns, backend.get(), host, p + type, tls, services, out);
      }
    }
  }

  private void backend(
      K8sObject ing,
      String ns,
      MapNode backend,
      String host,
      String path,
      boolean tls,
      Map<String, K8sObject> services,
      List<Entry> out) {
    // v1: backend.service.{name, port.{number|name}}; v1beta1: backend.{serviceName, servicePort}
    Optional<String> name =
        backend
            .map("service")
            .flatMap(s -> s.string("name"))
            .or(() -> backend.string("serviceName"));
    String address = host.equals("*") && path.startsWith("(") ? "* " + path : host + path;
    List<String> notes = new ArrayList<>();
    notes.add(tls ? "TLS" : "plain HTTP (no tls entry covers the host)");
    if (name.isEmpty()) {
      // the API requires exactly one of service (with a name) and resource in a backend
      notes.add(
          backend.get("resource").filter(r -> r instanceof MapNode).isPresent()
              ? "the backend is not a Service (a resource backend): not followed"
              : "the backend names no Service (service.name is missing; the API would reject"
                  + " it): reaches nothing");
      out.add(
          new Entry(
              Kind.INGRESS, address, Optional.empty(), ing.locationOf(backend), List.of(), notes));
      return;
    }
    Optional<ScalarNode> portField =
        backend
            .map("service")
            .flatMap(s -> s.map("port"))
            .flatMap(p -> p.scalar("number").or(() -> p.scalar("name")))
            .or(() -> backend.scalar("servicePort"))
            .filter(s -> !s.isNull());
    String portText = portField.map(ScalarNode::value).orElse("");
    String service = ns + "/" + name.get() + (portText.isEmpty() ? "" : ":" + portText);
    K8sObject svc = services.get(ns + "/" + name.get());
    List<Target> targets = new ArrayList<>();
    if (svc == null) {
      notes.add("Service " + ns + "/" + name.get() + " is not in the input");
    } else {
      Optional<MapNode> spec = svc.root().map("spec");
      Optional<Map<String, String>> selector =
          spec.flatMap(s -> s.map("selector"))
              .map(m -> K8sObject.stringMap(Optional.of(m)))
              .filter(m -> !m.isEmpty());
      if (spec.flatMap(s -> s.string("type")).filter("ExternalName"::equals).isPresent()) {
        notes.add("Service " + ns + "/" + name.get() + " is an ExternalName: traffic leaves");
      } else if (selector.isEmpty()) {
        notes.add("the Service has no selector: its endpoints are managed outside it");
      } else {
        List<PodGroup> groups = selected(ns, selector.get());
        if (groups.isEmpty()) {
          notes.add("the Service's selector matches no pod of the input");
        }
        Optional<MapNode> port = servicePort(spec.get(), portText);
        if (port.isEmpty()) {
          notes.add(
              portText.isEmpty()
                  ? "the backend names no port of Service "
                      + ns
                      + "/"
                      + name.get()
                      + " (the API requires service.port.name or number): reaches nothing"
                  : "Service " + ns + "/" + name.get() + " has no port " + portText);
        } else {
          for (PodGroup g : groups) {
            // the controller speaks HTTP over TCP
            PortSet p =
                targetPorts(port.get(), g, notes).intersect(PortSet.allOf(PortSet.Protocol.TCP));
            if (!p.isEmpty()) {
              targets.add(ingressTarget(g, p));
            }
          }
        }
      }
    }
    out.add(
        new Entry(
            Kind.INGRESS, address, Optional.of(service), ing.locationOf(backend), targets, notes));
  }

  /** The Service port an Ingress backend names, by number or name; the only one when unnamed. */
  private static Optional<MapNode> servicePort(MapNode spec, String port) {
    List<MapNode> ports = maps(spec.seq("ports"));
    if (port.isEmpty()) {
      return ports.size() == 1 ? Optional.of(ports.get(0)) : Optional.empty();
    }
    for (MapNode p : ports) {
      if (p.string("port").filter(port::equals).isPresent()
          || p.string("name").filter(port::equals).isPresent()) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private Target ingressTarget(PodGroup g, PortSet ports) {
    List<Policy> policies = connectivity.ingressPolicies(g);
    if (policies.isEmpty()) {
      return new Target(g, ports, Restriction.NO, policies);
    }
    PortSet admitted = connectivity.allowed(IngressController.POD, g).intersect(ports);
    return new Target(g, ports, restriction(!admitted.isEmpty(), admitted.equals(ports)), policies);
  }

  /** A tls host name, or a one-label wildcard, matches the rule host (case-insensitive). */
  private static boolean covers(List<String> tlsHosts, String host) {
    String h = host.toLowerCase(Locale.ROOT);
    int dot = h.indexOf('.');
    return tlsHosts.stream()
        .anyMatch(
            t ->
                t.equals(h)
                    || t.startsWith("*.") && dot > 0 && h.substring(dot).equals(t.substring(1)));
  }

  // ---- host network and host ports

  private void host(PodGroup g, Workload w, List<Entry> out) {
    Optional<MapNode> spec = w.podSpec();
    if (spec.isEmpty()) {
      return;
    }
    K8sObject o = w.object();
    if (g.hostNetwork()) {
      PortSet ports = PortSet.NONE;
      for (ContainerView c : w.containers()) {
        for (MapNode p : maps(c.node().seq("ports"))) {
          Optional<Long> n = p.integer("containerPort");
          PortSet.Protocol proto = protocol(p).orElse(null);
          if (n.isPresent() && proto != null) {
            ports = ports.union(PortSet.of(proto, n.get().intValue(), n.get().intValue()));
          }
        }
      }
      List<Policy> policies = connectivity.ingressPolicies(g);
      List<String> notes = new ArrayList<>();
      notes.add("on the node's network: NetworkPolicy does not apply to it in common CNIs");
      if (!policies.isEmpty()) {
        notes.add(
            "policies selecting it, which the matrix applies but the node may not: "
                + String.join(", ", policies.stream().map(Exposure::name).toList()));
      }
      if (ports.isEmpty()) {
        notes.add("no container port declared: any port the pod listens on");
        ports = PortSet.ALL;
      }
      Node at = spec.get().get("hostNetwork").orElse(spec.get());
      out.add(
          new Entry(
              Kind.HOST_NETWORK,
              "node:" + (ports.isAll() ? "all" : ports.toString()),
              Optional.empty(),
              o.locationOf(at),
              List.of(new Target(g, ports, Restriction.NO, List.of())),
              notes));
      return;
    }
    for (ContainerView c : w.containers()) {
      for (MapNode p : maps(c.node().seq("ports"))) {
        Optional<ScalarNode> hostPort = p.scalar("hostPort").filter(s -> !s.isNull());
        Optional<Long> hp = hostPort.flatMap(ScalarNode::asLong).filter(v -> v > 0);
        Optional<Long> cp = p.integer("containerPort");
        Optional<PortSet.Protocol> proto = protocol(p);
        if (hp.isEmpty() || cp.isEmpty() || proto.isEmpty()) {
          continue;
        }
        String ip = p.string("hostIP").filter(s -> !s.isBlank()).orElse("node");
        PortSet ports = PortSet.of(proto.get(), cp.get().intValue(), cp.get().intValue());
        out.add(
            new Entry(
                Kind.HOST_PORT,
                ip + ":" + hp.get() + "/" + proto.get(),
                Optional.empty(),
                o.locationOf(hostPort.get()),
                List.of(externalTarget(g, ports)),
                List.of(
                    "forwarded to container port "
                        + cp.get()
                        + " of "
                        + c.name()
                        + "; most CNIs keep the client's address")));
      }
    }
  }

  private static Optional<PortSet.Protocol> protocol(MapNode port) {
    try {
      return Optional.of(PortSet.Protocol.valueOf(port.string("protocol").orElse("TCP")));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code namespace/name} of a policy. */
  public static String name(Policy p) {
    return p.namespace() + "/" + p.object().name();
  }

  private static List<Node> items(Optional<SeqNode> seq) {
    return seq.map(SeqNode::items).orElse(List.of());
  }

  private static List<MapNode> maps(Optional<SeqNode> seq) {
    List<MapNode> out = new ArrayList<>();
    for (Node n : items(seq)) {
      if (n instanceof MapNode m) {
        out.add(m);
      }
    }
    return out;
  }

  private static List<String> strings(Optional<SeqNode> seq) {
    List<String> out = new ArrayList<>();
    for (Node n : items(seq)) {
      if (n instanceof ScalarNode s && !s.isNull() && !s.value().isBlank()) {
        out.add(s.value());
      }
    }
    return out;
  }
}
