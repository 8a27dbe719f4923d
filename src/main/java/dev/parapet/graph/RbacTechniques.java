package dev.parapet.graph;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckRunner;
import dev.parapet.check.Finding;
import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Location;
import dev.parapet.model.Workload;
import dev.parapet.pss.Level;
import dev.parapet.pss.NamespacePolicy;
import dev.parapet.rbac.Escalations;
import dev.parapet.rbac.Grant;
import dev.parapet.rbac.Identity;
import dev.parapet.rbac.PolicyRule;
import dev.parapet.rbac.RbacChecks;
import dev.parapet.rbac.RbacIndex;
import dev.parapet.rbac.ResourceRequest;
import dev.parapet.rbac.Subject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The RBAC techniques of the attack graph: what each user, group and service account can become,
 * and which pods, nodes and crown jewels its permissions reach.
 *
 * <p>The identity-to-identity edges are the RBAC engine's escalation steps ({@link Escalations}),
 * one edge per step, labelled with the engine's technique: pod creation or patching, exec,
 * nodes/proxy, token minting, listing and forging, impersonation, role binding, CSR approval and
 * cluster-admin grants. This builder adds what only the graph knows: the pods an exec or patch
 * lands in, the node a privileged pod lands on (when the namespace's Pod Security admission lets a
 * privileged pod in), the Secrets of kube-system, webhook configurations that see or change every
 * object, and the service account a workload's pods act as ({@code IDENTITY_ASSUME}).
 *
 * <p>Every edge carries the grants that allow it (subject of the binding and rule, file:line) and
 * the RBAC checks that report one of those grants at the same place.
 */
final class RbacTechniques implements GraphBuilder {
  static final String IDENTITY_ASSUME = "IDENTITY_ASSUME";
  static final String WEBHOOK_TAMPER = "WEBHOOK_TAMPER";

  private static final List<String[]> POD_MAKERS =
      List.of(
          new String[] {"", "pods"},
          new String[] {"", "replicationcontrollers"},
          new String[] {"apps", "deployments"},
          new String[] {"apps", "replicasets"},
          new String[] {"apps", "statefulsets"},
          new String[] {"apps", "daemonsets"},
          new String[] {"batch", "jobs"},
          new String[] {"batch", "cronjobs"});

  /** The checks whose finding on a grant of the technique means fixing it removes the edge. */
  private static final Map<String, List<String>> FIXED_BY =
      Map.ofEntries(
          Map.entry("CLUSTER_ADMIN_GRANT", List.of("RBAC-001", "RBAC-002", "RBAC-003")),
          Map.entry("ROLE_BIND", List.of("RBAC-006")),
          Map.entry("IDENTITY_IMPERSONATE", List.of("RBAC-006")),
          Map.entry("CSR_APPROVE", List.of("RBAC-011")),
          Map.entry("POD_CREATE", List.of("RBAC-007")),
          Map.entry("POD_PATCH", List.of("RBAC-007")),
          Map.entry("POD_EXEC", List.of("RBAC-008")),
          Map.entry("NODE_PROXY", List.of("RBAC-009")),
          Map.entry("TOKEN_MINT", List.of("RBAC-009")),
          Map.entry("TOKEN_LIST", List.of("RBAC-005")),
          Map.entry("TOKEN_BRUTEFORCE", List.of("RBAC-005")),
          Map.entry("TOKEN_FORGE", List.of("RBAC-005")),
          Map.entry(WEBHOOK_TAMPER, List.of("RBAC-012")));

  /**
   * Checks that apply to any technique: those pointing at a binding's subject (removing it removes
   * every edge it gives) and those of roles allowing everything (the other rule checks leave such
   * rules to them).
   */
  private static final List<String> SUBJECT_CHECKS =
      List.of("RBAC-001", "RBAC-002", "RBAC-004", "RBAC-016", "RBAC-021");

