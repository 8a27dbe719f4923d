package dev.parapet.graph;

import dev.parapet.model.ContainerView;
import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Location;
import dev.parapet.model.Workload;
import dev.parapet.pss.Level;
import dev.parapet.pss.PssEvaluator;
import dev.parapet.pss.PssVersion;
import dev.parapet.pss.Violation;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import dev.parapet.workload.WorkloadFacts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pods, their containers and volumes, and the nodes they land on; the techniques that lead from a
 * container to its node (container escapes, KubeHound's {@code CE_*} and {@code EXPLOIT_*}), from a
 * container or a node to service-account tokens, and from a node to the identities and crown jewels
 * it holds. Facts come from the engines: privileged containers, host namespaces and capabilities
 * from the Pod Security controls, host paths, runtime sockets and token mounts from {@code
 * workload}'s {@link WorkloadFacts}.
 *
 * <p>Every container is assumed to run as root unless nothing else applies: parapet does not read
 * images, so a writable host mount counts as writable (KubeHound also asks for {@code runAsUser: 0}
 * for some escapes; parapet errs on the side of the attacker).
 */
final class Workloads implements GraphBuilder {
  static final String ATTACH = "CONTAINER_ATTACH";
  static final String DISCOVER = "VOLUME_DISCOVER";
  static final String ACCESS = "VOLUME_ACCESS";
  static final String PRIV_MOUNT = "CE_PRIV_MOUNT";
  static final String NSENTER = "CE_NSENTER";
  static final String MODULE_LOAD = "CE_MODULE_LOAD";
  static final String SYS_PTRACE = "CE_SYS_PTRACE";
  static final String CORE_PATTERN = "CE_UMH_CORE_PATTERN";
  static final String VAR_LOG = "CE_VAR_LOG_SYMLINK";
  static final String HOST_READ = "EXPLOIT_HOST_READ";
  static final String HOST_WRITE = "EXPLOIT_HOST_WRITE";
  static final String HOST_TRAVERSE = "EXPLOIT_HOST_TRAVERSE";
  static final String SOCKET = "EXPLOIT_CONTAINERD_SOCK";
  static final String TOKEN_STEAL = "TOKEN_STEAL";
  static final String ASSUME = "IDENTITY_ASSUME";
  static final String SHARE_PS = "SHARE_PS_NAMESPACE";
  static final String ADMIN_CONF = "ADMIN_KUBECONFIG_STEAL";
  static final String ETCD_READ = "ETCD_DATA_READ";
  static final String ETCD_SECRETS = "ETCD_SECRETS_READ";

  /** The name of the token volume the ServiceAccount admission plugin adds (kube-api-access-*). */
  static final String TOKEN_VOLUME = "kube-api-access";

  /**
   * Host paths whose /proc/sys/kernel/core_pattern the container can rewrite (KubeHound's list).
   */
  private static final Set<String> PROC_PATHS =
      Set.of("/", "/proc", "/proc/sys", "/proc/sys/kernel");

  /** Host paths that hold the kubelet's pods directory, every pod's token in it. */
  private static final Set<String> KUBELET_PODS_PARENTS =
      Set.of("/", "/var", "/var/lib", "/var/lib/kubelet", "/var/lib/kubelet/pods");

  /**
   * Subtrees whose reading yields a credential that gives the node (SSH keys, kubeconfigs, the
   * kubelet's client certificate, etcd's data, process memory): a read-only mount of one of them,
   * or of a parent, escapes.
   */
  private static final List<String> CREDENTIAL_ROOTS =
      List.of(
          "/etc",
          "/root",
          "/home",
          "/proc",
          "/var/lib/kubelet",
          "/etc/kubernetes",
          "/var/lib/etcd");

  /** Labels of the control-plane components' static pods (kubeadm's {@code component}). */
  private static final Set<String> CONTROL_PLANE_COMPONENTS =
      Set.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd");

  private static final Set<String> CONTROL_PLANE_LABELS =
      Set.of("node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master");

  private static final String SEC_001 = "SEC-001";

  @Override
  public void build(Inventory inventory, AttackGraph.Builder g) {
    Map<String, K8sObject> accounts = dev.parapet.model.ServiceAccountTokens.accounts(inventory);
    Map<String, Location> controlPlane = controlPlaneNodes(inventory);
    List<Workload> pods = new ArrayList<>(inventory.workloads());
    pods.sort(
        Comparator.comparing((Workload w) -> w.object().effectiveNamespace())
            .thenComparing(w -> w.object().kind())
            .thenComparing(w -> w.object().name())
            .thenComparing(w -> w.object().file())
            .thenComparingInt(w -> w.object().documentIndex()));
    // the token volumes that sit on each node, for node -> token edges after the pods
    Map<String, List<String>> tokensOn = new LinkedHashMap<>();
    List<Traversal> traversals = new ArrayList<>();
    for (Workload w : pods) {
      pod(w, accounts, controlPlane, g, tokensOn, traversals);
    }
    for (Traversal t : traversals) {
      for (String node : t.nodes()) {
        for (String token : tokensOn.getOrDefault(node, List.of())) {
          g.edge(
              new Edge(
                  t.volume(),
                  token,
                  HOST_TRAVERSE,
                  "host path "
                      + t.path()
                      + " holds the kubelet's pods directory (/var/lib/kubelet/pods), where the"
                      + " token of every pod on the node lies, this one's too",
                  List.of(t.at()),
                  List.of("PSS-005", "POD-002")));
        }
      }
    }
    for (Map.Entry<String, List<String>> e : tokensOn.entrySet()) {
      for (String token : e.getValue()) {
        g.edge(
            new Edge(
                e.getKey(),
                token,
                ACCESS,
                "root on the node reads every pod's volumes under /var/lib/kubelet/pods, this"
                    + " service-account token too",
                List.of(),
                List.of()));
      }
    }
    nodes(g, controlPlane);
  }

  /** A hostPath volume that holds the kubelet's pods directory, and the nodes it is on. */
  private record Traversal(String volume, String path, Location at, List<String> nodes) {}

  private void pod(
      Workload w,
      Map<String, K8sObject> accounts,
      Map<String, Location> controlPlane,
      AttackGraph.Builder g,
      Map<String, List<String>> tokensOn,
      List<Traversal> traversals) {
    K8sObject o = w.object();
    String namespace = o.effectiveNamespace();
    String podId = Ids.pod(o.kind(), namespace, o.name());
    g.vertex(
        new Vertex(
            podId,
            VertexType.POD,
            o.kind() + " " + namespace + "/" + o.name(),
            namespace,
            Optional.of(o.location())));
    // a pod spec without containers (a patch, a template still to fill) runs nowhere
    List<ContainerView> containers = w.containers();
    if (containers.isEmpty()) {
      return;
    }
    List<String> nodes = landsOn(w, controlPlane);
    for (String n : nodes) {
      g.vertex(new Vertex(n, VertexType.NODE, nodeName(n), "", Optional.empty()));
    }
    boolean windows =
        w.podSpec()
            .flatMap(s -> s.map("os"))
            .flatMap(os -> os.string("name"))
            .filter("windows"::equals)
            .isPresent();
    Facts facts = Facts.of(w);

    // the service-account token the kubelet mounts in every container
    dev.parapet.model.ServiceAccountTokens.TokenMount token =
        dev.parapet.model.ServiceAccountTokens.of(w, accounts);
    String account = Ids.serviceAccount(namespace, w.serviceAccountName());
    String tokenVolume = null;
    List<Location> tokenEvidence = tokenEvidence(w, token);
    // a mirror pod (a static pod's copy in the API) gets no token; a pod read back from a cluster
    // already lists the kube-api-access-* volume the admission plugin added: that one is the token
    boolean mirror = o.annotations().containsKey("kubernetes.io/config.mirror");
    boolean listed =
        w.volumes().stream()
            .anyMatch(
                v ->
                    v.string("name").filter(n -> n.startsWith(TOKEN_VOLUME + "-")).isPresent()
                        && projectedToken(v).isPresent());
    if (token.mounted() && !mirror && !listed) {
      tokenVolume = Ids.volume(podId, TOKEN_VOLUME);
      g.vertex(
          new Vertex(
              tokenVolume,
              VertexType.VOLUME,
              "token of " + w.serviceAccountName() + " in " + namespace + "/" + o.name(),
              namespace,
              Optional.empty()));
      identity(g, namespace, w.serviceAccountName());
      g.edge(
          new Edge(
              tokenVolume,
              account,
              TOKEN_STEAL,
              "the projected token volume holds an API token of service account "
                  + w.serviceAccountName()
                  + tokenWhy(w, token),
              tokenEvidence,
              List.of(SEC_001)));
      for (String n : nodes) {
        tokensOn.computeIfAbsent(n, k -> new ArrayList<>()).add(tokenVolume);
      }
    }

    // declared volumes an attacker can use: host paths and projected service-account tokens
    Map<String, MapNode> declared = new LinkedHashMap<>();
    Set<String> apiTokens = new HashSet<>();
    for (MapNode v : w.volumes()) {
      Optional<String> name = v.string("name");
      if (name.isEmpty()) {
        continue;
      }
      boolean host =
          v.map("hostPath").flatMap(h -> h.string("path")).filter(p -> !p.isBlank()).isPresent();
      Optional<Node> projectedAccount = projectedToken(v);
      if (!host && projectedAccount.isEmpty()) {
        continue;
      }
      String volumeId = Ids.volume(podId, name.get());
      declared.put(name.get(), v);
      g.vertex(
          new Vertex(
              volumeId,
              VertexType.VOLUME,
              (host ? "host path " + v.map("hostPath").get().string("path").get() : "token")
                  + " ("
                  + name.get()
                  + ")",
              namespace,
              Optional.of(w.locationOf(v))));
      if (projectedAccount.isPresent()) {
        apiTokens.add(name.get());
        identity(g, namespace, w.serviceAccountName());
        g.edge(
            new Edge(
                volumeId,
                account,
                TOKEN_STEAL,
                "projected volume "
                    + name.get()
                    + " holds an API token of service account "
                    + w.serviceAccountName()
                    + " (serviceAccountToken source)",
                List.of(w.locationOf(projectedAccount.get())),
                List.of()));
        for (String n : nodes) {
          tokensOn.computeIfAbsent(n, k -> new ArrayList<>()).add(volumeId);
        }
      }
    }
    for (WorkloadFacts.HostPathVolume hp : WorkloadFacts.hostPathVolumes(w)) {
      if (KUBELET_PODS_PARENTS.contains(hp.path()) && declared.containsKey(hp.name())) {
        traversals.add(
            new Traversal(
                Ids.volume(podId, hp.name()), hp.path(), w.locationOf(hp.hostPath()), nodes));
      }
    }

    List<String> containerIds = new ArrayList<>();
    for (ContainerView c : containers) {
      String cid = Ids.container(podId, c.name());
      containerIds.add(cid);
      g.vertex(
          new Vertex(
              cid,
              VertexType.CONTAINER,
              c.name() + " (" + namespace + "/" + o.name() + ")",
              namespace,
              Optional.of(w.locationOf(c.node()))));
      g.edge(
          new Edge(
              Ids.ANY_POD,
              cid,
              EntryPoints.FOOTHOLD,
              "any container may run attacker code: a vulnerable application, a malicious image or"
                  + " dependency",
              List.of(w.locationOf(c.node())),
              List.of()));
      g.edge(
          new Edge(
              podId,
              cid,
              ATTACH,
              "whoever controls the pod (exec, attach, an ephemeral debug container) runs code in"
                  + " its "
                  + c.describe(),
              List.of(w.locationOf(c.node())),
              List.of()));
      if (tokenVolume != null) {
        g.edge(
            new Edge(
                cid,
                tokenVolume,
                DISCOVER,
                "the token is mounted at /var/run/secrets/kubernetes.io/serviceaccount"
                    + tokenWhy(w, token),
                tokenEvidence,
                List.of(SEC_001)));
        g.edge(
            new Edge(
                cid,
                account,
                ASSUME,
                c.describe()
                    + " calls the API server as service account "
                    + w.serviceAccountName()
                    + " with its mounted token"
                    + tokenWhy(w, token),
                tokenEvidence,
                List.of(SEC_001)));
      }
      for (Map.Entry<String, MapNode> v : declared.entrySet()) {
        Optional<MapNode> mount = WorkloadFacts.mountOf(c, v.getKey());
        if (mount.isPresent() && apiTokens.contains(v.getKey())) {
          g.edge(
              new Edge(
                  cid,
                  account,
                  ASSUME,
                  c.describe()
                      + " calls the API server as service account "
                      + w.serviceAccountName()
                      + " with the token of volume "
                      + v.getKey(),
                  List.of(w.locationOf(mount.get()), w.locationOf(v.getValue())),
                  List.of()));
        }
        mount.ifPresent(
            m ->
                g.edge(
                    new Edge(
                        cid,
                        Ids.volume(podId, v.getKey()),
                        DISCOVER,
                        c.describe() + " mounts volume " + v.getKey(),
                        List.of(w.locationOf(m), w.locationOf(v.getValue())),
                        v.getValue().map("hostPath").isPresent()
                            ? List.of("PSS-005")
                            : List.of())));
      }
      if (!windows) {
        escapes(w, c, cid, facts, nodes, g);
      }
    }

    // one process namespace: every container reaches the others' processes and files
    Optional<ScalarNode> share =
        w.podSpec().flatMap(s -> s.scalar("shareProcessNamespace")).filter(ScalarNode::isTrue);
    if (share.isPresent()) {
      for (String from : containerIds) {
        for (String to : containerIds) {
          if (!from.equals(to)) {
            g.edge(
                new Edge(
                    from,
                    to,
                    SHARE_PS,
                    "shareProcessNamespace: true puts the pod's containers in one process"
                        + " namespace: /proc/PID/root and /proc/PID/environ of the other's"
                        + " processes are open to it",
                    List.of(w.locationOf(share.get())),
                    List.of("POD-003")));
          }
        }
      }
    }
  }

  /** The escapes from a container to the nodes its pod lands on. */
  private static void escapes(
      Workload w,
      ContainerView c,
      String cid,
      Facts facts,
      List<String> nodes,
      AttackGraph.Builder g) {
    Optional<ScalarNode> privileged = facts.privileged(c);
    Optional<ScalarNode> hostPid = facts.hostPid();
    Map<String, Node> caps = facts.capabilities(c);
    Node all = caps.get("ALL");
    Node sysModule = caps.containsKey("SYS_MODULE") ? caps.get("SYS_MODULE") : all;
    Node sysPtrace = caps.containsKey("SYS_PTRACE") ? caps.get("SYS_PTRACE") : all;
    Node sysAdmin = caps.containsKey("SYS_ADMIN") ? caps.get("SYS_ADMIN") : all;
    List<Esc> out = new ArrayList<>();
    privileged.ifPresent(
        p -> {
          out.add(
              new Esc(
                  PRIV_MOUNT,
                  "securityContext.privileged: true gives "
                      + c.describe()
                      + " every device of the node: it mounts the node's disk and writes to it",
                  List.of(p),
                  List.of("PSS-003")));
          out.add(
              new Esc(
                  MODULE_LOAD,
                  "securityContext.privileged: true gives "
                      + c.describe()
                      + " CAP_SYS_MODULE: it loads a kernel module, code in the node's kernel",
                  List.of(p),
                  List.of("PSS-003")));
          out.add(
              new Esc(
                  CORE_PATTERN,
                  "securityContext.privileged: true leaves /proc/sys writable in "
                      + c.describe()
                      + ": a pipe written to /proc/sys/kernel/core_pattern runs as root on the node"
                      + " at the next crash",
                  List.of(p),
                  List.of("PSS-003")));
          hostPid.ifPresent(
              h ->
                  out.add(
                      new Esc(
                          NSENTER,
                          "hostPID: true and securityContext.privileged: true let "
                              + c.describe()
                              + " enter the namespaces of the node's PID 1 (nsenter -t 1 -a)",
                          List.of(h, p),
                          List.of("PSS-003", "PSS-002"))));
        });
    if (privileged.isEmpty() && sysModule != null) {
      out.add(
          new Esc(
              MODULE_LOAD,
              c.describe()
                  + " adds capability "
                  + ((ScalarNode) sysModule).value()
                  + ": it loads a kernel module, code in the node's kernel",
              List.of(sysModule),
              List.of("PSS-004", "POD-004")));
    }
    if (hostPid.isPresent() && sysPtrace != null && sysAdmin != null) {
      List<Node> ev = new ArrayList<>(List.of(hostPid.get(), sysPtrace));
      if (sysAdmin != sysPtrace) {
        ev.add(sysAdmin);
      }
      out.add(
          new Esc(
              SYS_PTRACE,
              "hostPID: true with capabilities SYS_PTRACE and SYS_ADMIN let "
                  + c.describe()
                  + " attach to a root process of the node and inject code into it",
              ev,
              List.of("PSS-002", "PSS-004", "POD-004", "POD-005")));
    }
    for (WorkloadFacts.HostPathVolume hp : WorkloadFacts.hostPathVolumes(w)) {
      Optional<MapNode> mount = WorkloadFacts.mountOf(c, hp.name());
      if (mount.isEmpty()) {
        continue;
      }
      boolean writable = WorkloadFacts.writable(mount.get());
      List<Node> ev = List.of(hp.hostPath(), mount.get());
      String what =
          c.describe()
              + " mounts host path "
              + hp.path()
              + (writable ? " writable" : " read-only")
              + " (volume "
              + hp.name()
              + ")";
      if (hp.runtimeSocket().isPresent()) {
        out.add(
            new Esc(
                SOCKET,
                what
                    + ", "
                    + hp.runtimeSocket().get()
                    + ": the runtime starts a privileged container on the node for whoever"
                    + " connects, read-only or not",
                ev,
                List.of("POD-001", "PSS-005")));
      }
      if (writable && PROC_PATHS.contains(hp.path())) {
        out.add(
            new Esc(
                CORE_PATTERN,
                what
                    + ": a pipe written to its sys/kernel/core_pattern runs as root on the node at"
                    + " the next crash",
                ev,
                List.of("POD-002", "PSS-005")));
      }
      if (writable && holdsVarLog(hp.path())) {
        out.add(
            new Esc(
                VAR_LOG,
                what
                    + ": a symbolic link planted in /var/log makes the kubelet's /logs endpoint"
                    + " serve any file of the node",
                ev,
                List.of("POD-002", "PSS-005")));
      }
      if (hp.sensitive().isEmpty()) {
        continue;
      }
      if (writable) {
        out.add(
            new Esc(
                HOST_WRITE,
                what + ", " + hp.sensitive().get() + ": a file written there runs as root",
                ev,
                List.of("POD-002", "PSS-005")));
      } else if (holdsCredentials(hp.path())) {
        out.add(
            new Esc(
                HOST_READ,
                what
                    + ", "
                    + hp.sensitive().get()
                    + ": the credentials read there (SSH keys, kubeconfigs, the kubelet's"
                    + " certificate) open the node",
                ev,
                List.of("POD-002", "PSS-005")));
      }
    }
    for (Esc e : out) {
      List<Location> evidence = e.fields().stream().map(w::locationOf).toList();
      for (String n : nodes) {
        g.edge(new Edge(cid, n, e.technique(), e.explanation(), evidence, e.fixedBy()));
      }
    }
  }

  private record Esc(
      String technique, String explanation, List<Node> fields, List<String> fixedBy) {}

  private static boolean holdsVarLog(String path) {
    return path.equals("/")
        || path.equals("/var")
        || path.equals("/var/log")
        || path.startsWith("/var/log/");
  }

  /**
   * Subtrees of the credential roots that hold no credential of the node: other pods' volumes
   * (their tokens are EXPLOIT_HOST_TRAVERSE's), plugin sockets, sysctls, static pod manifests.
   */
  private static final List<String> NO_CREDENTIALS =
      List.of(
          "/var/lib/kubelet/pods",
          "/var/lib/kubelet/plugins",
          "/var/lib/kubelet/plugins_registry",
          "/var/lib/kubelet/device-plugins",
          "/var/lib/kubelet/checkpoints",
          "/proc/sys",
          "/etc/kubernetes/manifests");

  private static boolean holdsCredentials(String path) {
    for (String none : NO_CREDENTIALS) {
      if (path.equals(none) || path.startsWith(none + "/")) {
        return false;
      }
    }
    for (String root : CREDENTIAL_ROOTS) {
      if (path.equals(root)
          || path.startsWith(root + "/")
          || root.startsWith(path.equals("/") ? "/" : path + "/")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The facts of the Pod Security controls about a pod (baseline level, newest rules): privileged
   * containers, hostPID and capabilities beyond the default set.
   */
  private record Facts(List<Violation> violations) {
    static Facts of(Workload w) {
      return new Facts(
          PssEvaluator.evaluate(w, Level.BASELINE, PssVersion.NEWEST).violations().stream()
              .filter(
                  v ->
                      Set.of("privileged", "hostNamespaces", "capabilities_baseline")
                          .contains(v.control()))
              .toList());
    }

    Optional<ScalarNode> privileged(ContainerView c) {
      return inContainer("privileged", c).stream()
          .map(Violation::node)
          .filter(n -> n instanceof ScalarNode)
          .map(n -> (ScalarNode) n)
          .findFirst();
    }

    Optional<ScalarNode> hostPid() {
      return violations.stream()
          .filter(v -> v.control().equals("hostNamespaces"))
          .map(Violation::node)
          .filter(n -> n.pointer().endsWith("/hostPID") && n instanceof ScalarNode)
          .map(n -> (ScalarNode) n)
          .findFirst();
    }

    /**
     * The added capabilities outside the default set, by canonical name, at their list item, less
     * those the container also drops: containerd and CRI-O add ALL, then drop ALL, then add the
     * named ones, then drop the named ones, so a drop wins over an add.
     */
    Map<String, Node> capabilities(ContainerView c) {
      Map<String, Node> out = new LinkedHashMap<>();
      for (Violation v : inContainer("capabilities_baseline", c)) {
        if (v.node() instanceof ScalarNode s && !s.isNull()) {
          out.putIfAbsent(WorkloadFacts.canonicalCapability(s.value()), s);
        }
      }
      java.util.Set<String> dropped = new java.util.HashSet<>();
      c.securityContext()
          .flatMap(sc -> sc.map("capabilities"))
          .flatMap(cap -> cap.seq("drop"))
          .ifPresent(
              d ->
                  d.items()
                      .forEach(
                          n -> {
                            if (n instanceof ScalarNode s && !s.isNull()) {
                              dropped.add(WorkloadFacts.canonicalCapability(s.value()));
                            }
                          }));
      if (dropped.contains("ALL")) {
        // ALL dropped after ALL added: only the named adds survive, unless dropped by name too
        out.remove("ALL");
      }
      out.keySet().removeIf(dropped::contains);
      return out;
    }

    private List<Violation> inContainer(String control, ContainerView c) {
      String prefix = c.node().pointer() + "/";
      return violations.stream()
          .filter(v -> v.control().equals(control) && v.node().pointer().startsWith(prefix))
          .toList();
    }
  }

  /** The serviceAccountToken source of a projected volume that the API server accepts. */
  private static Optional<Node> projectedToken(MapNode volume) {
    Optional<SeqNode> sources = volume.map("projected").flatMap(p -> p.seq("sources"));
    if (sources.isEmpty()) {
      return Optional.empty();
    }
    for (Node s : sources.get().items()) {
      Optional<MapNode> token =
          s instanceof MapNode m ? m.map("serviceAccountToken") : Optional.empty();
      // a token for another audience is refused by the API server
      if (token.isPresent() && token.get().string("audience").filter(a -> !a.isBlank()).isEmpty()) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  private static List<Location> tokenEvidence(
      Workload w, dev.parapet.model.ServiceAccountTokens.TokenMount token) {
    if (token.decidedBy().isPresent()) {
      ScalarNode field = token.decidedBy().get();
      K8sObject owner =
          token.account().isPresent()
                  && token
                      .account()
                      .get()
                      .root()
                      .scalar("automountServiceAccountToken")
                      .filter(s -> s == field)
                      .isPresent()
              ? token.account().get()
              : w.object();
      return List.of(Location.of(owner, field));
    }
    return List.of(w.locationOf(w.podAnchor()));
  }

  private static String tokenWhy(
      Workload w, dev.parapet.model.ServiceAccountTokens.TokenMount token) {
    if (token.decidedBy().isEmpty()) {
      return " (automountServiceAccountToken is not set to false on the pod or its service"
          + " account; true is the default)";
    }
    return token.account().isPresent()
            && token
                .account()
                .get()
                .root()
                .scalar("automountServiceAccountToken")
                .filter(s -> s == token.decidedBy().get())
                .isPresent()
        ? " (its ServiceAccount sets automountServiceAccountToken: true)"
        : " (the pod sets automountServiceAccountToken: true)";
  }

  private static void identity(AttackGraph.Builder g, String namespace, String name) {
    g.vertex(
        new Vertex(
            Ids.serviceAccount(namespace, name),
            VertexType.IDENTITY,
            "system:serviceaccount:" + namespace + ":" + name,
            namespace,
            Optional.empty()));
  }

  private static String nodeName(String id) {
    if (id.equals(Ids.ANY_NODE)) {
      return "any node";
    }
    if (id.equals(Ids.CONTROL_PLANE_NODE)) {
      return "a control-plane node";
    }
    return id.substring("node:".length());
  }

  /**
   * The control-plane nodes named in the input, with where that is said: Node objects labelled
   * node-role.kubernetes.io/control-plane (or master), and the nodeName of kube-system's
   * control-plane static pods (labels tier: control-plane or component: kube-apiserver, ...).
   */
  private static Map<String, Location> controlPlaneNodes(Inventory inventory) {
    Map<String, Location> out = new TreeMap<>();
    for (K8sObject n : inventory.ofKind("Node")) {
      if (n.labels().keySet().stream().anyMatch(CONTROL_PLANE_LABELS::contains)) {
        out.putIfAbsent(Ids.node(n.name()), n.location());
      }
    }
    for (K8sObject p : inventory.ofKind("Pod")) {
      if (isControlPlanePod(p)) {
        p.root()
            .map("spec")
            .flatMap(s -> s.scalar("nodeName"))
            .filter(s -> !s.isNull() && !s.value().isBlank())
            .ifPresent(s -> out.putIfAbsent(Ids.node(s.value()), Location.of(p, s)));
      }
    }
    return out;
  }

  private static boolean isControlPlanePod(K8sObject p) {
    return p.kind().equals("Pod")
        && p.effectiveNamespace().equals("kube-system")
        && ("control-plane".equals(p.labels().get("tier"))
            || CONTROL_PLANE_COMPONENTS.contains(p.labels().getOrDefault("component", "")));
  }

  /**
   * The nodes a workload's pods land on: the node it names; else a control-plane node for the
   * control plane's own pods and for pods that select control-plane nodes and tolerate their taint;
   * else any (worker) node, and a control-plane node too when the pod tolerates the taint.
   */
  static List<String> landsOn(Workload w, Map<String, Location> controlPlane) {
    Optional<String> nodeName =
        w.podSpec()
            .flatMap(s -> s.scalar("nodeName"))
            .filter(s -> !s.isNull() && !s.value().isBlank())
            .map(ScalarNode::value);
    if (nodeName.isPresent()) {
      return List.of(Ids.node(nodeName.get()));
    }
    if (isControlPlanePod(w.object())) {
      return List.of(Ids.CONTROL_PLANE_NODE);
    }
    boolean tolerates = toleratesControlPlane(w);
    if (tolerates && selectsControlPlane(w)) {
      return List.of(Ids.CONTROL_PLANE_NODE);
    }
    return tolerates ? List.of(Ids.ANY_NODE, Ids.CONTROL_PLANE_NODE) : List.of(Ids.ANY_NODE);
  }

  private static boolean toleratesControlPlane(Workload w) {
    Optional<SeqNode> tolerations = w.podSpec().flatMap(s -> s.seq("tolerations"));
    if (tolerations.isEmpty()) {
      return false;
    }
    for (Node n : tolerations.get().items()) {
      if (!(n instanceof MapNode t)) {
        continue;
      }
      String key = t.string("key").orElse("");
      String operator = t.string("operator").orElse("Equal");
      String effect = t.string("effect").orElse("");
      boolean effectOk = effect.isEmpty() || effect.equals("NoSchedule");
      if (key.isEmpty() && operator.equals("Exists") && effectOk) {
        return true;
      }
      // kubeadm taints control-plane nodes with an empty value: Exists matches it, and Equal
      // only with an empty (or absent) value, as the scheduler matches tolerations
      boolean valueOk =
          operator.equals("Exists")
              || (operator.equals("Equal") && t.string("value").orElse("").isEmpty());
      if (CONTROL_PLANE_LABELS.contains(key) && effectOk && valueOk) {
        return true;
      }
    }
    return false;
  }

  private static boolean selectsControlPlane(Workload w) {
    Optional<MapNode> spec = w.podSpec();
    if (spec.isEmpty()) {
      return false;
    }
    if (spec.get()
        .map("nodeSelector")
        .map(m -> m.keys().stream().anyMatch(CONTROL_PLANE_LABELS::contains))
        .orElse(false)) {
      return true;
    }
    Optional<SeqNode> terms =
        spec.get()
            .map("affinity")
            .flatMap(a -> a.map("nodeAffinity"))
            .flatMap(a -> a.map("requiredDuringSchedulingIgnoredDuringExecution"))
            .flatMap(r -> r.seq("nodeSelectorTerms"));
    if (terms.isEmpty() || terms.get().items().isEmpty()) {
      return false;
    }
    // every term must ask for a control-plane label (terms are ORed)
    for (Node term : terms.get().items()) {
      boolean asks = false;
      if (term instanceof MapNode t) {
        for (Node e : t.seq("matchExpressions").map(SeqNode::items).orElse(List.of())) {
          if (e instanceof MapNode m
              && m.string("key").filter(CONTROL_PLANE_LABELS::contains).isPresent()
              && m.string("operator")
                  .filter(op -> op.equals("In") || op.equals("Exists"))
                  .isPresent()) {
            asks = true;
          }
        }
      }
      if (!asks) {
        return false;
      }
    }
    return true;
  }

  /**
   * What root on a node holds: the kubelet's own credentials (its client certificate, identity
   * system:node:NAME in group system:nodes) and, on a control-plane node, kubeadm's admin.conf and
   * etcd's data directory.
   */
  private static void nodes(AttackGraph.Builder g, Map<String, Location> controlPlane) {
    boolean anyControlPlane = false;
    for (Vertex v : g.vertices()) {
      if (v.type() != VertexType.NODE) {
        continue;
      }
      String id = v.id();
      String nodes = Ids.group("system:nodes");
      EntryPoints.identity(g, nodes, "system:nodes");
      List<Location> at = controlPlane.containsKey(id) ? List.of(controlPlane.get(id)) : List.of();
      g.edge(
          new Edge(
              id,
              nodes,
              ASSUME,
              "root on the node reads the kubelet's kubeconfig and client certificate"
                  + " (/var/lib/kubelet/pki/kubelet-client-current.pem) and calls the API server"
                  + " in group system:nodes",
              List.of(),
              List.of()));
      if (!id.equals(Ids.ANY_NODE) && !id.equals(Ids.CONTROL_PLANE_NODE)) {
        String user = Ids.user("system:node:" + v.name());
        EntryPoints.identity(g, user, "system:node:" + v.name());
        g.edge(
            new Edge(
                id,
                user,
                ASSUME,
                "root on the node reads the kubelet's client certificate and calls the API server"
                    + " as system:node:"
                    + v.name(),
                List.of(),
                List.of()));
      }
      if (id.equals(Ids.CONTROL_PLANE_NODE) || controlPlane.containsKey(id)) {
        anyControlPlane = true;
        g.edge(
            new Edge(
                id,
                Ids.CLUSTER_ADMIN,
                ADMIN_CONF,
                "root on a control-plane node reads /etc/kubernetes/admin.conf (kubeadm), a"
                    + " client certificate in group system:masters (kubeadm before 1.29) or"
                    + " kubeadm:cluster-admins, and the cluster CA key in /etc/kubernetes/pki",
                at,
                List.of()));
        g.edge(
            new Edge(
                id,
                Ids.ETCD,
                ETCD_READ,
                "root on a control-plane node reads etcd's data directory (/var/lib/etcd) and"
                    + " holds its client certificates (/etc/kubernetes/pki/etcd)",
                at,
                List.of()));
      }
    }
    if (anyControlPlane) {
      g.edge(
          new Edge(
              Ids.ETCD,
              Ids.KUBE_SYSTEM_SECRETS,
              ETCD_SECRETS,
              "etcd stores every Secret, kube-system's too; unless encryption at rest is on, they"
                  + " are plain text in its data",
              List.of(),
              List.of()));
    }
  }
}
