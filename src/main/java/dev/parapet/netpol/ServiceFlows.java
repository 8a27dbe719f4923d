package dev.parapet.netpol;

import dev.parapet.model.ContainerView;
import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The flows that Services imply when no flows file says which connections to allow, and the
 * workloads that Services and Ingresses expose outside the cluster.
 *
 * <p>A workload references a Service when a text its containers read names it: an env value, the
 * value of a ConfigMap key it reads through {@code configMapKeyRef}, every value of a ConfigMap it
 * loads with {@code envFrom} or mounts as a volume (also through a projected volume), or a
 * container's command and args. A text names Service {@code svc} of namespace {@code ns} when it
 * holds {@code svc.ns}, {@code svc.ns.svc} or {@code svc.ns.svc.cluster.local} as a whole host name
 * (anywhere, optionally followed by {@code :port}); the bare {@code svc} counts only for a workload
 * of the same namespace (as DNS resolves it) and only where a host stands: the whole value, an item
 * of a list separated by commas or semicolons, the value after {@code =} when the key names a host,
 * the host of a URL (after {@code ://} and any {@code user@}), or a word followed by {@code :port}.
 * {@code SVC_SERVICE_HOST} or {@code SVC_SERVICE_PORT} (the variables the kubelet sets for Services
 * of the pod's namespace, {@code svc} upper-cased with dashes as underscores) count as an env var's
 * name or inside any text. The flow goes from the workload to every workload the Service selects,
 * on the Service's target ports (a named target port stays a name), or only on the one whose port
 * follows the host ({@code svc.ns:5432}). A workload does not get a flow to itself. Services
 * without selector and of type ExternalName select nothing.
 */
public final class ServiceFlows {
  /** One port of a Service: the port clients use and the target port on the pods. */
  private record SvcPort(PortSet.Protocol protocol, int port, Flow.Port target) {}

  private record Svc(
      K8sObject object,
      String namespace,
      String name,
      List<PodGroup> targets,
      List<SvcPort> ports) {}

  private ServiceFlows() {}

  /** The flows implied by Services and the workloads that name them, sorted, one per pair. */
  public static List<Flow> propose(Inventory inventory) {
    Connectivity conn = Connectivity.of(inventory);
    List<Svc> services = services(inventory, conn.groups());
    Map<String, Workload> byDisplay = WorkloadGroups.workloads(inventory);
    // (src, dst) -> ports and reasons, in sorted order
    Map<String, Map<String, List<Flow.Port>>> ports = new TreeMap<>();
    Map<String, Map<String, List<String>>> reasons = new TreeMap<>();
    Map<String, PodGroup> groupByDisplay = new LinkedHashMap<>();
    conn.groups().forEach(g -> groupByDisplay.put(g.display(), g));
    for (PodGroup src : conn.groups()) {
      Workload w = byDisplay.get(src.display());
      if (w == null) {
        continue;
      }
      for (Text t : texts(inventory, w)) {
        for (Svc s : services) {
          Optional<Set<Integer>> hint = references(t, src.namespace(), s);
          if (hint.isEmpty()) {
            continue;
          }
          List<Flow.Port> targets = new ArrayList<>();
          for (SvcPort p : s.ports()) {
            if (hint.get().isEmpty() || hint.get().contains(p.port())) {
              targets.add(p.target());
            }
          }
          if (targets.isEmpty()) {
            s.ports().forEach(p -> targets.add(p.target()));
          }
          for (PodGroup dst : s.targets()) {
            if (dst.equals(src)) {
              continue;
            }
            List<Flow.Port> acc =
                ports
                    .computeIfAbsent(src.display(), k -> new TreeMap<>())
                    .computeIfAbsent(dst.display(), k -> new ArrayList<>());
            targets.stream().filter(p -> !acc.contains(p)).forEach(acc::add);
            List<String> why =
                reasons
                    .computeIfAbsent(src.display(), k -> new TreeMap<>())
                    .computeIfAbsent(dst.display(), k -> new ArrayList<>());
            String reason = "Service " + s.namespace() + "/" + s.name() + " named in " + t.where();
            if (!why.contains(reason)) {
              why.add(reason);
            }
          }
        }
      }
    }
    List<Flow> out = new ArrayList<>();
    ports.forEach(
        (src, dsts) ->
            dsts.forEach(
                (dst, ps) -> {
                  List<Flow.Port> sorted = new ArrayList<>(ps);
                  sorted.sort(
                      java.util.Comparator.comparing(Flow.Port::protocol)
                          .thenComparing(p -> p.name().orElse(""))
                          .thenComparingInt(Flow.Port::from));
                  out.add(
                      new Flow(
                          groupByDisplay.get(src),
                          groupByDisplay.get(dst),
                          sorted,
                          String.join("; ", reasons.get(src).get(dst))));
                }));
    return List.copyOf(out);
  }

  /**
   * For each workload reachable from outside the cluster through a Service of type LoadBalancer or
   * NodePort, a Service with externalIPs, or an Ingress, why: one line per Service or Ingress rule.
   */
  public static Map<PodGroup, List<String>> exposure(Inventory inventory) {
    Connectivity conn = Connectivity.of(inventory);
    List<Svc> services = services(inventory, conn.groups());
    Map<PodGroup, List<String>> out = new LinkedHashMap<>();
    for (Svc s : services) {
      MapNode spec = s.object().root().map("spec").orElse(null);
      String type = spec == null ? "ClusterIP" : spec.string("type").orElse("ClusterIP");
      List<String> why = new ArrayList<>();
      String to =
          ", to " + String.join(",", s.ports().stream().map(p -> p.target().toString()).toList());
      if (type.equals("LoadBalancer") || type.equals("NodePort")) {
        why.add("Service " + s.namespace() + "/" + s.name() + " of type " + type + to);
      }
      if (spec != null && spec.seq("externalIPs").map(SeqNode::length).orElse(0) > 0) {
        why.add("Service " + s.namespace() + "/" + s.name() + " with externalIPs" + to);
      }
      for (String w : why) {
        s.targets().forEach(g -> out.computeIfAbsent(g, k -> new ArrayList<>()).add(w));
      }
    }
    for (K8sObject ing : inventory.ofKind("Ingress")) {
      MapNode spec = ing.root().map("spec").orElse(null);
      if (spec == null) {
        continue;
      }
      String ns = ing.effectiveNamespace();
      List<String[]> backends = new ArrayList<>();
      spec.map("defaultBackend")
          .or(() -> spec.map("backend"))
          .flatMap(ServiceFlows::backendService)
          .ifPresent(svc -> backends.add(new String[] {svc, "default backend"}));
      for (Node r : spec.seq("rules").map(SeqNode::items).orElse(List.of())) {
        if (!(r instanceof MapNode rule)) {
          continue;
        }
        String host = rule.string("host").orElse("*");
        for (Node p :
            rule.map("http").flatMap(h -> h.seq("paths")).map(SeqNode::items).orElse(List.of())) {
          if (p instanceof MapNode path) {
            Optional<String> svc = path.map("backend").flatMap(ServiceFlows::backendService);
            String where = host + path.string("path").orElse("/");
            svc.ifPresent(v -> backends.add(new String[] {v, where}));
          }
        }
      }
      for (String[] b : backends) {
        for (Svc s : services) {
          if (s.namespace().equals(ns) && s.name().equals(b[0])) {
            String w = "Ingress " + ns + "/" + ing.name() + " (" + b[1] + ")";
            s.targets()
                .forEach(
                    g -> {
                      List<String> l = out.computeIfAbsent(g, k -> new ArrayList<>());
                      if (!l.contains(w)) {
                        l.add(w);
                      }
                    });
          }
        }
      }
    }
    return out;
  }

  private static Optional<String> backendService(MapNode backend) {
    return backend
        .map("service")
        .flatMap(s -> s.string("name"))
        .or(() -> backend.string("serviceName"));
  }

  private static List<Svc> services(Inventory inventory, List<PodGroup> groups) {
    List<Svc> out = new ArrayList<>();
    for (K8sObject o : inventory.ofKind("Service")) {
      if (!o.group().isEmpty()) {
        continue;
      }
      MapNode spec = o.root().map("spec").orElse(null);
      if (spec == null || spec.string("type").orElse("").equals("ExternalName")) {
        continue;
      }
      Map<String, String> selector = K8sObject.stringMap(spec.map("selector"));
      if (selector.isEmpty()) {
        continue;
      }
      String ns = o.effectiveNamespace();
      List<PodGroup> targets =
          groups.stream()
              .filter(g -> g.namespace().equals(ns))
              .filter(
                  g ->
                      selector.entrySet().stream()
                          .allMatch(e -> e.getValue().equals(g.labels().get(e.getKey()))))
              .toList();
      List<SvcPort> ports = new ArrayList<>();
      for (Node n : spec.seq("ports").map(SeqNode::items).orElse(List.of())) {
        if (!(n instanceof MapNode p)) {
          continue;
        }
        Optional<Long> port = p.integer("port");
        PortSet.Protocol proto;
        try {
          proto = PortSet.Protocol.valueOf(p.string("protocol").orElse("TCP"));
        } catch (IllegalArgumentException e) {
          continue;
        }
        if (port.isEmpty()) {
          continue;
        }
        Optional<ScalarNode> target = p.scalar("targetPort").filter(s -> !s.isNull());
        Flow.Port t;
        if (target.isEmpty()) {
          t = Flow.Port.number(proto, port.get().intValue(), port.get().intValue());
        } else if (target.get().asLong().isPresent()) {
          int v = target.get().asLong().get().intValue();
          t = Flow.Port.number(proto, v, v);
        } else {
          t = Flow.Port.named(proto, target.get().value());
        }
        ports.add(new SvcPort(proto, port.get().intValue(), t));
      }
      if (!ports.isEmpty()) {
        out.add(new Svc(o, ns, o.name(), targets, ports));
      }
    }
    return out;
  }

  /** A text a workload's containers read, and where it was found. */
  private record Text(String value, String where, boolean envName) {}

  private static List<Text> texts(Inventory inventory, Workload w) {
    String ns = w.object().effectiveNamespace();
    List<Text> out = new ArrayList<>();
    for (ContainerView c : w.containers()) {
      String in = " of container " + c.name();
      for (Node n : c.node().seq("env").map(SeqNode::items).orElse(List.of())) {
        if (!(n instanceof MapNode env)) {
          continue;
        }
        String name = env.string("name").orElse("");
        out.add(new Text(name, "the name of env " + name + in, true));
        env.string("value").ifPresent(v -> out.add(new Text(v, "env " + name + in, false)));
        env.map("valueFrom")
            .flatMap(f -> f.map("configMapKeyRef"))
            .ifPresent(
                ref -> {
                  String cm = ref.string("name").orElse("");
                  String key = ref.string("key").orElse("");
                  configMapData(inventory, ns, cm).entrySet().stream()
                      .filter(e -> e.getKey().equals(key))
                      .forEach(
                          e ->
                              out.add(
                                  new Text(
                                      e.getValue(),
                                      "ConfigMap " + ns + "/" + cm + " key " + key + in,
                                      false)));
                });
      }
      for (Node n : c.node().seq("envFrom").map(SeqNode::items).orElse(List.of())) {
        if (n instanceof MapNode from) {
          from.map("configMapRef")
              .flatMap(r -> r.string("name"))
              .ifPresent(cm -> addConfigMap(inventory, ns, cm, "envFrom" + in, out));
        }
      }
      for (String field : List.of("command", "args")) {
        for (Node n : c.node().seq(field).map(SeqNode::items).orElse(List.of())) {
          if (n instanceof ScalarNode s && !s.isNull()) {
            out.add(new Text(s.value(), field + in, false));
          }
        }
      }
    }
    for (MapNode v : w.volumes()) {
      String vol = "volume " + v.string("name").orElse("");
      v.map("configMap")
          .flatMap(m -> m.string("name"))
          .ifPresent(cm -> addConfigMap(inventory, ns, cm, vol, out));
      for (Node src :
          v.map("projected").flatMap(p -> p.seq("sources")).map(SeqNode::items).orElse(List.of())) {
        if (src instanceof MapNode s) {
          s.map("configMap")
              .flatMap(m -> m.string("name"))
              .ifPresent(cm -> addConfigMap(inventory, ns, cm, vol, out));
        }
      }
    }
    return out;
  }

  private static void addConfigMap(
      Inventory inventory, String ns, String cm, String via, List<Text> out) {
    configMapData(inventory, ns, cm)
        .forEach(
            (k, v) ->
                out.add(
                    new Text(
                        v, "ConfigMap " + ns + "/" + cm + " key " + k + " (" + via + ")", false)));
  }

  private static Map<String, String> configMapData(Inventory inventory, String ns, String name) {
    for (K8sObject o : inventory.ofKind("ConfigMap")) {
      if (o.effectiveNamespace().equals(ns) && o.name().equals(name)) {
        return new TreeMap<>(K8sObject.stringMap(o.root().map("data")));
      }
    }
    return Map.of();
  }

  private static Optional<Set<Integer>> references(Text t, String ns, Svc s) {
    return references(t.value(), t.envName(), ns, s.namespace(), s.name());
  }

  /**
   * Whether {@code text}, read by a workload of namespace {@code ns}, names Service {@code svc} of
   * {@code svcNs}: empty when not, else the ports written after the name, or an empty set when the
   * name appears at least once without a port (every port of the Service).
   */
  static Optional<Set<Integer>> references(
      String text, boolean envName, String ns, String svcNs, String svc) {
    String env = svc.toUpperCase(Locale.ROOT).replace('-', '_');
    if (ns.equals(svcNs)) {
      if (envName) {
        return text.equals(env + "_SERVICE_HOST") || text.equals(env + "_SERVICE_PORT")
            ? Optional.of(Set.of())
            : Optional.empty();
      }
      if (containsToken(text, env + "_SERVICE_HOST")
          || containsToken(text, env + "_SERVICE_PORT")) {
        return Optional.of(Set.of());
      }
    } else if (envName) {
      return Optional.empty();
    }
    String lower = text.toLowerCase(Locale.ROOT);
    List<String> qualified =
        List.of(
            svc + "." + svcNs,
            svc + "." + svcNs + ".svc",
            svc + "." + svcNs + ".svc.cluster.local");
    int i = 0;
    int n = lower.length();
    boolean named = false;
    boolean portless = false;
    Set<Integer> hinted = new TreeSet<>();
    while (i < n) {
      if (!hostChar(lower.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && hostChar(lower.charAt(i))) {
        i++;
      }
      String run = lower.substring(start, i);
      if (run.endsWith(".")) {
        run = run.substring(0, run.length() - 1);
      }
      boolean match =
          qualified.contains(run)
              || ns.equals(svcNs) && run.equals(svc) && hostPosition(lower, start, i);
      if (match) {
        named = true;
        Optional<Integer> port = portAfter(lower, i);
        if (port.isPresent()) {
          hinted.add(port.get());
        } else {
          portless = true;
        }
      }
    }
    if (!named) {
      return Optional.empty();
    }
    return Optional.of(portless ? Set.of() : Set.copyOf(hinted));
  }

  private static boolean containsToken(String text, String token) {
    int at = text.indexOf(token);
    while (at >= 0) {
      boolean before = at == 0 || !envChar(text.charAt(at - 1));
      int end = at + token.length();
      boolean after = end == text.length() || !envChar(text.charAt(end));
      if (before && after) {
        return true;
      }
      at = text.indexOf(token, at + 1);
    }
    return false;
  }

  private static boolean envChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static boolean hostChar(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.';
  }

  /**
   * Whether a bare name at [start, end) of {@code s} stands where a host name stands: the whole
   * value; after a start, {@code , ; = " ' ( [ {}, {@code //} or {@code @} and before an end,
   * {@code , ; / " ' ) ] }} or {@code :port}; after a space only before {@code :port} (as in {@code
   * server api:8080;}), so that a word of a sentence is no host.
   */
  private static boolean hostPosition(String s, int start, int end) {
    if (s.strip().equals(s.substring(start, end))) {
      return true;
    }
    if (portAfter(s, end).isPresent()
        && (start == 0 || Character.isWhitespace(s.charAt(start - 1)))) {
      return true;
    }
    boolean before =
        start == 0
            || ",;\"'([{@".indexOf(s.charAt(start - 1)) >= 0
            || s.charAt(start - 1) == '=' && hostKey(s, start - 1)
            || s.startsWith("//", start - 2);
    boolean after =
        end == s.length()
            || ",;/\"')]}".indexOf(s.charAt(end)) >= 0
            || portAfter(s, end).isPresent();
    return before && after;
  }

  /** Words that make the key of {@code key=value} name a host, or the store it connects to. */
  private static final List<String> HOST_KEYS =
      List.of(
          "host",
          "addr",
          "server",
          "url",
          "uri",
          "endpoint",
          "upstream",
          "backend",
          "service",
          "svc",
          "dsn",
          "target",
          "peer",
          "broker",
          "master",
          "primary",
          "replica",
          "db",
          "database",
          "redis",
          "cache",
          "proxy",
          "remote",
          "connect");

  /**
   * Whether the key before the {@code =} at {@code eq} names a host ({@code --db-host=}, {@code
   * DB=}, {@code upstream=}): after {@code =} a bare name stands for a host only then, so that
   * {@code --log-format=json} or {@code --mode=db} propose no flow to Services json or db.
   */
  private static boolean hostKey(String s, int eq) {
    int i = eq;
    while (i > 0
        && (Character.isLetterOrDigit(s.charAt(i - 1)) || "-_.".indexOf(s.charAt(i - 1)) >= 0)) {
      i--;
    }
    String key = s.substring(i, eq);
    return HOST_KEYS.stream().anyMatch(key::contains);
  }

  /** The port in {@code :5432} at {@code at}, if one is there. */
  private static Optional<Integer> portAfter(String s, int at) {
    if (at >= s.length() || s.charAt(at) != ':') {
      return Optional.empty();
    }
    int i = at + 1;
    while (i < s.length() && Character.isDigit(s.charAt(i)) && i - at <= 5) {
      i++;
    }
    if (i == at + 1 || i - at > 6 || i < s.length() && Character.isDigit(s.charAt(i))) {
      return Optional.empty();
    }
    int p = Integer.parseInt(s.substring(at + 1, i));
    return p >= 1 && p <= PortSet.MAX_PORT ? Optional.of(p) : Optional.empty();
  }
}