  @Override
  public void build(Inventory inventory, AttackGraph.Builder g) {
    Escalations esc = Escalations.of(inventory);
    RbacIndex index = RbacIndex.of(inventory);
    Map<Location, Set<String>> findings = findings(inventory);
    Map<String, K8sObject> accounts = new HashMap<>();
    for (K8sObject sa : inventory.ofKind("ServiceAccount")) {
      accounts.putIfAbsent(Ids.serviceAccount(sa.effectiveNamespace(), sa.name()), sa);
    }
    for (Subject s : esc.principals()) {
      if (!s.equals(Escalations.CLUSTER_ADMIN)) {
        identity(g, s, accounts);
      }
    }
    Map<String, List<Vertex>> pods = pods(inventory, g, accounts);
    // an identity holding cluster-admin keeps only its edges to crown jewels and nodes: that it
    // can also become every account or exec into every pod adds nothing but noise
    Set<String> admins = new TreeSet<>();
    for (Escalations.Step step : esc.allSteps()) {
      if (step.technique() == Escalations.Technique.CLUSTER_ADMIN_GRANT) {
        admins.add(idOf(step.from()));
      }
    }
    Edges edges = new Edges(g, findings, admins);
    for (Escalations.Step step : esc.allSteps()) {
      Subject to = step.to();
      edges.add(
          idOf(step.from()),
          to.equals(Escalations.CLUSTER_ADMIN) ? Ids.CLUSTER_ADMIN : idOf(to),
          step.technique().name(),
          step.detail(),
          step.grants());
    }
    Map<String, Level> enforced = enforcedLevels(inventory);
    Set<String> namespaces = new TreeSet<>(enforced.keySet());
    namespaces.addAll(pods.keySet());
    namespaces.add("default");
    namespaces.add("kube-system");
    // most rules (reads of config maps, services) reach nothing here: decide that once per rule
    Map<PolicyRule, Boolean> relevant = new IdentityHashMap<>();
    for (Subject s : esc.principals()) {
      if (s.equals(Escalations.CLUSTER_ADMIN)) {
        continue;
      }
      List<Grant> grants = new ArrayList<>();
      for (Grant grant : index.allGrants(Escalations.identityOf(s))) {
        if (relevant.computeIfAbsent(grant.rule(), RbacTechniques::reaches)) {
          grants.add(grant);
        }
      }
      if (!grants.isEmpty()) {
        new Reach(idOf(s), grants, edges, pods, enforced, namespaces).compute(g);
      }
    }
  }

  private static final Set<String> REACHED =
      Set.of(
          "pods",
          "pods/exec",
          "pods/attach",
          "pods/ephemeralcontainers",
          "nodes/proxy",
          "secrets",
          "mutatingwebhookconfigurations",
          "validatingwebhookconfigurations",
          "replicationcontrollers",
          "deployments",
          "replicasets",
          "statefulsets",
          "daemonsets",
          "jobs",
          "cronjobs");

  /** False when the rule names none of the resources {@link Reach} asks about: a shortcut only. */
  private static boolean reaches(PolicyRule r) {
    for (String res : r.resources()) {
      if (res.equals(PolicyRule.ALL) || res.startsWith("*/") || REACHED.contains(res)) {
        return true;
      }
    }
    return false;
  }

  /** What one identity's own grants reach beyond other identities. */
  private record Reach(
      String from,
      List<Grant> grants,
      Edges edges,
      Map<String, List<Vertex>> pods,
      Map<String, Level> enforced,
      Set<String> namespaces) {

    void compute(AttackGraph.Builder g) {
      privilegedPod(g);
      kubelet(g);
      intoPods();
      secrets();
      webhooks();
    }

    /** Create a pod (or a controller of pods) that is privileged and mounts the host: node root. */
    private void privilegedPod(AttackGraph.Builder g) {
      for (String[] maker : POD_MAKERS) {
        Map<String, Grant> where = where(request("create", maker[0], maker[1], ""));
        for (String ns : spread(where)) {
          Level level = enforced.getOrDefault(ns, Level.PRIVILEGED);
          if (level != Level.PRIVILEGED) {
            continue;
          }
          g.vertex(new Vertex(Ids.ANY_NODE, VertexType.NODE, "any node", "", Optional.empty()));
          Grant grant = where.getOrDefault(ns, where.get(""));
          edges.add(
              from,
              Ids.ANY_NODE,
              "POD_CREATE",
              "create "
                  + maker[1]
                  + " in namespace "
                  + ns
                  + ", which enforces no Pod Security level, with a privileged container that"
                  + " mounts the host's root: root on the node it lands on",
              List.of(grant));
          return;
        }
      }
    }

    /**
     * nodes/proxy cluster-wide is the kubelet API of every node: it runs commands in any container
     * there, the privileged ones of the node's agents (CNI, kube-proxy, log shippers) included.
     */
    private void kubelet(AttackGraph.Builder g) {
      Grant proxy = where(request("create", "", "nodes", "proxy")).get("");
      if (proxy == null) {
        proxy = where(request("get", "", "nodes", "proxy")).get("");
      }
      if (proxy != null) {
        g.vertex(new Vertex(Ids.ANY_NODE, VertexType.NODE, "any node", "", Optional.empty()));
        edges.add(
            from,
            Ids.ANY_NODE,
            "NODE_PROXY",
            "nodes/proxy reaches the kubelet API of every node, which runs commands in any of"
                + " its containers, privileged node agents included",
            List.of(proxy));
      }
    }

    /** Exec, attach or a debug container: the pods of the namespace; patch: change their image. */
    private void intoPods() {
      Map<String, Grant> exec = where(request("create", "", "pods", "exec"));
      where(request("get", "", "pods", "exec")).forEach(exec::putIfAbsent);
      where(request("create", "", "pods", "attach")).forEach(exec::putIfAbsent);
      where(request("patch", "", "pods", "ephemeralcontainers")).forEach(exec::putIfAbsent);
      where(request("update", "", "pods", "ephemeralcontainers")).forEach(exec::putIfAbsent);
      Map<String, Grant> patch = where(request("patch", "", "pods", ""));
      where(request("update", "", "pods", "")).forEach(patch::putIfAbsent);
      link(exec, "POD_EXEC", "run commands in ");
      link(patch, "POD_PATCH", "replace the image of ");
    }

    private void link(Map<String, Grant> where, String technique, String what) {
      if (where.isEmpty()) {
        return;
      }
      Set<String> nss = where.containsKey("") ? pods.keySet() : where.keySet();
      for (String ns : nss) {
        Grant grant = where.getOrDefault(ns, where.get(""));
        for (Vertex pod : pods.getOrDefault(ns, List.of())) {
          edges.add(from, pod.id(), technique, what + pod.name(), List.of(grant));
        }
      }
    }

    /** List (or get any) Secret of kube-system: the crown jewel of Secrets. */
    private void secrets() {
      Grant list = inKubeSystem(request("list", "", "secrets", ""));
      if (list == null) {
        list = inKubeSystem(request("watch", "", "secrets", ""));
      }
      if (list != null) {
        edges.add(
            from,
            Ids.KUBE_SYSTEM_SECRETS,
            "TOKEN_LIST",
            "list the Secrets of kube-system",
            List.of(list));
        return;
      }
      Grant get = inKubeSystem(request("get", "", "secrets", ""));
      if (get != null) {
        edges.add(
            from,
            Ids.KUBE_SYSTEM_SECRETS,
            "TOKEN_BRUTEFORCE",
            "get any Secret of kube-system by its name (names of token Secrets are guessable)",
            List.of(get));
      }
    }

    private Grant inKubeSystem(ResourceRequest r) {
      Map<String, Grant> where = where(r);
      return where.getOrDefault("kube-system", where.get(""));
    }

    /**
     * Mutating webhooks change every object admitted (a pod template's service account or image,
     * for one): cluster-admin. Validating webhooks receive every object written, Secrets included.
     */
    private void webhooks() {
      Grant mutating = clusterWrite("mutatingwebhookconfigurations");
      if (mutating != null) {
        edges.add(
            from,
            Ids.CLUSTER_ADMIN,
            WEBHOOK_TAMPER,
            "write MutatingWebhookConfigurations: a webhook of its own rewrites every object the"
                + " API server admits (pods of kube-system controllers included)",
            List.of(mutating));
      }
      Grant validating = clusterWrite("validatingwebhookconfigurations");
      if (validating != null) {
        edges.add(
            from,
            Ids.KUBE_SYSTEM_SECRETS,
            WEBHOOK_TAMPER,
            "write ValidatingWebhookConfigurations: a webhook of its own receives every Secret"
                + " written, kube-system's included",
            List.of(validating));
      }
    }

    private Grant clusterWrite(String resource) {
      for (String verb : List.of("create", "update", "patch")) {
        Grant grant = where(request(verb, "admissionregistration.k8s.io", resource, "")).get("");
        if (grant != null) {
          return grant;
        }
      }
      return null;
    }

    /**
     * Where the identity's grants allow the request for any name: "" for everywhere (a
     * ClusterRoleBinding), else the RoleBinding's namespace; the first grant for each.
     */
    private Map<String, Grant> where(ResourceRequest r) {
      Map<String, Grant> out = new TreeMap<>();
      for (Grant grant : grants) {
        if (grant.rule().allows(r)) {
          out.putIfAbsent(grant.scope(), grant);
        }
      }
      return out;
    }

    /** The namespaces a {@link #where} answer covers, in order. */
    private Set<String> spread(Map<String, Grant> where) {
      if (where.containsKey("")) {
        return namespaces;
      }
      return where.keySet();
    }

    private static ResourceRequest request(String verb, String group, String resource, String sub) {
      return new ResourceRequest(verb, group, resource, sub, "", "");
    }
  }

  /** Adds edges with evidence and fixedBy from the grants. */
  private static final class Edges {
    private final AttackGraph.Builder g;
    private final Map<Location, Set<String>> findings;

    private final Set<String> admins;

    Edges(AttackGraph.Builder g, Map<Location, Set<String>> findings, Set<String> admins) {
      this.g = g;
      this.findings = findings;
      this.admins = admins;
    }

    void add(String from, String to, String technique, String detail, List<Grant> grants) {
      Optional<Vertex> target = g.get(to);
      if (!g.has(from) || target.isEmpty() || from.equals(to)) {
        return;
      }
      VertexType type = target.get().type();
      if (admins.contains(from)
          && ((type != VertexType.CROWN_JEWEL && type != VertexType.NODE)
              || (to.equals(Ids.CLUSTER_ADMIN) && !technique.equals("CLUSTER_ADMIN_GRANT")))) {
        return;
      }
      List<Location> evidence = new ArrayList<>();
      Set<String> fixedBy = new TreeSet<>();
      List<String> candidates = new ArrayList<>(FIXED_BY.getOrDefault(technique, List.of()));
      candidates.addAll(SUBJECT_CHECKS);
      StringBuilder why = new StringBuilder(detail);
      String sep = ": ";
      for (Grant grant : grants) {
        why.append(sep).append(describe(grant));
        sep = "; ";
        List<Location> at = new ArrayList<>();
        if (grant.subject().location() != null) {
          at.add(grant.subject().location());
        }
        at.add(grant.rule().location());
        at.add(grant.binding().roleRef().location());
        // a rule of an assumed default role is not in the input: the roleRef is
        List<Location> shown = grant.defaultRole() ? at : at.subList(0, at.size() - 1);
        for (Location l : shown) {
          if (!evidence.contains(l)) {
            evidence.add(l);
          }
        }
        for (Location l : at) {
          for (String id : findings.getOrDefault(l, Set.of())) {
            if (candidates.contains(id)) {
              fixedBy.add(id);
            }
          }
        }
      }
      g.edge(new Edge(from, to, technique, why.toString(), evidence, List.copyOf(fixedBy)));
    }

    private static String describe(Grant grant) {
      return grant.binding().object().kind()
          + " "
          + (grant.binding().isClusterRoleBinding() ? "" : grant.binding().namespace() + "/")
          + grant.binding().name()
          + " grants "
          + grant.role().kind()
          + " "
          + grant.role().name()
          + (grant.defaultRole() ? " [parapet default]" : "")
          + (grant.clusterWide() ? " cluster-wide" : " in " + grant.scope())
          + ", rule at "
          + grant.rule().location().display();
    }
  }

  /** The RBAC checks' findings by the location they point at. */
  private static Map<Location, Set<String>> findings(Inventory inventory) {
    Map<Location, Set<String>> out = new HashMap<>();
    Set<String> wanted = new TreeSet<>(SUBJECT_CHECKS);
    FIXED_BY.values().forEach(wanted::addAll);
    List<dev.parapet.check.Check> checks =
        RbacChecks.ALL.stream().filter(c -> wanted.contains(c.meta().id())).toList();
    for (Finding f : CheckRunner.run(checks, CheckContext.of(inventory)).findings()) {
      out.computeIfAbsent(f.location(), k -> new LinkedHashSet<>()).add(f.check().id());
    }
    return out;
  }

  /** The level each Namespace of the input enforces; privileged when it sets none. */
  private static Map<String, Level> enforcedLevels(Inventory inventory) {
    Map<String, Level> out = new TreeMap<>();
    for (K8sObject ns : inventory.ofKind("Namespace")) {
      out.put(
          ns.name(),
          NamespacePolicy.of(ns, NamespacePolicy.Mode.ENFORCE)
              .map(NamespacePolicy.ModePolicy::level)
              .orElse(Level.PRIVILEGED));
    }
    return out;
  }

  /**
   * The POD vertex of every workload (the same vertex the workloads builder adds, when it ran
   * first), by namespace.
   */
  private static Map<String, List<Vertex>> pods(
      Inventory inventory, AttackGraph.Builder g, Map<String, K8sObject> accounts) {
    Map<String, List<Vertex>> out = new TreeMap<>();
    for (Workload w : inventory.workloads()) {
      K8sObject o = w.object();
      String ns = o.effectiveNamespace();
      String podId = Ids.pod(o.kind(), ns, o.name());
      Vertex pod =
          g.vertex(
              new Vertex(
                  podId,
                  VertexType.POD,
                  o.kind() + " " + ns + "/" + o.name(),
                  ns,
                  Optional.of(o.location())));
      out.computeIfAbsent(ns, k -> new ArrayList<>()).add(pod);
      // the pods' and containers' own service accounts (IDENTITY_ASSUME) are the workloads
      // builder's edges: it ran first
    }
    return out;
  }

  static String idOf(Subject s) {
    return switch (s.kind()) {
      case USER -> Ids.user(s.name());
      case GROUP -> Ids.group(s.name());
      case SERVICE_ACCOUNT -> Ids.serviceAccount(s.namespace(), s.name());
      case UNKNOWN -> "identity:unknown:" + s.name();
    };
  }

  private static void identity(AttackGraph.Builder g, Subject s, Map<String, K8sObject> accounts) {
    String id = idOf(s);
    if (s.kind() == Subject.Kind.SERVICE_ACCOUNT) {
      K8sObject sa = accounts.get(id);
      g.vertex(
          new Vertex(
              id,
              VertexType.IDENTITY,
              Identity.SA_PREFIX + s.namespace() + ":" + s.name(),
              s.namespace(),
              sa == null ? Optional.empty() : Optional.of(sa.location())));
    } else {
      g.vertex(new Vertex(id, VertexType.IDENTITY, s.name(), "", Optional.empty()));
    }
  }
}
